// `npm run reproduce`: train the reference presets on full MNIST and compare with the published results.
// Progress goes to stderr, so stdout holds only the two Markdown tables.
import { formatDuration } from '../../shared/format'
import { train } from '../../shared/train/train'
import { describeRun, formatEvaluation, formatResults, formatVerdicts, percent, runLength } from './report'
import { parseReproduceArgs, REPRODUCE_USAGE, verdicts, type PlannedRun, type RunResult } from './reproducePlan'
import { cancelOnSigint, errorMessage, EXIT, loadDataFor } from './session'
import { UsageError } from './flags'
import { enableRelaxedSimd } from '../trainer/relaxedSimd'

enableRelaxedSimd()

async function main(argv: string[]): Promise<number> {
  let runs: PlannedRun[]
  try {
    const command = parseReproduceArgs(argv)
    if (command.kind === 'help') {
      process.stdout.write(`${REPRODUCE_USAGE}\n`)
      return EXIT.ok
    }
    runs = command.runs
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    process.stderr.write(`${error.message}\n`)
    return EXIT.usage
  }

  const results: RunResult[] = []
  const cancel = cancelOnSigint()
  try {
    for (const [i, run] of runs.entries()) {
      const tag = `[${i + 1}/${runs.length} ${run.preset.name} seed ${run.seed}]`
      const log = (line: string): boolean => process.stderr.write(`${tag} ${line}\n`)
      const data = loadDataFor(run.config)
      log(describeRun(run.config, run.preset.name, data))
      const result = await train(run.config, data, {
        signal: cancel.signal,
        onEvaluation: (report) => log(formatEvaluation(report, run.config)),
      })
      result.network.dispose() // runs follow one another in this process: free the wasm memory now
      if (result.status === 'cancelled') {
        if (results.length > 0) process.stdout.write(`${formatResults(results)}\n`)
        process.stderr.write('cancelled\n')
        return EXIT.cancelled
      }
      const last = result.history[result.history.length - 1]
      results.push({
        preset: run.preset.name,
        seed: run.seed,
        length: runLength(run.config),
        testAccuracy: result.status === 'finished' ? (result.test?.accuracy ?? null) : null,
        trainAccuracy: result.status === 'finished' && last ? last.trainAccuracy : null,
        published: run.preset.published,
        seconds: result.seconds,
      })
      log(
        result.status === 'finished' && result.test
          ? `test accuracy ${percent(result.test.accuracy)} in ${formatDuration(result.seconds)}`
          : result.message,
      )
    }
  } finally {
    cancel.dispose()
  }

  const judged = verdicts(results)
  process.stdout.write(`${formatResults(results)}\n\n${formatVerdicts(judged)}\n`)
  return judged.every((v) => v.pass) ? EXIT.ok : EXIT.failed
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`error: ${errorMessage(error)}\n`)
    process.exitCode = EXIT.failed
  },
)
