import { describe, expect, it } from 'vitest'
import {
  configProblems,
  dataProblems,
  DEFAULT_CONFIG,
  resolveConfig,
  type ConfigProblem,
  type TrainConfig,
} from '../../shared/train/config'
import { presetByName } from '../../shared/train/presets'
import { describeProblem, parseTrainArgs, UsageError, type TrainArgs } from './trainArgs'

function parse(argv: string): TrainArgs {
  const command = parseTrainArgs(argv.split(' ').filter(Boolean))
  if (command.kind !== 'train') throw new Error('expected a train command')
  return command.args
}

function usageError(argv: string[]): string {
  try {
    parseTrainArgs(argv)
  } catch (error) {
    if (error instanceof UsageError) return error.message
    throw error
  }
  throw new Error(`expected a usage error for ${argv.join(' ')}`)
}

describe('parseTrainArgs: presets and overrides', () => {
  it('with no flags trains the default config and writes nothing', () => {
    expect(parse('')).toEqual({
      config: DEFAULT_CONFIG,
      preset: null,
      out: null,
      quiet: false,
      record: false,
      db: null,
    })
  })

  it('takes a preset, then overrides single fields', () => {
    const args = parse('--preset keras-mlp --epochs 5 --seed 7 --lr 1e-3 --out model.json --quiet')
    expect(args.preset).toBe('keras-mlp')
    expect(args.config).toEqual(resolveConfig({ ...presetByName('keras-mlp')!.config, epochs: 5, seed: 7, lr: 0.001 }))
    expect(args.out).toBe('model.json')
    expect(args.quiet).toBe(true)
  })

  it('records in a database with --db PATH, or in the default one with --record', () => {
    expect(parse('--db runs.db')).toMatchObject({ record: true, db: 'runs.db' })
    expect(parse('--record')).toMatchObject({ record: true, db: null })
    expect(usageError(['--record=yes'])).toBe('--record: takes no value, got "yes"')
  })

  it('setting epochs turns iterations off and vice versa', () => {
    expect(parse('--preset tf-mlp --epochs 2').config).toMatchObject({ epochs: 2, iterations: 0 })
    expect(parse('--preset keras-mlp --iterations 300').config).toMatchObject({ epochs: 0, iterations: 300 })
  })

  it('lets the last of a repeated flag win, in the order typed', () => {
    expect(parse('--lr 0.5 --lr 0.25').config.lr).toBe(0.25)
    expect(parse('--momentum 0.9 --nesterov').config.nesterov).toBe(true)
    expect(parse('--momentum 0.9 --nesterov --no-nesterov').config.nesterov).toBe(false)
    expect(parse('--momentum 0.9 --no-nesterov --nesterov').config.nesterov).toBe(true)
  })

  it('reads --hidden as a list, "none" or empty as no hidden layer', () => {
    expect(parse('--hidden 512,256,128').config.hidden).toEqual([512, 256, 128])
    expect(parse('--hidden none').config.hidden).toEqual([])
    expect(parseTrainArgs(['--hidden', ''])).toMatchObject({ kind: 'train', args: { config: { hidden: [] } } })
    expect(parseTrainArgs(['--hidden=64, 32'])).toMatchObject({ kind: 'train', args: { config: { hidden: [64, 32] } } })
  })

  it('reads --batch full (or 0) as full-batch gradient descent', () => {
    expect(parse('--batch full').config.batchSize).toBe(0)
    expect(parse('--batch 0').config.batchSize).toBe(0)
    expect(parse('--batch 32').config.batchSize).toBe(32)
  })

  it('--binary asks "is it DIGIT?" with a sigmoid output and binary cross-entropy unless told otherwise', () => {
    expect(parse('--binary 7').config).toMatchObject({
      task: 'binary',
      positiveClass: 7,
      outputActivation: 'sigmoid',
      loss: 'binary-cross-entropy',
    })
    expect(parse('--binary 7 --loss quadratic').config).toMatchObject({
      task: 'binary',
      outputActivation: 'sigmoid',
      loss: 'quadratic',
    })
    expect(parse('--binary 7 --output-activation tanh --loss quadratic').config).toMatchObject({
      outputActivation: 'tanh',
      loss: 'quadratic',
    })
    expect(parse('--preset logistic --binary 0').config).toMatchObject({
      task: 'binary',
      positiveClass: 0,
      hidden: [],
      batchSize: 0,
    })
  })

  it('accepts strict numbers only', () => {
    expect(parse('--lr 1e-4').config.lr).toBe(1e-4)
    expect(parse('--lr .5').config.lr).toBe(0.5)
    expect(parse('--lr 2.').config.lr).toBe(2)
    expect(parse('--iterations 1e3').config.iterations).toBe(1000)
    for (const bad of ['3abc', 'NaN', 'Infinity', '0x10', '1_000', '', ' 1', '1e', 'e5', '--']) {
      expect(usageError([`--lr=${bad}`])).toBe(`--lr: must be a number above 0 and at most 100, got "${bad}"`)
    }
  })

  it('has a flag for every field of TrainConfig', () => {
    const argv = [
      '--dataset',
      'mnist',
      '--binary',
      '5',
      '--hidden',
      '64,32',
      '--activation',
      'tanh',
      '--output-activation',
      'tanh',
      '--dropout',
      '0.2',
      '--loss',
      'quadratic',
      '--init',
      'he-normal',
      '--optimizer',
      'adam',
      '--lr',
      '0.002',
      '--momentum',
      '0.5',
      '--nesterov',
      '--weight-decay',
      '0.001',
      '--beta1',
      '0.8',
      '--beta2',
      '0.99',
      '--epsilon',
      '1e-7',
      '--schedule',
      'step',
      '--step-every',
      '3',
      '--step-gamma',
      '0.5',
      '--min-lr',
      '0.0001',
      '--batch',
      '64',
      '--iterations',
      '500',
      '--eval-every',
      '50',
      '--seed',
      '9',
      '--validation',
      '5000',
      '--train-limit',
      '1000',
      '--test-limit',
      '100',
    ]
    const command = parseTrainArgs(argv)
    if (command.kind !== 'train') throw new Error('expected a train command')
    const unchanged = (Object.keys(DEFAULT_CONFIG) as (keyof TrainConfig)[]).filter(
      (key) => JSON.stringify(command.args.config[key]) === JSON.stringify(DEFAULT_CONFIG[key]),
    )
    // dataset has one value today; epochs is switched off by --iterations, which is the change.
    expect(unchanged).toEqual(['dataset'])
  })

  it('asks for help with --help or -h, whatever else is given', () => {
    expect(parseTrainArgs(['--help'])).toEqual({ kind: 'help' })
    expect(parseTrainArgs(['--lr', '5', '-h'])).toEqual({ kind: 'help' })
  })
})

describe('parseTrainArgs: one line naming the flag and what it allows', () => {
  const cases: Array<[argv: string[], message: string]> = [
    [['--lr', 'abc'], '--lr: must be a number above 0 and at most 100, got "abc"'],
    [['--lr', '0'], '--lr: must be a number above 0 and at most 100, got 0'],
    [['--lr=-1'], '--lr: must be a number above 0 and at most 100, got -1'],
    [
      ['--activation', 'foo'],
      '--activation: must be one of linear, sigmoid, tanh, relu, leaky-relu, softmax, got "foo"',
    ],
    [
      ['--output-activation', 'foo'],
      '--output-activation: must be one of linear, sigmoid, tanh, relu, leaky-relu, softmax, got "foo"',
    ],
    [['--optimizer', 'rmsprop'], '--optimizer: must be one of sgd, adam, got "rmsprop"'],
    [['--schedule', 'linear'], '--schedule: must be one of constant, step, cosine, got "linear"'],
    [['--preset', 'resnet'], '--preset: must be one of scratch-dnn, tf-mlp, logistic, keras-mlp, got "resnet"'],
    [['--foo'], 'unknown flag --foo (see --help)'],
    [['--foo=1'], 'unknown flag --foo (see --help)'],
    [['-x'], 'unknown flag -x (see --help)'],
    [['train'], 'unexpected argument "train": every setting is a flag (see --help)'],
    [['--lr'], '--lr: needs a value (see --help)'],
    [['--lr', '-1'], '--lr: needs a value; to pass one starting with "-", write --lr=-1'],
    [['--quiet=yes'], '--quiet: takes no value, got "yes"'],
    [['--epochs', '2.5'], '--epochs: must be a whole number from 0 to 100000, got 2.5'],
    [['--epochs', 'ten'], '--epochs: must be a whole number from 0 to 100000, got "ten"'],
    [
      ['--epochs', '2', '--iterations', '5'],
      '--epochs/--iterations: set exactly one of epochs and iterations, got epochs 2 and iterations 5',
    ],
    [
      ['--epochs', '0'],
      '--epochs/--iterations: set exactly one of epochs and iterations, got epochs 0 and iterations 0',
    ],
    [
      ['--hidden', '12,x'],
      '--hidden: must be layer sizes separated by commas (such as 512,256,128) or "none", got "12,x"',
    ],
    [['--hidden', '128,0'], '--hidden: hidden layer 2 must have 1–8192 units, got 0'],
    [
      ['--batch', 'all'],
      '--batch: must be a whole number of examples, or "full" for the whole training set, got "all"',
    ],
    [['--batch', '2.5'], '--batch: must be a whole number of examples (0 for the full batch), got 2.5'],
    [['--binary', 'three'], '--binary: must be a whole number 0–255, got "three"'],
    [['--beta2', '1'], '--beta1/--beta2: must be from 0 to below 1, got 0.9 and 1'],
    [['--beta2', 'x'], '--beta2: must be from 0 to below 1, got "x"'],
    [['--nesterov'], '--nesterov: needs a momentum above 0'],
    [['--hidden', 'none', '--dropout', '0.5'], '--dropout: needs at least one hidden layer'],
    [
      ['--output-activation', 'sigmoid'],
      '--loss/--output-activation: softmax-cross-entropy needs a softmax output, got sigmoid',
    ],
    [
      ['--binary', '3', '--output-activation', 'softmax'],
      '--loss/--output-activation: binary-cross-entropy needs a sigmoid output, got softmax',
    ],
    [['--train-limit', '-5'], '--train-limit: needs a value; to pass one starting with "-", write --train-limit=-5'],
    [['--test-limit=1.5'], '--train-limit/--test-limit: must be whole numbers (0 = all)'],
  ]

  it.each(cases)('%j', (argv, message) => {
    expect(usageError(argv)).toBe(message)
    expect(message).not.toContain('\n')
  })

  it('says nothing more about a flag once one problem has named it', () => {
    expect(usageError(['--output-activation', 'foo'])).not.toContain(';')
  })

  it('joins several problems into one line', () => {
    expect(usageError(['--lr', '0', '--momentum', '2'])).toBe(
      '--lr: must be a number above 0 and at most 100, got 0; --momentum: must be from 0 to 0.999, got 2',
    )
  })
})

describe('describeProblem', () => {
  const MNIST_TRAIN = { name: 'mnist', count: 60000, numClasses: 10 }

  it('names a flag for every field of TrainConfig', () => {
    for (const field of Object.keys(DEFAULT_CONFIG) as (keyof TrainConfig)[]) {
      expect(describeProblem({ fields: [field], message: 'x' }), field).toMatch(/^--[a-z0-9-]+: x$/)
    }
  })

  it('names a flag for every problem resolveConfig and the data loader can report', () => {
    const broken = {
      dataset: '',
      task: 'both',
      positiveClass: -1,
      hidden: [0],
      activation: 'x',
      outputActivation: 'x',
      dropout: 2,
      loss: 'x',
      init: 'x',
      optimizer: 'x',
      lr: 0,
      momentum: 2,
      nesterov: 'yes',
      weightDecay: 2,
      beta1: 2,
      beta2: 2,
      epsilon: 0,
      schedule: 'x',
      stepEvery: 0,
      stepGamma: 0,
      minLr: -1,
      batchSize: -1,
      epochs: -1,
      iterations: -1,
      evalEvery: -1,
      seed: -1,
      validationSize: -1,
      trainLimit: -1,
      testLimit: -1,
    } as unknown as TrainConfig
    const binary = resolveConfig({
      task: 'binary',
      positiveClass: 12,
      outputActivation: 'sigmoid',
      loss: 'binary-cross-entropy',
      validationSize: 60000,
    })
    const problems: ConfigProblem[] = [
      ...configProblems(broken),
      ...configProblems({ ...DEFAULT_CONFIG, hidden: new Array<number>(17).fill(8) }),
      ...configProblems({ ...DEFAULT_CONFIG, hidden: [], dropout: 0.5, nesterov: true, epochs: 0 }),
      ...configProblems({ ...DEFAULT_CONFIG, loss: 'binary-cross-entropy' }),
      ...configProblems({ ...DEFAULT_CONFIG, task: 'binary', loss: 'quadratic' }),
      ...dataProblems(binary, MNIST_TRAIN),
    ]
    expect(problems.length).toBeGreaterThan(30)
    expect(problems.map(describeProblem).filter((line) => !line.startsWith('--'))).toEqual([])
  })

  it('says what the data loader reports with the flag that fixes it, keeping subjects that are not the field', () => {
    const binary = resolveConfig({
      task: 'binary',
      positiveClass: 12,
      outputActivation: 'sigmoid',
      loss: 'binary-cross-entropy',
      validationSize: 60000,
    })
    expect(dataProblems(binary, MNIST_TRAIN).map(describeProblem)).toEqual([
      '--validation: validation size 60000 leaves no training data (the set has 60000 examples)',
      '--binary: positive class 12 is not a class of mnist (0–9)',
    ])
    expect(describeProblem({ fields: ['dataset'], message: 'unknown dataset "x" (built in: mnist)' })).toBe(
      '--dataset: unknown dataset "x" (built in: mnist)',
    )
    expect(describeProblem({ fields: ['task', 'positiveClass'], message: 'x' })).toBe('--binary: x') // one flag sets both
  })

  it('leaves a problem about no field as it is', () => {
    expect(describeProblem({ fields: [], message: 'the disk is full' })).toBe('the disk is full')
  })
})
