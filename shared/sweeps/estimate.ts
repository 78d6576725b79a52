import type { TrainConfig } from '../train/config'

/**
 * Floating-point operations per second one trainer sustains in its matrix products, and the fixed cost of every
 * step outside them (activations, loss, gathering the batch, bookkeeping): the two constants behind every estimate.
 * Fitted to `npm run bench` with the default (WebAssembly SIMD) kernels on the 2-core development machine: epoch A
 * (784-100-10, batch 10, 6,000 steps) 3.3 s and epoch B (784-128-10, batch 128, 469 steps) 1.1 s, where the GEMMs
 * alone run at 30–38 GFLOPS. Re-measure when the kernels change; with the plain-JS kernels runs take ~2–5× longer.
 */
export const FLOPS_PER_SECOND = 2e10
export const STEP_OVERHEAD_SECONDS = 3.7e-4

/** Starting a trainer process and reading the dataset, before the first step (measured ~1–2 s for MNIST). */
export const PROCESS_START_SECONDS = 1.5

/** Optimizer work per parameter per step (gradient zeroing, moments, update), in the same FLOP units. */
const UPDATE_FLOPS_PER_PARAM = { sgd: 4, momentum: 6, adam: 14 } as const

/** The dataset a run trains on; MNIST by default. */
export interface DataShape {
  features: number
  classes: number
  testCount: number
}

const MNIST_SHAPE: DataShape = { features: 784, classes: 10, testCount: 10_000 }

/**
 * A rough duration of a run in seconds, before it starts: the dense layers' forward and backward FLOPs over every
 * example the run sees, the optimizer's updates, and the validation and test passes, at FLOPS_PER_SECOND, plus
 * the trainer process's start.
 * `trainCount` is the number of training examples left after the validation split (50,000 for MNIST's default).
 */
export function estimateSeconds(config: TrainConfig, trainCount = 50_000, data: Partial<DataShape> = {}): number {
  const shape = { ...MNIST_SHAPE, ...data }
  const sizes = [shape.features, ...config.hidden, config.task === 'binary' ? 1 : shape.classes]
  const products = sizes.slice(1).map((units, i) => sizes[i] * units) // weights of each dense layer
  const parameters = products.reduce((sum, weights, i) => sum + weights + sizes[i + 1], 0)
  const forwardFlops = products.reduce((sum, weights) => sum + 2 * weights, 0)
  // backward: the weight gradient of every layer, and the input gradient of every layer but the first
  const backwardFlops = forwardFlops + (forwardFlops - 2 * (products[0] ?? 0))

  const examples = config.trainLimit > 0 ? Math.min(config.trainLimit, trainCount) : trainCount
  const batch = config.batchSize === 0 || config.batchSize >= examples ? examples : config.batchSize
  const stepsPerEpoch = Math.ceil(examples / batch)
  const steps = config.epochs > 0 ? config.epochs * stepsPerEpoch : config.iterations
  const examplesSeen = config.epochs > 0 ? config.epochs * examples : config.iterations * batch

  const updateKind = config.optimizer === 'adam' ? 'adam' : config.momentum > 0 ? 'momentum' : 'sgd'
  const trainingFlops =
    examplesSeen * (forwardFlops + backwardFlops) + steps * parameters * UPDATE_FLOPS_PER_PARAM[updateKind]

  const evaluations = config.epochs > 0 ? config.epochs : evaluationCount(config.iterations, config.evalEvery)
  const testExamples = config.testLimit > 0 ? Math.min(config.testLimit, shape.testCount) : shape.testCount
  const evaluationFlops = (evaluations * config.validationSize + testExamples) * forwardFlops

  return PROCESS_START_SECONDS + steps * STEP_OVERHEAD_SECONDS + (trainingFlops + evaluationFlops) / FLOPS_PER_SECOND
}

/** Validation passes of an iteration-mode run: every `evalEvery` steps (0: about twenty) and at the last step. */
function evaluationCount(iterations: number, evalEvery: number): number {
  const every = evalEvery || Math.max(1, Math.round(iterations / 20))
  return Math.floor(iterations / every) + (iterations % every === 0 ? 0 : 1)
}
