import { ACTIVATIONS, type ActivationName } from '../nn/activations';
import { INITIALIZERS, type InitializerName } from '../nn/initializers';
import type { LayerSpec } from '../nn/layers/layer';
import { LOSSES, type LossName } from '../nn/losses';
import type { ModelSpec } from '../nn/network';
import { OPTIMIZER_TYPES, type OptimizerSpec } from '../nn/optim';
import { SCHEDULE_TYPES, type Schedule } from '../nn/optim/schedule';

/**
 * Everything that defines a run, flat so a sweep can vary any field and the store can list it as parameters.
 * Exactly one of `epochs` and `iterations` is positive.
 */
export interface TrainConfig {
  dataset: string;
  /** 'multiclass' predicts the digit; 'binary' asks "is it `positiveClass`?" with one sigmoid unit. */
  task: 'multiclass' | 'binary';
  positiveClass: number;
  hidden: number[];
  activation: ActivationName;
  outputActivation: ActivationName;
  /** Dropout rate after the last hidden layer (0 = none), as in the TensorFlow tutorial. */
  dropout: number;
  loss: LossName;
  init: InitializerName;
  optimizer: 'sgd' | 'adam';
  lr: number;
  momentum: number;
  nesterov: boolean;
  weightDecay: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  schedule: Schedule['type'];
  stepEvery: number;
  stepGamma: number;
  minLr: number;
  /** Examples per step; 0 means the whole training set (full-batch gradient descent). */
  batchSize: number;
  epochs: number;
  iterations: number;
  /** In iteration mode, evaluate on validation every this many steps (0 = twenty times per run). */
  evalEvery: number;
  seed: number;
  /** Validation examples taken from the end of the training file. */
  validationSize: number;
  /** Use only the first N training examples (0 = all), for quick runs and tests. */
  trainLimit: number;
  /** Use only the first N test examples (0 = all). */
  testLimit: number;
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
};

export const LIMITS = { maxUnits: 8192, maxHiddenLayers: 16, maxLr: 100, maxEpochs: 100000, maxIterations: 100_000_000, maxBatch: 1_000_000 };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'ConfigError';
  }
}

/**
 * Merges overrides onto the defaults and checks every field; throws a ConfigError listing each problem in words.
 * An override that is undefined keeps the default, as an absent one does.
 */
export function resolveConfig(overrides: Partial<TrainConfig>): TrainConfig {
  const given = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined)) as Partial<TrainConfig>;
  // copy the list so the caller's array is not shared; anything that is not a list is left for the check to report
  const hidden = given.hidden ?? DEFAULT_CONFIG.hidden;
  const config: TrainConfig = { ...DEFAULT_CONFIG, ...given, hidden: Array.isArray(hidden) ? [...hidden] : hidden };
  const problems = configProblems(config);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

export function configProblems(c: TrainConfig): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, message: string): void => {
    if (!ok) problems.push(message);
  };
  const isInt = (v: unknown, min: number, max: number): boolean => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
  const inRange = (v: unknown, min: number, max: number, openMin = false): boolean =>
    typeof v === 'number' && Number.isFinite(v) && (openMin ? v > min : v >= min) && v <= max;
  const show = (v: unknown): string => (typeof v === 'string' ? `"${v}"` : Array.isArray(v) ? `[${v.join(', ')}]` : String(v));

  check(typeof c.dataset === 'string' && c.dataset.length > 0, 'dataset must be named');
  check(c.task === 'multiclass' || c.task === 'binary', `task must be multiclass or binary, got ${show(c.task)}`);
  check(isInt(c.positiveClass, 0, 255), `positive class must be a whole number 0–255, got ${show(c.positiveClass)}`);
  check(Array.isArray(c.hidden) && c.hidden.length <= LIMITS.maxHiddenLayers, `hidden layers must be a list of at most ${LIMITS.maxHiddenLayers} sizes`);
  if (Array.isArray(c.hidden)) {
    c.hidden.forEach((units, i) =>
      check(isInt(units, 1, LIMITS.maxUnits), `hidden layer ${i + 1} must have 1–${LIMITS.maxUnits} units, got ${show(units)}`),
    );
  }
  check(ACTIVATIONS.includes(c.activation), `activation must be one of ${ACTIVATIONS.join(', ')}, got ${show(c.activation)}`);
  check(ACTIVATIONS.includes(c.outputActivation), `output activation must be one of ${ACTIVATIONS.join(', ')}, got ${show(c.outputActivation)}`);
  check(inRange(c.dropout, 0, 0.95), `dropout must be a rate from 0 to 0.95, got ${show(c.dropout)}`);
  check(!(c.dropout > 0 && c.hidden.length === 0), 'dropout needs at least one hidden layer');
  check(LOSSES.includes(c.loss), `loss must be one of ${LOSSES.join(', ')}, got ${show(c.loss)}`);
  check(INITIALIZERS.includes(c.init), `init must be one of ${INITIALIZERS.join(', ')}, got ${show(c.init)}`);
  check(OPTIMIZER_TYPES.includes(c.optimizer), `optimizer must be one of ${OPTIMIZER_TYPES.join(', ')}, got ${show(c.optimizer)}`);
  check(inRange(c.lr, 0, LIMITS.maxLr, true), `learning rate must be a number above 0 and at most ${LIMITS.maxLr}, got ${show(c.lr)}`);
  check(inRange(c.momentum, 0, 0.999), `momentum must be from 0 to 0.999, got ${show(c.momentum)}`);
  check(typeof c.nesterov === 'boolean', `nesterov must be true or false, got ${show(c.nesterov)}`);
  check(!(c.nesterov && !(c.momentum > 0)), 'nesterov needs a momentum above 0');
  check(inRange(c.weightDecay, 0, 1), `weight decay must be from 0 to 1, got ${show(c.weightDecay)}`);
  check(inRange(c.beta1, 0, 0.9999) && inRange(c.beta2, 0, 0.99999), `adam betas must be from 0 to below 1, got ${show(c.beta1)} and ${show(c.beta2)}`);
  check(inRange(c.epsilon, 0, 1, true), `epsilon must be above 0 and at most 1, got ${show(c.epsilon)}`);
  check(SCHEDULE_TYPES.includes(c.schedule), `schedule must be one of ${SCHEDULE_TYPES.join(', ')}, got ${show(c.schedule)}`);
  check(inRange(c.stepEvery, 0, LIMITS.maxEpochs, true), `step schedule interval must be a positive number of epochs, got ${show(c.stepEvery)}`);
  check(inRange(c.stepGamma, 0, 1, true), `step schedule factor must be above 0 and at most 1, got ${show(c.stepGamma)}`);
  check(inRange(c.minLr, 0, LIMITS.maxLr), `minimum learning rate must be from 0 to ${LIMITS.maxLr}, got ${show(c.minLr)}`);
  check(isInt(c.batchSize, 0, LIMITS.maxBatch), `batch size must be a whole number of examples (0 for the full batch), got ${show(c.batchSize)}`);
  check(isInt(c.epochs, 0, LIMITS.maxEpochs), `epochs must be a whole number from 0 to ${LIMITS.maxEpochs}, got ${show(c.epochs)}`);
  check(isInt(c.iterations, 0, LIMITS.maxIterations), `iterations must be a whole number from 0 to ${LIMITS.maxIterations}, got ${show(c.iterations)}`);
  check((c.epochs > 0) !== (c.iterations > 0), `set exactly one of epochs and iterations, got epochs ${show(c.epochs)} and iterations ${show(c.iterations)}`);
  check(isInt(c.evalEvery, 0, LIMITS.maxIterations), `evaluation interval must be a whole number of steps, got ${show(c.evalEvery)}`);
  check(isInt(c.seed, 0, 2 ** 32 - 1), `seed must be a whole number from 0 to 4294967295, got ${show(c.seed)}`);
  check(isInt(c.validationSize, 0, 10_000_000), `validation size must be a whole number of examples, got ${show(c.validationSize)}`);
  check(isInt(c.trainLimit, 0, 10_000_000) && isInt(c.testLimit, 0, 10_000_000), 'train and test limits must be whole numbers (0 = all)');
  problems.push(...lossProblems(c));
  return problems;
}

// The pairs of output activation and loss that make sense, said in the words a user would search for.
function lossProblems(c: TrainConfig): string[] {
  if (c.loss === 'softmax-cross-entropy' && c.outputActivation !== 'softmax') {
    return [`softmax-cross-entropy needs a softmax output, got ${c.outputActivation}`];
  }
  if (c.loss === 'binary-cross-entropy' && c.outputActivation !== 'sigmoid') {
    return [`binary-cross-entropy needs a sigmoid output, got ${c.outputActivation}`];
  }
  if (c.task === 'binary' && c.outputActivation === 'softmax') {
    return ['a binary task has one output unit, so softmax (which would always output 1) cannot be its output activation'];
  }
  return [];
}

/** The layer stack a config describes, for a dataset with `numClasses` classes and `inputSize` features. */
export function modelSpecFor(c: TrainConfig, inputSize: number, numClasses: number): ModelSpec {
  const layers: LayerSpec[] = c.hidden.map((units) => ({ type: 'dense', units, activation: c.activation }));
  if (c.dropout > 0) layers.push({ type: 'dropout', rate: c.dropout });
  layers.push({ type: 'dense', units: c.task === 'binary' ? 1 : numClasses, activation: c.outputActivation });
  return { inputSize, layers, loss: c.loss };
}

export function optimizerSpecFor(c: TrainConfig): OptimizerSpec {
  return c.optimizer === 'sgd'
    ? { type: 'sgd', lr: c.lr, momentum: c.momentum, nesterov: c.nesterov, weightDecay: c.weightDecay }
    : { type: 'adam', lr: c.lr, beta1: c.beta1, beta2: c.beta2, epsilon: c.epsilon, weightDecay: c.weightDecay };
}

export function scheduleFor(c: TrainConfig): Schedule {
  if (c.schedule === 'step') return { type: 'step', everyEpochs: c.stepEvery, gamma: c.stepGamma };
  if (c.schedule === 'cosine') return { type: 'cosine', minLr: c.minLr };
  return { type: 'constant' };
}
