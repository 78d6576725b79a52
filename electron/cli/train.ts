// `npm run train -- --preset keras-mlp --epochs 5 --out model.json`: train one network on MNIST from the terminal.
import { statSync } from 'node:fs'
import { dirname } from 'node:path'
import { modelToJson, saveModel } from '../../shared/nn/model'
import type { TrainConfig } from '../../shared/train/config'
import { modelMetaFor } from '../../shared/train/modelMeta'
import { train, type Progress } from '../../shared/train/train'
import { describeData, describeRun, formatEvaluation, formatProgress, formatTestAccuracy, formatTestConfusion } from './report'
import { cancelOnSigint, errorMessage, EXIT, loadDataFor } from './session'
import { parseTrainArgs, TRAIN_USAGE, UsageError, type TrainArgs } from './trainArgs'
import { writeFileAtomic } from './writeFileAtomic'

const REDRAW_EVERY_MS = 100

/** Lines on stdout, with a progress bar redrawn in place below them when stdout is a terminal. */
class Console {
  private barShown = false
  private lastDraw = 0

  constructor(private readonly quiet: boolean) {}

  line(text: string): void {
    if (this.quiet) return
    this.clearBar()
    process.stdout.write(`${text}\n`)
  }

  progress(p: Progress, config: TrainConfig): void {
    if (this.quiet || !process.stdout.isTTY) return
    const now = performance.now()
    if (now - this.lastDraw < REDRAW_EVERY_MS) return
    this.lastDraw = now
    process.stdout.write(`\r${formatProgress(p, config, (process.stdout.columns || 80) - 1)}\x1b[K`)
    this.barShown = true
  }

  clearBar(): void {
    if (this.barShown) process.stdout.write('\r\x1b[K')
    this.barShown = false
  }
}

async function main(argv: string[]): Promise<number> {
  try {
    const command = parseTrainArgs(argv)
    if (command.kind === 'help') {
      process.stdout.write(`${TRAIN_USAGE}\n`)
      return EXIT.ok
    }
    return await run(command.args)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    process.stderr.write(`${error.message}\n`)
    return EXIT.usage
  }
}

async function run({ config, preset, out, quiet }: TrainArgs): Promise<number> {
  if (out !== null) checkOutPath(out)
  const data = loadDataFor(config)
  const output = new Console(quiet)
  output.line(describeRun(config, preset, data))
  output.line(describeData(config.dataset, data))

  const cancel = cancelOnSigint()
  const result = await train(config, data, {
    signal: cancel.signal,
    onEvaluation: (report) => output.line(formatEvaluation(report, config)),
    onProgress: (progress) => output.progress(progress, config),
  }).finally(() => {
    cancel.dispose()
    output.clearBar()
  })

  if (result.status === 'cancelled') {
    process.stderr.write('cancelled\n')
    return EXIT.cancelled
  }
  if (result.status === 'diverged') {
    process.stderr.write(`${result.message}\n`)
    return EXIT.failed
  }
  if (result.test) output.line(formatTestConfusion(result.test, config))
  let code: number = EXIT.ok
  if (out !== null) {
    try {
      const meta = modelMetaFor(config, data.train.numClasses, result.test?.accuracy ?? null)
      writeFileAtomic(out, modelToJson(saveModel(result.network, meta)))
      output.line(`model saved to ${out}`)
    } catch (error) {
      process.stderr.write(`--out: cannot write the model to ${out}: ${errorMessage(error)}\n`)
      code = EXIT.failed
    }
  }
  process.stdout.write(`${formatTestAccuracy(result.test)}\n`)
  return code
}

// Fail before a long run, not after it: the folder must exist and the path must not be a folder.
function checkOutPath(out: string): void {
  const folder = dirname(out)
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`--out: folder "${folder}" does not exist`)
  if (statSync(out, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`--out: "${out}" is a folder, expected a file path`)
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
