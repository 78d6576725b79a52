// `npm run train -- --preset keras-mlp --epochs 5 --out model.json`: train one network on MNIST from the terminal,
// in this process, or with --db / --record as a run of the workbench, trained in a trainer process.
import { describeKernels } from '../../shared/nn/kernelSet'
import { modelToJson, saveModel } from '../../shared/nn/model'
import { modelMetaFor } from '../../shared/train/modelMeta'
import { train, type TrainData } from '../../shared/train/train'
import { databasePath } from '../main/services/paths'
import { openCliWorkbench } from './cliWorkbench'
import { runCommand } from './command'
import { checkOutPath, saveModelFile } from './modelOut'
import { ProgressConsole } from './progressConsole'
import { trainRecorded } from './recordedTrain'
import { describeData, describeRun, formatEvaluation, formatTestAccuracy, formatTestConfusion } from './report'
import { cancelOnSigint, EXIT, loadDataFor } from './session'
import { parseTrainArgs, TRAIN_USAGE, type TrainArgs } from './trainArgs'
import { enableRelaxedSimd } from '../trainer/relaxedSimd'

enableRelaxedSimd()

async function main(argv: string[]): Promise<number> {
  const command = parseTrainArgs(argv)
  if (command.kind === 'help') {
    process.stdout.write(`${TRAIN_USAGE}\n`)
    return EXIT.ok
  }
  const args = command.args
  if (args.out !== null) checkOutPath(args.out)
  if (!args.record) {
    const { data, output } = begin(args)
    return trainHere(args, data, output)
  }
  // opened first: a database another app holds is refused before any data is loaded
  const dbPath = databasePath(args.db ?? undefined)
  const workbench = openCliWorkbench(dbPath, 1)
  try {
    return await trainRecorded(args, workbench, dbPath, begin(args).output)
  } finally {
    await workbench.close()
  }
}

// The data is loaded here in both modes: the same first lines, and the same usage errors (a --binary class the
// data does not have) before anything is recorded.
function begin(args: TrainArgs): { data: TrainData; output: ProgressConsole } {
  const data = loadDataFor(args.config)
  const output = new ProgressConsole(args.quiet)
  output.line(describeRun(args.config, args.preset, data))
  output.line(describeData(args.config.dataset, data))
  output.line(`kernels: ${describeKernels()}`)
  return { data, output }
}

async function trainHere({ config, out }: TrainArgs, data: TrainData, output: ProgressConsole): Promise<number> {
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
  if (result.test) output.line(formatTestConfusion(result.test.confusion, config))
  const code =
    out === null
      ? EXIT.ok
      : await saveModelFile(
          out,
          () =>
            modelToJson(
              saveModel(result.network, modelMetaFor(config, data.train.numClasses, result.test?.accuracy ?? null)),
            ),
          (line) => output.line(line),
        )
  process.stdout.write(`${formatTestAccuracy(result.test?.accuracy ?? null)}\n`)
  return code
}

runCommand(main)
