// `npm run sweep -- spec.json`: a sweep from the terminal, on the same services and database as the app.
import type { RunSummary } from '../../shared/runs/run'
import type { SweepPreview, SweepSpec } from '../../shared/sweeps/spec'
import { WorkbenchError } from '../../shared/ipc/workbench'
import { expandSweep, SweepError } from '../../shared/sweeps/expand'
import { databasePath } from '../main/services/paths'
import { openCliWorkbench } from './cliWorkbench'
import { runCommand } from './command'
import { UsageError } from './flags'
import { RunWatcher } from './runWatcher'
import { cancelOnSigint, EXIT } from './session'
import { readSpecFile } from './specFile'
import { parseSweepArgs, SWEEP_USAGE, type SweepArgs } from './sweepArgs'
import { sweepDisplay } from './sweepDisplay'
import { bestRunLine, describeSweep, previewTable, problemLines, shownFields } from './sweepReport'

async function main(argv: string[]): Promise<number> {
  const command = parseSweepArgs(argv)
  if (command.kind === 'help') {
    process.stdout.write(`${SWEEP_USAGE}\n`)
    return EXIT.ok
  }
  const { args } = command
  const spec = readSpecFile(args.file)
  const preview = previewOrExplain(spec, args.file)
  process.stdout.write(`${describeSweep(spec, args.file, preview)}\n`)
  if (args.dryRun) {
    process.stdout.write(`${previewTable(preview).join('\n')}\n`)
    return EXIT.ok
  }
  return runSweep(spec, preview, args)
}

// The same expansion (and the same sentences) launchSweep applies, before any database is opened.
function previewOrExplain(spec: SweepSpec, file: string): SweepPreview {
  try {
    return expandSweep(spec)
  } catch (error) {
    if (error instanceof SweepError) throw new UsageError(`${file}: ${error.message}`)
    throw error
  }
}

async function runSweep(spec: SweepSpec, preview: SweepPreview, args: SweepArgs): Promise<number> {
  const dbPath = databasePath(args.db ?? undefined)
  const workbench = openCliWorkbench(dbPath, args.concurrency)
  const watcher = new RunWatcher(workbench.events)
  const cancel = cancelOnSigint()
  try {
    const { sweepId, runIds } = await workbench.calls.launchSweep(spec).catch((error: unknown) => {
      // what only the workbench knows is wrong with the spec (a dataset it does not have) is still the spec's problem
      throw error instanceof WorkbenchError ? new UsageError(`${args.file}: ${error.message}`) : error
    })
    process.stdout.write(`recording sweep ${sweepId} in ${dbPath} · ${workbench.scheduler.concurrency} at a time\n`)

    const fields = shownFields(preview)
    const display = sweepDisplay(runIds, fields, watcher.runs)
    const ours = new Set(runIds)
    watcher.onRun((run, previous) => {
      if (ours.has(run.id)) display.update(run, previous)
    })
    const stop = (): void => {
      display.note('cancelling the sweep’s runs (Ctrl-C again to quit at once)')
      void workbench.calls.cancelRuns(runIds)
    }
    if (cancel.signal.aborted) stop()
    else cancel.signal.addEventListener('abort', stop)

    const runs = await watcher.whenEnded(runIds)
    display.finish(runs)
    return reportEnd(runs, fields, cancel.signal.aborted)
  } finally {
    cancel.dispose()
    watcher.dispose()
    await workbench.close()
  }
}

function reportEnd(runs: RunSummary[], fields: string[], cancelled: boolean): number {
  for (const line of problemLines(runs)) process.stderr.write(`${line}\n`)
  process.stdout.write(`${bestRunLine(runs, fields)}\n`)
  if (cancelled) {
    process.stderr.write('cancelled\n')
    return EXIT.cancelled
  }
  return runs.every((run) => run.status === 'finished' || run.status === 'pruned') ? EXIT.ok : EXIT.failed
}

runCommand(main)
