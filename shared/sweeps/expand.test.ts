import { describe, expect, it } from 'vitest'
import type { SweepSpec } from './spec'
import { DEFAULT_CONFIG } from '../train/config'
import { presetByName } from '../train/presets'
import { expandSweep, SweepError, sweepProblems, type SweepProblem } from './expand'

const spec = (rest: Partial<SweepSpec>): SweepSpec => ({ name: 'test sweep', base: {}, ...rest })
const GRID_3x2: SweepSpec = spec({ grid: { lr: [0.1, 0.01, 0.001], hidden: [[64], [128, 64]] }, repeats: 2 })
const key = (c: { lr: number; hidden: number[]; seed: number }): string => `${c.lr}/${c.hidden.join('-')}/${c.seed}`

describe('expandSweep: counts and contents', () => {
  it('runs every grid point once per repeat, with seeds base seed + i', () => {
    const preview = expandSweep(GRID_3x2)
    expect(preview.runCount).toBe(12)
    expect(preview.configs).toHaveLength(12)
    expect(new Set(preview.configs.map(key)).size).toBe(12)
    for (const lr of [0.1, 0.01, 0.001]) {
      for (const hidden of [[64], [128, 64]]) {
        const seeds = preview.configs.filter((c) => c.lr === lr && c.hidden.join() === hidden.join()).map((c) => c.seed)
        expect(seeds.sort()).toEqual([1, 2])
      }
    }
    expect(preview.varying).toEqual(['hidden', 'lr', 'seed'])
  })

  it('runs every configuration once before repeating any, in the same order each pass', () => {
    const { configs } = expandSweep(GRID_3x2)
    const firstPass = configs.slice(0, 6)
    expect(firstPass.every((c) => c.seed === 1)).toBe(true)
    expect(configs.slice(6).map((c) => `${c.lr}/${c.hidden}`)).toEqual(firstPass.map((c) => `${c.lr}/${c.hidden}`))
  })

  it('starts from the preset, then the base, and resolves every config fully', () => {
    const { configs } = expandSweep(spec({ preset: 'keras-mlp', base: { epochs: 2 }, grid: { batchSize: [32, 64] } }))
    const { batchSize: _, ...keras } = presetByName('keras-mlp')!.config
    for (const config of configs) {
      expect(Object.keys(config).sort()).toEqual(Object.keys(DEFAULT_CONFIG).sort())
      expect(config).toMatchObject({ ...keras, epochs: 2 })
    }
    expect(configs.map((c) => c.batchSize).sort()).toEqual([32, 64])
  })

  it('is a single run without grid or random search, and varies only the seed with repeats', () => {
    expect(expandSweep(spec({ base: { lr: 0.5 } }))).toEqual({
      runCount: 1,
      configs: [{ ...DEFAULT_CONFIG, lr: 0.5 }],
      varying: [],
    })
    const repeated = expandSweep(spec({ base: { seed: 10 }, repeats: 3 }))
    expect(repeated.configs.map((c) => c.seed)).toEqual([10, 11, 12])
    expect(repeated.varying).toEqual(['seed'])
  })

  it('gives every run its own hidden list', () => {
    const { configs } = expandSweep(spec({ base: { hidden: [32] }, repeats: 2 }))
    configs[0].hidden.push(7)
    expect(configs[1].hidden).toEqual([32])
  })
})

describe('expandSweep: order', () => {
  const order = (s: SweepSpec): string[] => expandSweep(s).configs.map(key)

  it('shuffles grid points the same way every time for a spec, and differently for another sweep seed', () => {
    const canonical = ['0.1/64', '0.1/128-64', '0.01/64', '0.01/128-64', '0.001/64', '0.001/128-64'].map(
      (k) => `${k}/1`,
    )
    const once = order(GRID_3x2)
    expect(order(GRID_3x2)).toEqual(once)
    expect(once.slice(0, 6)).not.toEqual(canonical)
    expect([...once.slice(0, 6)].sort()).toEqual([...canonical].sort())
    const other = order({ ...GRID_3x2, sweepSeed: 1 })
    expect(other).not.toEqual(once)
    expect([...other].sort()).toEqual([...once].sort())
  })

  it('does not depend on the order the grid fields are written in', () => {
    const swapped = spec({ grid: { hidden: [[64], [128, 64]], lr: [0.1, 0.01, 0.001] }, repeats: 2 })
    expect(order(swapped)).toEqual(order(GRID_3x2))
  })
})

describe('expandSweep: random search', () => {
  const drawn = (params: NonNullable<SweepSpec['random']>['params'], trials: number, sweepSeed = 0) =>
    expandSweep(spec({ random: { trials, params }, sweepSeed })).configs

  it('draws `trials` configurations per grid point', () => {
    const { configs, runCount } = expandSweep(
      spec({
        grid: { hidden: [[32], [64]] },
        random: { trials: 4, params: { lr: { type: 'uniform', min: 0.01, max: 0.1 } } },
      }),
    )
    expect(runCount).toBe(8)
    expect(configs.filter((c) => c.hidden[0] === 32)).toHaveLength(4)
  })

  it('keeps uniform and int-uniform draws inside their inclusive ranges, reaching both ends of small integer ranges', () => {
    const configs = drawn(
      { momentum: { type: 'uniform', min: 0.5, max: 0.9 }, batchSize: { type: 'int-uniform', min: 8, max: 10 } },
      300,
    )
    expect(configs.every((c) => c.momentum >= 0.5 && c.momentum <= 0.9)).toBe(true)
    expect(new Set(configs.map((c) => c.batchSize))).toEqual(new Set([8, 9, 10]))
    const mean = configs.reduce((sum, c) => sum + c.momentum, 0) / configs.length
    expect(mean).toBeGreaterThan(0.65)
    expect(mean).toBeLessThan(0.75)
  })

  it('spreads log-uniform draws evenly across decades', () => {
    const configs = drawn({ lr: { type: 'log-uniform', min: 1e-5, max: 1e-1 } }, 400)
    const perDecade = [0, 0, 0, 0]
    for (const { lr } of configs) {
      expect(lr).toBeGreaterThanOrEqual(1e-5)
      expect(lr).toBeLessThanOrEqual(1e-1)
      perDecade[Math.min(3, Math.floor(Math.log10(lr) + 5))] += 1
    }
    // 100 expected per decade; a plain uniform draw would put ~90% in the top one
    for (const count of perDecade) expect(count).toBeGreaterThan(60)
  })

  it('chooses among the listed values, layer lists included', () => {
    const configs = drawn(
      {
        activation: { type: 'choice', values: ['relu', 'tanh'] },
        hidden: { type: 'choice', values: [[32], [64, 32]] },
      },
      50,
    )
    expect(new Set(configs.map((c) => c.activation))).toEqual(new Set(['relu', 'tanh']))
    expect(new Set(configs.map((c) => c.hidden.join('-')))).toEqual(new Set(['32', '64-32']))
  })

  it('draws the same values for a sweep seed and others for another', () => {
    const params = { lr: { type: 'log-uniform' as const, min: 1e-4, max: 1 } }
    const lrs = (seed: number) =>
      drawn(params, 20, seed)
        .map((c) => c.lr)
        .sort()
    expect(lrs(5)).toEqual(lrs(5))
    expect(lrs(5)).not.toEqual(lrs(6))
  })
})

// Each bad spec gives the problem in words, at its field, and expands nothing.
const REJECTED: [string, unknown, string, RegExp][] = [
  ['an empty name', { name: '  ', base: {} }, 'name', /^the sweep needs a name$/],
  ['no name at all', { base: {} }, 'name', /^the sweep needs a name$/],
  ['an empty grid list', spec({ grid: { lr: [] } }), 'grid.lr', /^grid "lr" has no values$/],
  [
    'a grid entry that is not a list',
    spec({ grid: { lr: 0.1 as unknown as unknown[] } }),
    'grid.lr',
    /^grid "lr" must be a list of values, got 0\.1$/,
  ],
  [
    'an unknown grid field',
    spec({ grid: { foo: [1] } as SweepSpec['grid'] }),
    'grid.foo',
    /^"foo" is not a hyperparameter$/,
  ],
  [
    'an unknown base field',
    spec({ base: { foo: 1 } as SweepSpec['base'] }),
    'base.foo',
    /^"foo" is not a hyperparameter$/,
  ],
  [
    'an unknown random field',
    spec({ random: { trials: 2, params: { foo: { type: 'uniform', min: 0, max: 1 } } as never } }),
    'random.params.foo',
    /^"foo" is not a hyperparameter$/,
  ],
  [
    'a NaN learning rate in the grid',
    spec({ grid: { lr: [0.1, NaN] } }),
    'grid.lr',
    /^lr = NaN: learning rate must be a number above 0 and at most 100, got NaN$/,
  ],
  [
    'a negative learning rate in the grid',
    spec({ grid: { lr: [-0.1] } }),
    'grid.lr',
    /^lr = -0\.1: learning rate must be a number above 0/,
  ],
  [
    '0 units',
    spec({ grid: { hidden: [[128], [0]] } }),
    'grid.hidden',
    /^hidden = \[0\]: hidden layer 1 must have 1–8192 units, got 0$/,
  ],
  [
    '100,000 units',
    spec({ grid: { hidden: [[256, 100_000]] } }),
    'grid.hidden',
    /^hidden = \[256, 100000\]: hidden layer 2 must have 1–8192 units, got 100000$/,
  ],
  [
    'a bare number as a grid layer list',
    spec({ grid: { hidden: [128] } }),
    'grid.hidden',
    /^grid "hidden" holds layer lists, like \[\[128\], \[256, 128\]\]; got 128$/,
  ],
  [
    'an unknown activation',
    spec({ grid: { activation: ['relu', 'swish'] } }),
    'grid.activation',
    /^activation = "swish": activation must be one of linear, .*, got "swish"$/,
  ],
  ['a value listed twice', spec({ grid: { lr: [0.1, 0.2, 0.1] } }), 'grid.lr', /^grid "lr" lists 0\.1 twice$/],
  [
    '0 trials',
    spec({ random: { trials: 0, params: { lr: { type: 'uniform', min: 0.01, max: 0.1 } } } }),
    'random.trials',
    /^random search needs a whole number of trials from 1 to 10,000, got 0$/,
  ],
  [
    '10,001 trials',
    spec({ random: { trials: 10_001, params: { lr: { type: 'uniform', min: 0.01, max: 0.1 } } } }),
    'random.trials',
    /got 10001$/,
  ],
  [
    'random search with nothing to draw',
    spec({ random: { trials: 3, params: {} } }),
    'random.params',
    /^random search has no hyperparameters to draw$/,
  ],
  [
    'a log-uniform range from 0',
    spec({ random: { trials: 3, params: { lr: { type: 'log-uniform', min: 0, max: 0.1 } } } }),
    'random.params.lr',
    /^random "lr": a log-uniform range needs min above 0, got 0$/,
  ],
  [
    'min above max',
    spec({ random: { trials: 3, params: { lr: { type: 'uniform', min: 0.5, max: 0.1 } } } }),
    'random.params.lr',
    /^random "lr": min 0\.5 is above max 0\.1$/,
  ],
  [
    'a range past the field’s limit',
    spec({ random: { trials: 3, params: { dropout: { type: 'uniform', min: 0, max: 1 } } } }),
    'random.params.dropout',
    /^random "dropout" max 1: dropout must be a rate from 0 to 0\.95, got 1$/,
  ],
  [
    'an unknown distribution',
    spec({ random: { trials: 3, params: { lr: { type: 'gauss', min: 0, max: 1 } as never } } }),
    'random.params.lr',
    /^random "lr" has an unknown distribution "gauss"; use uniform, log-uniform, int-uniform, choice$/,
  ],
  [
    'a numeric range for a named field',
    spec({ random: { trials: 3, params: { activation: { type: 'uniform', min: 0, max: 1 } } } }),
    'random.params.activation',
    /^random "activation": uniform ranges suit numeric hyperparameters only; use a choice$/,
  ],
  [
    'an empty choice',
    spec({ random: { trials: 3, params: { activation: { type: 'choice', values: [] } } } }),
    'random.params.activation',
    /^random "activation" has no values to choose from$/,
  ],
  [
    'a field both in grid and random search',
    spec({ grid: { lr: [0.1] }, random: { trials: 2, params: { lr: { type: 'uniform', min: 0.01, max: 0.1 } } } }),
    'random.params.lr',
    /^"lr" is both in the grid and in random search; keep it in one$/,
  ],
  ['0 repeats', spec({ repeats: 0 }), 'repeats', /^repeats must be a whole number from 1 to 100, got 0$/],
  ['101 repeats', spec({ repeats: 101 }), 'repeats', /^repeats must be a whole number from 1 to 100, got 101$/],
  [
    'more than 10,000 runs',
    spec({
      grid: {
        lr: Array.from({ length: 200 }, (_, i) => (i + 1) / 1000),
        seed: Array.from({ length: 60 }, (_, i) => i),
      },
      repeats: 2,
    }),
    '',
    /^the sweep would launch 24,000 runs \(200 × 60 × 2\); at most 10,000 are allowed$/,
  ],
  [
    'an unknown preset',
    spec({ preset: 'resnet' }),
    'preset',
    /^unknown preset "resnet"; choose one of scratch-dnn, tf-mlp, logistic, keras-mlp$/,
  ],
  [
    'a bad base value',
    spec({ base: { lr: NaN }, grid: { batchSize: [16, 32] } }),
    'base.lr',
    /^learning rate must be a number above 0 and at most 100, got NaN$/,
  ],
  [
    'a bad grid combination',
    spec({ grid: { loss: ['quadratic', 'softmax-cross-entropy'], outputActivation: ['softmax', 'sigmoid'] } }),
    'grid.outputActivation',
    /^outputActivation = "sigmoid", loss = "softmax-cross-entropy": softmax-cross-entropy needs a softmax output, got sigmoid$/,
  ],
  [
    'a grid value that clashes with the preset',
    spec({ preset: 'scratch-dnn', grid: { loss: ['quadratic', 'softmax-cross-entropy'] } }),
    'grid.loss',
    /^loss = "softmax-cross-entropy": softmax-cross-entropy needs a softmax output, got sigmoid$/,
  ],
  [
    'a negative sweep seed',
    spec({ sweepSeed: -1 }),
    'sweepSeed',
    /^the sweep seed must be a whole number from 0 to 4294967295, got -1$/,
  ],
  [
    'a fractional warm-up',
    spec({ pruning: { warmupEpochs: 1.5 } }),
    'pruning.warmupEpochs',
    /^pruning warm-up must be a whole number of epochs \(0 or more\), got 1\.5$/,
  ],
  [
    'repeats past the largest seed',
    spec({ base: { seed: 2 ** 32 - 2 }, repeats: 3 }),
    'repeats',
    /^3 repeats would need seeds up to 4294967296/,
  ],
]

describe('sweepProblems and expandSweep on bad specs', () => {
  it.each(REJECTED)('%s', (_, bad, field, message) => {
    const problems = sweepProblems(bad as SweepSpec)
    expect(
      problems.find((p) => message.test(p.message)),
      JSON.stringify(problems),
    ).toMatchObject({ field })
    let thrown: unknown = null
    try {
      expandSweep(bad as SweepSpec)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(SweepError)
    expect((thrown as SweepError).problems).toEqual(problems)
    expect((thrown as SweepError).message).toBe(problems.map((p) => p.message).join('; '))
  })

  it('reports every problem of a spec at once', () => {
    const problems = sweepProblems({
      name: '',
      base: { foo: 1 },
      grid: { lr: [NaN], momentum: [] },
      repeats: 0,
    } as unknown as SweepSpec)
    expect(problems.map((p) => p.field)).toEqual(['name', 'base.foo', 'grid.momentum', 'repeats'])
    // the grid cannot be enumerated with an empty list, so the NaN waits for the next check
    const next = sweepProblems({ name: 'x', base: { foo: 1 }, grid: { lr: [NaN] } } as unknown as SweepSpec)
    expect(next.map((p) => p.message)).toEqual(['"foo" is not a hyperparameter', expect.stringMatching(/^lr = NaN: /)])
  })

  it('names the grid value behind a problem once, however many configurations share it', () => {
    const problems = sweepProblems(spec({ grid: { lr: [NaN, 0.1], batchSize: [16, 32, 64] } }))
    expect(problems).toEqual([
      { field: 'grid.lr', message: 'lr = NaN: learning rate must be a number above 0 and at most 100, got NaN' },
    ])
  })

  it('names the drawn value behind a problem in random search', () => {
    const problems = sweepProblems(
      spec({ random: { trials: 20, params: { epochs: { type: 'int-uniform', min: 0, max: 3 } } } }),
    )
    expect(problems).toEqual([
      {
        field: 'random.params.epochs',
        message: 'epochs = 0: set exactly one of epochs and iterations, got epochs 0 and iterations 0',
      },
    ])
  })

  it('sums up long lists of problems in one last line', () => {
    const problems = sweepProblems(spec({ grid: { lr: Array.from({ length: 30 }, (_, i) => -(i + 1)) } }))
    expect(problems).toHaveLength(21)
    expect(problems[20]).toEqual({ field: '', message: 'and 10 more problems like these' })
  })

  it('never throws, whatever it is given', () => {
    for (const junk of [
      null,
      undefined,
      42,
      'sweep',
      [],
      { name: 'x' },
      { name: 'x', base: [] },
      { name: 'x', base: {}, grid: null, random: 3 },
    ]) {
      expect(() => sweepProblems(junk as unknown as SweepSpec)).not.toThrow()
      expect(sweepProblems(junk as unknown as SweepSpec).length).toBeGreaterThan(0)
    }
    expect(sweepProblems(spec({ grid: { hidden: [[128], null as unknown as number[]] } })).length).toBeGreaterThan(0)
  })

  it('accepts a valid spec with no problems', () => {
    expect(sweepProblems(GRID_3x2)).toEqual([] satisfies SweepProblem[])
  })
})
