// `npm run runs`: the runs in the workbench database as a table (or JSON), read-only so the app can stay open.
import { databasePath } from '../main/services/paths'
import { openReadOnlyWorkbench } from '../main/services/readOnlyWorkbench'
import { runCommand } from './command'
import { parseRunsArgs, RUNS_USAGE } from './runsArgs'
import { runsTable } from './runsTable'
import { EXIT } from './session'

async function main(argv: string[]): Promise<number> {
  const command = parseRunsArgs(argv)
  if (command.kind === 'help') {
    process.stdout.write(`${RUNS_USAGE}\n`)
    return EXIT.ok
  }
  const { db, query, json } = command.args
  const workbench = openReadOnlyWorkbench(databasePath(db ?? undefined))
  try {
    const { runs, total } = await workbench.calls.listRuns(query)
    const text = json ? JSON.stringify({ total, runs }, null, 2) : runsTable(runs, total, Date.now()).join('\n')
    process.stdout.write(`${text}\n`)
    return EXIT.ok
  } finally {
    workbench.close()
  }
}

runCommand(main)
