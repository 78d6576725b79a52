// `npm run export`: runs out of the workbench database as CSV or JSON, the same text as the app's Export.
import { WorkbenchError } from '../../shared/ipc/workbench'
import { databasePath } from '../main/services/paths'
import { openReadOnlyWorkbench, type ReadCalls } from '../main/services/readOnlyWorkbench'
import { runCommand } from './command'
import { EXPORT_USAGE, parseExportArgs, type Selection } from './exportArgs'
import { checkOutPath } from './modelOut'
import { EXIT } from './session'
import { writeFileAtomic } from './writeFileAtomic'

async function main(argv: string[]): Promise<number> {
  const command = parseExportArgs(argv)
  if (command.kind === 'help') {
    process.stdout.write(`${EXPORT_USAGE}\n`)
    return EXIT.ok
  }
  const { db, selection, format, out } = command.args
  if (out !== null) checkOutPath(out)
  const workbench = openReadOnlyWorkbench(databasePath(db ?? undefined))
  try {
    const runIds = await selectedRunIds(workbench.calls, selection)
    const { content } = await workbench.calls.exportRuns({ runIds, format })
    if (out === null) {
      process.stdout.write(content)
    } else {
      writeFileAtomic(out, content)
      process.stdout.write(`exported ${runIds.length} run${runIds.length === 1 ? '' : 's'} as ${format} to ${out}\n`)
    }
    return EXIT.ok
  } finally {
    workbench.close()
  }
}

/** The runs to export, oldest first. */
async function selectedRunIds(calls: ReadCalls, selection: Selection): Promise<number[]> {
  if (selection.kind === 'runs') return selection.runIds
  if (selection.kind === 'sweep' && !(await calls.listSweeps()).some((sweep) => sweep.id === selection.sweepId)) {
    throw new WorkbenchError(`sweep ${selection.sweepId} does not exist`)
  }
  const sweepId = selection.kind === 'sweep' ? selection.sweepId : undefined
  const { runs } = await calls.listRuns({ sweepId, sortBy: 'createdAt', sortDir: 'asc' })
  return runs.map((run) => run.id)
}

runCommand(main)
