import type { Dataset } from '../data/dataset'
import { ACTIVATIONS, type ActivationName } from '../nn/activations'
import { INITIALIZERS, type InitializerName } from '../nn/initializers'
import type { LayerSpec } from '../nn/layers/layer'
import { LOSSES, type LossName } from '../nn/losses'
import type { ModelSpec } from '../nn/network'
import { OPTIMIZER_TYPES, type OptimizerSpec } from '../nn/optim'
import { SCHEDULE_TYPES, type Schedule } from '../nn/optim/schedule'

/**
 * Everything that defines a run, flat so a sweep can vary any field and the store can list it as parameters.
 * Exactly one of `epochs` and `iterations` is positive.
 */
export interface TrainConfig {
  dataset: string
  /** 'multiclass' predicts the digit; 'binary' asks "is it `positiveClass`?" with one sigmoid unit. */
  task: 'multiclass' | 'binary'
  positiveClass: number
  hidden: number[]
  activation: ActivationName
  outputActivation: ActivationName
  /** Dropout rate after the last hidden layer (0 = none), as in the TensorFlow tutorial. */
  dropout: number
  loss: LossName
  init: InitializerName
  optimizer: 'sgd' | 'adam'
  lr: number
  momentum: number
  nesterov: boolean
  weightDecay: number
  beta1: number
  beta2: number
  epsilon: number
  schedule: Schedule['type']
  stepEvery: number
  stepGamma: number
  minLr: number
  /** Examples per step; 0 means the whole training set (full-batch gradient descent). */
  batchSize: number
  epochs: number
  iterations: number
  /** In iteration mode, evaluate on validation every this many steps (0 = twenty times per run). */
  evalEvery: number
  seed: number
  /** Validation examples taken from the end of the training file. */
  validationSize: number
  /** Use only the first N training examples (0 = all), for quick runs and tests. */
  trainLimit: number
  /** Use only the first N test examples (0 = all). */
  testLimit: number
}

export const DEFAULT_CONFIG: TrainConfig = {
  dataset: 'mnist',
  task: 'multiclass',
  positiveClass: 3,
  hidden: [128],
  activation: 'relu',
  outputActivation: 'softmax',
  dropout: 0,
  loss: 'softmax-cross-entropy',
  init: 'glorot-uniform',
  optimizer: 'sgd',
  lr: 0.01,
  momentum: 0,
  nesterov: false,
  weightDecay: 0,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  schedule: 'constant',
  stepEvery: 10,
  stepGamma: 0.1,
  minLr: 0,
  batchSize: 128,
  epochs: 5,
  iterations: 0,
  evalEvery: 0,
  seed: 1,
  validationSize: 10000,
  trainLimit: 0,
  testLimit: 0,
}

export const LIMITS = {
  maxUnits: 8192,
  maxHiddenLayers: 16,
  maxLr: 100,
  maxEpochs: 100000,
  maxIterations: 100_000_000,
  maxBatch: 1_000_000,
}

/** One thing wrong with a config, and the fields it is about (usually one), so a form can show it beside them. */
export interface ConfigProblem {
  fields: (keyof TrainConfig)[]
  message: string
}

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map((p) => p.message).join('; '))
    this.name = 'ConfigError'
  }
}

/**
 * Merges overrides onto the defaults and checks every field; throws a ConfigError listing each problem in words.
 * An override that is undefined keeps the default, as an absent one does.
 */
export function resolveConfig(overrides: Partial<TrainConfig>): TrainConfig {
  const given = Object.fromEntries(
    Object.entries(overrides).filter(([, value]) => value !== undefined),
  ) as Partial<TrainConfig>
  // copy the list so the caller's array is not shared; anything that is not a list is left for the check to report
  const hidden = given.hidden ?? DEFAULT_CONFIG.hidden
  const config: TrainConfig = { ...DEFAULT_CONFIG, ...given, hidden: Array.isArray(hidden) ? [...hidden] : hidden }
  const problems = configProblems(config)
  if (problems.length > 0) throw new ConfigError(problems)
  return config
}

export function configProblems(c: TrainConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = []
  const check = (ok: boolean, fields: (keyof TrainConfig)[], message: string): void => {
    if (!ok) problems.push({ fields, message })
  }
  const isInt = (v: unknown, min: number, max: number): boolean =>
    Number.isInteger(v) && (v as number) >= min && (v as number) <= max
  const inRange = (v: unknown, min: number, max: number, openMin = false): boolean =>
    typeof v === 'number' && Number.isFinite(v) && (openMin ? v > min : v >= min) && v <= max
  const show = (v: unknown): string =>
    typeof v === 'string' ? `"${v}"` : Array.isArray(v) ? `[${v.join(', ')}]` : String(v)

  check(typeof c.dataset === 'string' && c.dataset.length > 0, ['dataset'], 'dataset must be named')
  check(
    c.task === 'multiclass' || c.task === 'binary',
    ['task'],
    `task must be multiclass or binary, got ${show(c.task)}`,
  )
  check(
    isInt(c.positiveClass, 0, 255),
    ['positiveClass'],
    `positive class must be a whole number 0–255, got ${show(c.positiveClass)}`,
  )
  check(
    Array.isArray(c.hidden) && c.hidden.length <= LIMITS.maxHiddenLayers,
    ['hidden'],
    `hidden layers must be a list of at most ${LIMITS.maxHiddenLayers} sizes`,
  )
  if (Array.isArray(c.hidden)) {
    c.hidden.forEach((units, i) =>
      check(
        isInt(units, 1, LIMITS.maxUnits),
        ['hidden'],
        `hidden layer ${i + 1} must have 1–${LIMITS.maxUnits} units, got ${show(units)}`,
      ),
    )
  }
  check(
    ACTIVATIONS.includes(c.activation),
    ['activation'],
    `activation must be one of ${ACTIVATIONS.join(', ')}, got ${show(c.activation)}`,
  )
  check(
    ACTIVATIONS.includes(c.outputActivation),
    ['outputActivation'],
    `output activation must be one of ${ACTIVATIONS.join(', ')}, got ${show(c.outputActivation)}`,
  )
  check(inRange(c.dropout, 0, 0.95), ['dropout'], `dropout must be a rate from 0 to 0.95, got ${show(c.dropout)}`)
  check(
    !(c.dropout > 0 && Array.isArray(c.hidden) && c.hidden.length === 0),
    ['dropout'],
    'dropout needs at least one hidden layer',
  )
  check(LOSSES.includes(c.loss), ['loss'], `loss must be one of ${LOSSES.join(', ')}, got ${show(c.loss)}`)
  check(INITIALIZERS.includes(c.init), ['init'], `init must be one of ${INITIALIZERS.join(', ')}, got ${show(c.init)}`)
  check(
    OPTIMIZER_TYPES.includes(c.optimizer),
    ['optimizer'],
    `optimizer must be one of ${OPTIMIZER_TYPES.join(', ')}, got ${show(c.optimizer)}`,
  )
  check(
    inRange(c.lr, 0, LIMITS.maxLr, true),
    ['lr'],
    `learning rate must be a number above 0 and at most ${LIMITS.maxLr}, got ${show(c.lr)}`,
  )
  check(inRange(c.momentum, 0, 0.999), ['momentum'], `momentum must be from 0 to 0.999, got ${show(c.momentum)}`)
  check(typeof c.nesterov === 'boolean', ['nesterov'], `nesterov must be true or false, got ${show(c.nesterov)}`)
  check(!(c.nesterov && !(c.momentum > 0)), ['nesterov'], 'nesterov needs a momentum above 0')
  check(inRange(c.weightDecay, 0, 1), ['weightDecay'], `weight decay must be from 0 to 1, got ${show(c.weightDecay)}`)
  check(
    inRange(c.beta1, 0, 0.9999) && inRange(c.beta2, 0, 0.99999),
    ['beta1', 'beta2'],
    `adam betas must be from 0 to below 1, got ${show(c.beta1)} and ${show(c.beta2)}`,
  )
  check(inRange(c.epsilon, 0, 1, true), ['epsilon'], `epsilon must be above 0 and at most 1, got ${show(c.epsilon)}`)
  check(
    SCHEDULE_TYPES.includes(c.schedule),
    ['schedule'],
    `schedule must be one of ${SCHEDULE_TYPES.join(', ')}, got ${show(c.schedule)}`,
  )
  check(
    inRange(c.stepEvery, 0, LIMITS.maxEpochs, true),
    ['stepEvery'],
    `step schedule interval must be a positive number of epochs, got ${show(c.stepEvery)}`,
  )
  check(
    inRange(c.stepGamma, 0, 1, true),
    ['stepGamma'],
    `step schedule factor must be above 0 and at most 1, got ${show(c.stepGamma)}`,
  )
  check(
    inRange(c.minLr, 0, LIMITS.maxLr),
    ['minLr'],
    `minimum learning rate must be from 0 to ${LIMITS.maxLr}, got ${show(c.minLr)}`,
  )
  check(
    isInt(c.batchSize, 0, LIMITS.maxBatch),
    ['batchSize'],
    `batch size must be a whole number of examples (0 for the full batch), got ${show(c.batchSize)}`,
  )
  check(
    isInt(c.epochs, 0, LIMITS.maxEpochs),
    ['epochs'],
    `epochs must be a whole number from 0 to ${LIMITS.maxEpochs}, got ${show(c.epochs)}`,
  )
  check(
    isInt(c.iterations, 0, LIMITS.maxIterations),
    ['iterations'],
    `iterations must be a whole number from 0 to ${LIMITS.maxIterations}, got ${show(c.iterations)}`,
  )
  check(
    c.epochs > 0 !== c.iterations > 0,
    ['epochs', 'iterations'],
    `set exactly one of epochs and iterations, got epochs ${show(c.epochs)} and iterations ${show(c.iterations)}`,
  )
  check(
    isInt(c.evalEvery, 0, LIMITS.maxIterations),
    ['evalEvery'],
    `evaluation interval must be a whole number of steps, got ${show(c.evalEvery)}`,
  )
  check(
    isInt(c.seed, 0, 2 ** 32 - 1),
    ['seed'],
    `seed must be a whole number from 0 to 4294967295, got ${show(c.seed)}`,
  )
  check(
    isInt(c.validationSize, 0, 10_000_000),
    ['validationSize'],
    `validation size must be a whole number of examples, got ${show(c.validationSize)}`,
  )
  check(
    isInt(c.trainLimit, 0, 10_000_000) && isInt(c.testLimit, 0, 10_000_000),
    ['trainLimit', 'testLimit'],
    'train and test limits must be whole numbers (0 = all)',
  )
  problems.push(...lossProblems(c))
  return problems
}

// The pairs of output activation and loss that make sense, said in the words a user would search for.
function lossProblems(c: TrainConfig): ConfigProblem[] {
  if (c.loss === 'softmax-cross-entropy' && c.outputActivation !== 'softmax') {
    return [
      {
        fields: ['loss', 'outputActivation'],
        message: `softmax-cross-entropy needs a softmax output, got ${c.outputActivation}`,
      },
    ]
  }
  if (c.loss === 'binary-cross-entropy' && c.outputActivation !== 'sigmoid') {
    return [
      {
        fields: ['loss', 'outputActivation'],
        message: `binary-cross-entropy needs a sigmoid output, got ${c.outputActivation}`,
      },
    ]
  }
  if (c.task === 'binary' && c.outputActivation === 'softmax') {
    const message =
      'a binary task has one output unit, so softmax (which would always output 1) cannot be its output activation'
    return [{ fields: ['outputActivation'], message }]
  }
  return []
}

/** What a dataset needs to be asked about a config: the training file's size and its classes. */
export type DatasetShape = Pick<Dataset, 'name' | 'count' | 'numClasses'>

/** Problems of a valid config with one particular training file, which configProblems cannot see. */
export function dataProblems(c: TrainConfig, trainFile: DatasetShape): ConfigProblem[] {
  const problems: ConfigProblem[] = []
  if (c.validationSize >= trainFile.count) {
    const message = `validation size ${c.validationSize} leaves no training data (the set has ${trainFile.count} examples)`
    problems.push({ fields: ['validationSize'], message })
  }
  if (c.task === 'binary' && c.positiveClass >= trainFile.numClasses) {
    const message = `positive class ${c.positiveClass} is not a class of ${trainFile.name} (0–${trainFile.numClasses - 1})`
    problems.push({ fields: ['positiveClass'], message })
  }
  return problems
}

/** The layer stack a config describes, for a dataset with `numClasses` classes and `inputSize` features. */
export function modelSpecFor(c: TrainConfig, inputSize: number, numClasses: number): ModelSpec {
  const layers: LayerSpec[] = c.hidden.map((units) => ({ type: 'dense', units, activation: c.activation }))
  if (c.dropout > 0) layers.push({ type: 'dropout', rate: c.dropout })
  layers.push({ type: 'dense', units: c.task === 'binary' ? 1 : numClasses, activation: c.outputActivation })
  return { inputSize, layers, loss: c.loss }
}

export function optimizerSpecFor(c: TrainConfig): OptimizerSpec {
  return c.optimizer === 'sgd'
    ? { type: 'sgd', lr: c.lr, momentum: c.momentum, nesterov: c.nesterov, weightDecay: c.weightDecay }
    : { type: 'adam', lr: c.lr, beta1: c.beta1, beta2: c.beta2, epsilon: c.epsilon, weightDecay: c.weightDecay }
}

export function scheduleFor(c: TrainConfig): Schedule {
  if (c.schedule === 'step') return { type: 'step', everyEpochs: c.stepEvery, gamma: c.stepGamma }
  if (c.schedule === 'cosine') return { type: 'cosine', minLr: c.minLr }
  return { type: 'constant' }
}
