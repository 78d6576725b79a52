// `npm run train -- --db PATH` (or --record): the run is recorded in the workbench database and trained in a
// trainer process, exactly as the app would; the terminal shows the lines an in-process run prints, rebuilt from
// the workbench's events and the stored run.
import type { RunSummary } from '../../shared/runs/run'
import type { WorkbenchCalls } from '../../shared/ipc/workbench'
import type { Workbench } from '../main/services/workbench'
import { saveModelFile } from './modelOut'
import type { ProgressConsole } from './progressConsole'
import { evaluationsIn, formatEvaluation, formatTestAccuracy, formatTestConfusion, progressOf } from './report'
import { RunWatcher } from './runWatcher'
import { cancelOnSigint, EXIT } from './session'
import type { TrainArgs } from './trainArgs'

export async function trainRecorded(
  args: TrainArgs,
  workbench: Workbench,
  dbPath: string,
  output: ProgressConsole,
): Promise<number> {
  const { config, preset } = args
  const watcher = new RunWatcher(workbench.events)
  const cancel = cancelOnSigint()
  try {
    const { runId } = await workbench.calls.launchRun({ ...config, ...(preset === null ? {} : { preset }) })
    output.line(`recording run ${runId} in ${dbPath}`)
    const stop = (): void => void workbench.calls.cancelRuns([runId])
    if (cancel.signal.aborted) stop()
    else cancel.signal.addEventListener('abort', stop)

    watcher.onMetrics((id, points) => {
      if (id !== runId) return
      for (const evaluation of evaluationsIn(points, watcher.runs.get(runId)?.startedAt ?? null))
        output.line(formatEvaluation(evaluation, config))
    })
    watcher.onRun((run) => {
      if (run.id === runId && run.status === 'running') output.progress(progressOf(run, Date.now()), config)
    })
    const [run] = await watcher.whenEnded([runId])
    output.clearBar()
    return await reportEnd(workbench.calls, run, args, output)
  } finally {
    cancel.dispose()
    watcher.dispose()
    output.clearBar()
  }
}

async function reportEnd(
  calls: WorkbenchCalls,
  run: RunSummary,
  { config, out }: TrainArgs,
  output: ProgressConsole,
): Promise<number> {
  if (run.status === 'cancelled') {
    process.stderr.write('cancelled\n')
    return EXIT.cancelled
  }
  if (run.status !== 'finished') {
    process.stderr.write(`${run.error ?? `run ${run.id} ended ${run.status}`}\n`)
    return EXIT.failed
  }
  const test = (await calls.confusion(run.id)).filter((record) => record.split === 'test').at(-1)
  if (test) output.line(formatTestConfusion(test, config))
  const code =
    out === null
      ? EXIT.ok
      : await saveModelFile(
          out,
          async () => (await calls.model(run.id)).json,
          (line) => output.line(line),
        )
  process.stdout.write(`${formatTestAccuracy(run.testAccuracy)}\n`)
  return code
}
