import type { Dataset } from '../data/dataset'
import { Network } from '../nn/network'
import { createOptimizer } from '../nn/optim'
import { learningRateAt } from '../nn/optim/schedule'
import { Rng } from '../nn/rng'
import { BatchSource, targetClasses, type TargetEncoder } from './batches'
import { modelSpecFor, optimizerSpecFor, scheduleFor, type TrainConfig } from './config'
import { evaluate, type Evaluation } from './evaluate'
import { predictedClass } from './metrics'

export interface TrainData {
  train: Dataset
  validation: Dataset | null
  test: Dataset | null
}

export interface StepReport {
  step: number
  epoch: number
  loss: number
  lr: number
}

/** One evaluation point: at the end of each epoch, or every `evalEvery` steps in iteration mode. */
export interface EvaluationReport {
  step: number
  epoch: number
  trainLoss: number
  trainAccuracy: number
  validation: Evaluation | null
  seconds: number
}

export interface Progress {
  step: number
  totalSteps: number
  epoch: number
  totalEpochs: number
  fraction: number
  elapsedSeconds: number
  etaSeconds: number
}

export interface TrainHooks {
  onStep?(report: StepReport): void
  onEvaluation?(report: EvaluationReport): void
  onProgress?(progress: Progress): void
  signal?: AbortSignal
}

export type RunOutcome = 'finished' | 'diverged' | 'cancelled'

export interface TrainResult {
  status: RunOutcome
  message: string
  steps: number
  seconds: number
  network: Network
  history: EvaluationReport[]
  test: Evaluation | null
}

const YIELD_EVERY_MS = 50

/**
 * Trains a network as the config says. Deterministic for a given config and seed: initialisation, shuffling and
 * dropout each draw from their own seeded stream. Yields to the event loop now and then so a cancel can arrive.
 */
export async function train(config: TrainConfig, data: TrainData, hooks: TrainHooks = {}): Promise<TrainResult> {
  const started = performance.now()
  const elapsed = (): number => (performance.now() - started) / 1000
  const numClasses = data.train.numClasses
  const classes = targetClasses(config.task, numClasses)
  const encode: TargetEncoder =
    config.task === 'binary' ? (label) => (label === config.positiveClass ? 1 : 0) : (label) => label

  const network = new Network(
    modelSpecFor(config, data.train.features, numClasses),
    Rng.forPurpose(config.seed, 'dropout'),
  )
  network.initialize(config.init, Rng.forPurpose(config.seed, 'init'))
  const optimizer = createOptimizer(optimizerSpecFor(config), network.params())
  const schedule = scheduleFor(config)
  const batches = new BatchSource(
    data.train,
    config.batchSize,
    network.outputSize,
    encode,
    Rng.forPurpose(config.seed, 'shuffle'),
  )
  const stepsPerEpoch = batches.stepsPerEpoch
  const totalSteps = config.epochs > 0 ? config.epochs * stepsPerEpoch : config.iterations
  const evalEvery = config.epochs > 0 ? stepsPerEpoch : config.evalEvery || Math.max(1, Math.round(totalSteps / 20))
  const totalEpochs = totalSteps / stepsPerEpoch

  const history: EvaluationReport[] = []
  let lossSum = 0
  let correct = 0
  let seen = 0
  let lastYield = performance.now()
  const finish = (status: RunOutcome, message: string, steps: number): TrainResult => ({
    status,
    message,
    steps,
    seconds: elapsed(),
    network,
    history,
    test: null,
  })

  // the run's batches and optimizer state go back to the kernels' allocator however the run ends (the network stays)
  try {
    for (let step = 1; step <= totalSteps; step++) {
      if (hooks.signal?.aborted) return finish('cancelled', `cancelled at step ${step - 1} of ${totalSteps}`, step - 1)
      optimizer.lr = learningRateAt(schedule, config.lr, step - 1, totalSteps, stepsPerEpoch)
      const x = batches.next()
      const output = network.forward(x, true)
      const fused = optimizer.fusedSgd()
      const loss = network.backward(batches.targets, fused)
      if (!Number.isFinite(loss)) {
        return finish('diverged', `diverged at step ${step} (loss ${loss}): try a lower learning rate`, step)
      }
      if (!fused) optimizer.step()

      const epoch = step / stepsPerEpoch
      lossSum += loss * x.rows
      seen += x.rows
      for (let r = 0; r < x.rows; r++)
        if (predictedClass(output.data, r, output.cols) === batches.classOf(r)) correct += 1
      hooks.onStep?.({ step, epoch, loss, lr: optimizer.lr })

      if (step % evalEvery === 0 || step === totalSteps) {
        const validation =
          data.validation && data.validation.count > 0 ? evaluate(network, data.validation, classes, encode) : null
        const report = {
          step,
          epoch,
          trainLoss: lossSum / seen,
          trainAccuracy: correct / seen,
          validation,
          seconds: elapsed(),
        }
        history.push(report)
        hooks.onEvaluation?.(report)
        lossSum = 0
        correct = 0
        seen = 0
      }
      const seconds = elapsed()
      const fraction = step / totalSteps
      hooks.onProgress?.({
        step,
        totalSteps,
        epoch,
        totalEpochs,
        fraction,
        elapsedSeconds: seconds,
        etaSeconds: (seconds * (1 - fraction)) / fraction,
      })
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await yieldToEventLoop()
        lastYield = performance.now()
      }
    }

    const test = data.test && data.test.count > 0 ? evaluate(network, data.test, classes, encode) : null
    const summary = test ? `test accuracy ${(test.accuracy * 100).toFixed(2)}%` : 'no test set'
    return { ...finish('finished', `finished ${totalSteps} steps; ${summary}`, totalSteps), test }
  } finally {
    batches.dispose()
    optimizer.dispose()
  }
}

// setImmediate is Node-only (and not in the browser's types): look it up at run time, else fall back to setTimeout.
const setImmediateIfAny = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => (setImmediateIfAny ? setImmediateIfAny(resolve) : setTimeout(resolve, 0)))
}
