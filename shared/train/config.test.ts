import { describe, expect, it } from 'vitest'
import {
  ConfigError,
  configProblems,
  dataProblems,
  DEFAULT_CONFIG,
  modelSpecFor,
  optimizerSpecFor,
  resolveConfig,
  scheduleFor,
  type ConfigProblem,
  type TrainConfig,
} from './config'
import { presetByName, PRESETS } from './presets'

/** The problems resolveConfig reports for these overrides (none if it accepts them). */
function problemsOf(overrides: Record<string, unknown>): ConfigProblem[] {
  try {
    resolveConfig(overrides as Partial<TrainConfig>)
    return []
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    return error.problems
  }
}

describe('resolveConfig', () => {
  it('fills in the defaults and copies the hidden list', () => {
    const hidden = [64, 32]
    const config = resolveConfig({ hidden, lr: 0.5 })
    expect(config).toEqual({ ...DEFAULT_CONFIG, hidden: [64, 32], lr: 0.5 })
    hidden.push(16)
    expect(config.hidden).toEqual([64, 32])
    expect(resolveConfig({})).toEqual(DEFAULT_CONFIG)
    expect(resolveConfig({}).hidden).not.toBe(DEFAULT_CONFIG.hidden)
  })

  // Each bad value gives exactly one problem, worded after the field and naming the fields the UI shows it beside.
  const REJECTED: [string, Record<string, unknown>, (keyof TrainConfig)[], RegExp][] = [
    ['NaN learning rate', { lr: NaN }, ['lr'], /^learning rate must be a number above 0 and at most 100, got NaN$/],
    ['negative learning rate', { lr: -0.1 }, ['lr'], /^learning rate .* got -0\.1$/],
    ['zero learning rate', { lr: 0 }, ['lr'], /^learning rate/],
    ['infinite learning rate', { lr: Infinity }, ['lr'], /^learning rate .* got Infinity$/],
    ['learning rate as text', { lr: '0.1' }, ['lr'], /^learning rate .* got "0\.1"$/],
    ['0 units', { hidden: [0] }, ['hidden'], /^hidden layer 1 must have 1–8192 units, got 0$/],
    ['100,000 units', { hidden: [128, 100_000] }, ['hidden'], /^hidden layer 2 must have 1–8192 units, got 100000$/],
    ['fractional units', { hidden: [12.5] }, ['hidden'], /^hidden layer 1 .* got 12\.5$/],
    [
      '17 hidden layers',
      { hidden: new Array(17).fill(8) },
      ['hidden'],
      /^hidden layers must be a list of at most 16 sizes$/,
    ],
    ['hidden not a list', { hidden: 128 }, ['hidden'], /^hidden layers must be a list/],
    [
      'unknown activation',
      { activation: 'swish' },
      ['activation'],
      /^activation must be one of linear, sigmoid, tanh, relu, leaky-relu, softmax, got "swish"$/,
    ],
    [
      'unknown output activation',
      { outputActivation: 'swish', loss: 'quadratic' },
      ['outputActivation'],
      /^output activation must be one of .*, got "swish"$/,
    ],
    [
      'both epochs and iterations',
      { epochs: 5, iterations: 100 },
      ['epochs', 'iterations'],
      /^set exactly one of epochs and iterations, got epochs 5 and iterations 100$/,
    ],
    [
      'neither epochs nor iterations',
      { epochs: 0, iterations: 0 },
      ['epochs', 'iterations'],
      /^set exactly one of epochs and iterations/,
    ],
    ['fractional epochs', { epochs: 2.5 }, ['epochs'], /^epochs must be a whole number/],
    [
      'softmax cross-entropy with a sigmoid output',
      { outputActivation: 'sigmoid' },
      ['loss', 'outputActivation'],
      /^softmax-cross-entropy needs a softmax output, got sigmoid$/,
    ],
    [
      'binary cross-entropy with a softmax output',
      { loss: 'binary-cross-entropy' },
      ['loss', 'outputActivation'],
      /^binary-cross-entropy needs a sigmoid output, got softmax$/,
    ],
    [
      'binary task with softmax',
      { task: 'binary', loss: 'quadratic' },
      ['outputActivation'],
      /^a binary task has one output unit/,
    ],
    [
      'unknown loss',
      { loss: 'hinge' },
      ['loss'],
      /^loss must be one of quadratic, softmax-cross-entropy, binary-cross-entropy, got "hinge"$/,
    ],
    ['unknown init', { init: 'zeros' }, ['init'], /^init must be one of .*, got "zeros"$/],
    [
      'unknown optimizer',
      { optimizer: 'rmsprop' },
      ['optimizer'],
      /^optimizer must be one of sgd, adam, got "rmsprop"$/,
    ],
    ['momentum 1', { momentum: 1 }, ['momentum'], /^momentum must be from 0 to 0\.999, got 1$/],
    ['nesterov without momentum', { nesterov: true }, ['nesterov'], /^nesterov needs a momentum above 0$/],
    [
      'nesterov as text',
      { nesterov: 'yes', momentum: 0.9 },
      ['nesterov'],
      /^nesterov must be true or false, got "yes"$/,
    ],
    ['negative weight decay', { weightDecay: -0.1 }, ['weightDecay'], /^weight decay must be from 0 to 1/],
    ['beta1 of 1', { beta1: 1 }, ['beta1', 'beta2'], /^adam betas must be from 0 to below 1, got 1 and 0\.999$/],
    ['epsilon 0', { epsilon: 0 }, ['epsilon'], /^epsilon must be above 0/],
    [
      'unknown schedule',
      { schedule: 'linear' },
      ['schedule'],
      /^schedule must be one of constant, step, cosine, got "linear"$/,
    ],
    ['step interval 0', { stepEvery: 0 }, ['stepEvery'], /^step schedule interval/],
    ['step factor 0', { stepGamma: 0 }, ['stepGamma'], /^step schedule factor/],
    ['negative minimum learning rate', { minLr: -1 }, ['minLr'], /^minimum learning rate/],
    ['negative batch size', { batchSize: -1 }, ['batchSize'], /^batch size must be a whole number/],
    ['fractional batch size', { batchSize: 1.5 }, ['batchSize'], /^batch size/],
    ['negative evaluation interval', { evalEvery: -1 }, ['evalEvery'], /^evaluation interval/],
    ['negative seed', { seed: -1 }, ['seed'], /^seed must be a whole number from 0 to 4294967295, got -1$/],
    ['seed past 32 bits', { seed: 2 ** 32 }, ['seed'], /^seed must be/],
    ['negative validation size', { validationSize: -1 }, ['validationSize'], /^validation size/],
    ['fractional train limit', { trainLimit: 1.5 }, ['trainLimit', 'testLimit'], /^train and test limits/],
    ['unknown task', { task: 'regression' }, ['task'], /^task must be multiclass or binary, got "regression"$/],
    [
      'positive class 256',
      { positiveClass: 256 },
      ['positiveClass'],
      /^positive class must be a whole number 0–255, got 256$/,
    ],
    ['empty dataset name', { dataset: '' }, ['dataset'], /^dataset must be named$/],
    ['dropout rate 1', { dropout: 1 }, ['dropout'], /^dropout must be a rate from 0 to 0\.95, got 1$/],
    [
      'dropout without a hidden layer',
      { dropout: 0.5, hidden: [] },
      ['dropout'],
      /^dropout needs at least one hidden layer$/,
    ],
  ]

  for (const [what, overrides, fields, message] of REJECTED) {
    it(`rejects ${what}`, () => {
      expect(problemsOf(overrides)).toEqual([{ fields, message: expect.stringMatching(message) }])
    })
  }

  it('reports, never throws, whatever the fields hold (a config from another process is checked here)', () => {
    const odd = { ...DEFAULT_CONFIG, hidden: null, dropout: 0.5, lr: [1] } as unknown as TrainConfig
    expect(configProblems(odd).map((p) => p.fields)).toEqual([['hidden'], ['lr']])
  })

  it('keeps the default for an override that is undefined, as for one left out', () => {
    expect(resolveConfig({ lr: undefined, hidden: undefined, task: undefined })).toEqual(DEFAULT_CONFIG)
    expect(resolveConfig({ lr: undefined, epochs: 3 })).toEqual({ ...DEFAULT_CONFIG, epochs: 3 })
  })

  it('lists every problem at once in a ConfigError', () => {
    const attempt = (): TrainConfig => resolveConfig({ lr: -1, hidden: [0], optimizer: 'rmsprop' as 'sgd' })
    expect(attempt).toThrow(ConfigError)
    expect(attempt).toThrow(/^hidden layer 1 .*; optimizer .*; learning rate .*$/)
    try {
      attempt()
    } catch (error) {
      expect((error as ConfigError).name).toBe('ConfigError')
      expect((error as ConfigError).problems.map((p) => p.fields)).toEqual([['hidden'], ['optimizer'], ['lr']])
    }
  })

  it('accepts the edges of each range', () => {
    const edges: Partial<TrainConfig>[] = [
      { lr: 100 },
      { hidden: [1, 8192] },
      { hidden: [] },
      { batchSize: 0 },
      { epochs: 0, iterations: 1 },
      { seed: 0 },
      { seed: 2 ** 32 - 1 },
      { dropout: 0.95 },
      { momentum: 0.999, nesterov: true },
      { optimizer: 'adam', beta1: 0, beta2: 0.99999 },
      { task: 'binary', outputActivation: 'sigmoid', loss: 'binary-cross-entropy' },
      { outputActivation: 'linear', loss: 'quadratic' },
    ]
    for (const overrides of edges) expect(problemsOf(overrides), JSON.stringify(overrides)).toEqual([])
  })
})

describe('dataProblems: what a valid config asks of the data', () => {
  const MNIST_TRAIN = { name: 'mnist', count: 60000, numClasses: 10 }
  const binary = (positiveClass: number): TrainConfig =>
    resolveConfig({ task: 'binary', positiveClass, outputActivation: 'sigmoid', loss: 'binary-cross-entropy' })

  it('a validation set that leaves no training data', () => {
    expect(dataProblems(resolveConfig({ validationSize: 60000 }), MNIST_TRAIN)).toEqual([
      {
        fields: ['validationSize'],
        message: 'validation size 60000 leaves no training data (the set has 60000 examples)',
      },
    ])
    expect(dataProblems(resolveConfig({ validationSize: 59999 }), MNIST_TRAIN)).toEqual([])
  })

  it('a binary task whose positive class the data does not have', () => {
    expect(dataProblems(binary(12), MNIST_TRAIN)).toEqual([
      { fields: ['positiveClass'], message: 'positive class 12 is not a class of mnist (0–9)' },
    ])
    expect(dataProblems(binary(10), MNIST_TRAIN)).toHaveLength(1)
    expect(dataProblems(binary(9), MNIST_TRAIN)).toEqual([])
    expect(dataProblems(resolveConfig({ positiveClass: 12 }), MNIST_TRAIN)).toEqual([]) // multiclass ignores it
  })
})

describe('what a config builds', () => {
  it('the layer stack: hidden layers, dropout after the last one, then the output', () => {
    const config = resolveConfig({ hidden: [32, 16], activation: 'tanh', dropout: 0.25 })
    expect(modelSpecFor(config, 784, 10)).toEqual({
      inputSize: 784,
      layers: [
        { type: 'dense', units: 32, activation: 'tanh' },
        { type: 'dense', units: 16, activation: 'tanh' },
        { type: 'dropout', rate: 0.25 },
        { type: 'dense', units: 10, activation: 'softmax' },
      ],
      loss: 'softmax-cross-entropy',
    })
  })

  it('one sigmoid unit for a binary task', () => {
    const config = resolveConfig(presetByName('logistic')?.config ?? {})
    expect(modelSpecFor(config, 784, 10).layers).toEqual([{ type: 'dense', units: 1, activation: 'sigmoid' }])
  })

  it('the optimizer and schedule specs', () => {
    const sgd = resolveConfig({ lr: 0.2, momentum: 0.9, nesterov: true, weightDecay: 0.01 })
    expect(optimizerSpecFor(sgd)).toEqual({ type: 'sgd', lr: 0.2, momentum: 0.9, nesterov: true, weightDecay: 0.01 })
    const adam = resolveConfig({ optimizer: 'adam', lr: 1e-3, beta1: 0.8, beta2: 0.99, epsilon: 1e-7 })
    expect(optimizerSpecFor(adam)).toEqual({
      type: 'adam',
      lr: 1e-3,
      beta1: 0.8,
      beta2: 0.99,
      epsilon: 1e-7,
      weightDecay: 0,
    })
    expect(scheduleFor(resolveConfig({ schedule: 'step', stepEvery: 3, stepGamma: 0.5 }))).toEqual({
      type: 'step',
      everyEpochs: 3,
      gamma: 0.5,
    })
    expect(scheduleFor(resolveConfig({ schedule: 'cosine', minLr: 0.001 }))).toEqual({ type: 'cosine', minLr: 0.001 })
    expect(scheduleFor(DEFAULT_CONFIG)).toEqual({ type: 'constant' })
  })
})

describe('presets', () => {
  it('all resolve, with unique names', () => {
    expect(PRESETS.map((p) => p.name)).toEqual(['scratch-dnn', 'tf-mlp', 'logistic', 'keras-mlp'])
    for (const preset of PRESETS) expect(problemsOf(preset.config), preset.name).toEqual([])
    expect(presetByName('tf-mlp')?.config.dropout).toBe(0.5)
    expect(presetByName('nope')).toBeUndefined()
  })

  it('match the tutorials they name', () => {
    const scratch = resolveConfig(presetByName('scratch-dnn')?.config ?? {})
    expect([scratch.hidden, scratch.loss, scratch.lr, scratch.batchSize, scratch.epochs]).toEqual([
      [100],
      'quadratic',
      3,
      10,
      30,
    ])
    const tf = resolveConfig(presetByName('tf-mlp')?.config ?? {})
    expect([tf.hidden, tf.optimizer, tf.lr, tf.iterations, tf.epochs]).toEqual([[512, 256, 128], 'adam', 1e-4, 1000, 0])
  })
})
