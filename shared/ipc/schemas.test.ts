import { describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG } from '../train/config'
import type { SweepSpec } from '../sweeps/spec'
import { callSchemas, fromTrainerSchema, parseOrExplain, toTrainerSchema } from './schemas'
import type { FromTrainer, ToTrainer } from './trainer'
import { CHANNELS, WorkbenchError, type CallName } from './workbench'

/** The message parseOrExplain throws, or null if the value passes. */
function problemOf(schema: Parameters<typeof parseOrExplain>[0], value: unknown, what: string): string | null {
  try {
    parseOrExplain(schema, value, what)
    return null
  } catch (error) {
    expect(error).toBeInstanceOf(WorkbenchError)
    return (error as Error).message
  }
}
const callProblem = (name: CallName, args: unknown): string | null => problemOf(callSchemas[name], args, CHANNELS[name])
const trainerProblem = (message: unknown): string | null => problemOf(fromTrainerSchema, message, 'trainer message')

const SPEC: SweepSpec = {
  name: 'lr × width',
  preset: 'keras-mlp',
  base: { epochs: 3 },
  grid: { lr: [0.1, 0.01], hidden: [[128], [256, 128]] },
  random: {
    trials: 4,
    params: {
      momentum: { type: 'uniform', min: 0, max: 0.9 },
      activation: { type: 'choice', values: ['relu', 'tanh'] },
    },
  },
  repeats: 2,
  sweepSeed: 7,
  pruning: { warmupEpochs: 1 },
}

const DRAWING = Buffer.from(new Uint8Array(784).fill(7)).toString('base64')

const VALID_CALLS: { [K in CallName]: unknown[] } = {
  version: [],
  listRuns: [
    {
      text: 'adam',
      statuses: ['finished', 'pruned'],
      sweepId: 3,
      params: [
        { key: 'lr', op: '<', value: 0.1 },
        { key: 'optimizer', op: '=', value: 'adam' },
      ],
      sortBy: 'param:lr',
      sortDir: 'desc',
      limit: 50,
      offset: 100,
    },
  ],
  getRun: [1],
  deleteRuns: [[1, 2, 3]],
  metricSeries: [{ runIds: [1, 2], names: ['train/loss', 'val/accuracy'], maxPoints: 500 }],
  confusion: [4],
  model: [4],
  testExamples: [{ runId: 4, trueClass: 3, predictedClass: 5, limit: 20 }],
  launchRun: [{ preset: 'scratch-dnn', name: 'again', lr: 1.5, hidden: [30], nesterov: false }],
  previewSweep: [SPEC],
  launchSweep: [{ name: 'minimal', base: {} }],
  cancelRuns: [[]],
  requeueRuns: [[9]],
  setTags: [1, ['baseline', 'adam']],
  setNotes: [1, 'Diverged above lr 0.5.\nTry warm-up.'],
  listSweeps: [],
  listDatasets: [],
  importDataset: [{ name: 'fashion', trainImages: '/data/train-images.gz', trainLabels: '/data/train-labels.gz' }],
  exportRuns: [{ runIds: [1], format: 'series-csv' }],
  getConcurrency: [],
  setConcurrency: [4],
  saveDrawing: [{ label: 7, pixels: DRAWING }],
  listDrawings: [],
  deleteDrawing: [3],
  scoreOnDrawings: [[1, 2]],
}

describe('callSchemas', () => {
  it('has a schema for every call', () => {
    expect(Object.keys(callSchemas).sort()).toEqual(Object.keys(CHANNELS).sort())
  })

  it.each(Object.entries(VALID_CALLS))('accepts valid arguments of %s unchanged', (name, args) => {
    expect(parseOrExplain(callSchemas[name as CallName], args, name)).toEqual(args)
  })

  // One sentence each: where, what it must be, what came.
  const REJECTED: [CallName, unknown, string][] = [
    ['listRuns', [{ limit: -5 }], 'runs:list: "limit" must be a whole number from 1 to 10000, got -5'],
    ['listRuns', [{ limit: 2.5 }], 'runs:list: "limit" must be a whole number from 1 to 10000, got 2.5'],
    ['listRuns', [{ offset: '10' }], 'runs:list: "offset" must be a whole number, 0 or more, got "10"'],
    [
      'listRuns',
      [{ statuses: ['done'] }],
      'runs:list: "statuses[0]" must be one of queued, running, finished, failed, cancelled, diverged, pruned, interrupted, got "done"',
    ],
    [
      'listRuns',
      [{ params: [{ key: 'lr', op: '<', value: { $gt: 1 } }] }],
      'runs:list: "params[0].value" must be text or a finite number, got an object',
    ],
    [
      'listRuns',
      [{ params: [{ key: 'lr', op: 'LIKE', value: 1 }] }],
      'runs:list: "params[0].op" must be one of =, <, <=, >, >=, !=, got "LIKE"',
    ],
    [
      'listRuns',
      [{ sortBy: 'rowid; DROP TABLE runs' }],
      'runs:list: "sortBy" must be one of createdAt, testAccuracy, bestValAccuracy, duration, status, name, or param:<name>',
    ],
    ['listRuns', [{ colour: 'red' }], 'runs:list: "colour" is not a known field'],
    ['listRuns', [5], 'runs:list: "query" must be an object, got 5'],
    ['listRuns', [], 'runs:list: takes 1 argument (query), got 0'],
    ['listRuns', [{}, {}], 'runs:list: takes 1 argument (query), got 2'],
    ['listRuns', { limit: 5 }, 'runs:list: the arguments must be a list, got an object'],
    ['getRun', [NaN], 'runs:get: "runId" must be a positive whole number, got NaN'],
    ['getRun', [Infinity], 'runs:get: "runId" must be a positive whole number, got Infinity'],
    ['getRun', ['7'], 'runs:get: "runId" must be a positive whole number, got "7"'],
    ['getRun', [0], 'runs:get: "runId" must be a positive whole number, got 0'],
    ['deleteRuns', [[1, 2, -3]], 'runs:delete: "runIds[2]" must be a positive whole number, got -3'],
    [
      'deleteRuns',
      [Array.from({ length: 10_001 }, (_, i) => i + 1)],
      'runs:delete: "runIds" must have at most 10000 items, got 10001 items',
    ],
    ['deleteRuns', [7], 'runs:delete: "runIds" must be a list, got 7'],
    [
      'metricSeries',
      [{ runIds: [1], names: ['accuracy'] }],
      'metrics:series: "names[0]" must be one of train/loss, lr, train/loss_epoch, train/accuracy, val/loss, val/accuracy, got "accuracy"',
    ],
    ['metricSeries', [{ names: ['lr'] }], 'metrics:series: "runIds" is missing'],
    ['setTags', [1, ['ok', 'x'.repeat(51)]], 'runs:tags: "tags[1]" must be at most 50 characters, got 51 characters'],
    [
      'setTags',
      [1, Array.from({ length: 51 }, (_, i) => `t${i}`)],
      'runs:tags: "tags" must have at most 50 items, got 51 items',
    ],
    ['setTags', [1, ['']], 'runs:tags: "tags[0]" must not be empty'],
    ['setNotes', [1, 'x'.repeat(10_001)], 'runs:notes: "notes" must be at most 10000 characters, got 10001 characters'],
    ['setNotes', [1], 'runs:notes: takes 2 arguments (runId, notes), got 1'],
    ['setNotes', [1, null], 'runs:notes: "notes" must be text, got null'],
    ['launchRun', [{ lr: NaN }], 'runs:launch: "lr" must be a finite number, got NaN'],
    ['launchRun', [{ lr: '0.1' }], 'runs:launch: "lr" must be a finite number, got "0.1"'],
    ['launchRun', [{ hidden: 128 }], 'runs:launch: "hidden" must be a list, got 128'],
    ['launchRun', [{ nesterov: 'yes' }], 'runs:launch: "nesterov" must be true or false, got "yes"'],
    ['launchRun', [{ foo: 1 }], 'runs:launch: "foo" is not a hyperparameter'],
    ['launchRun', [{ foo: 1, bar: 2 }], 'runs:launch: "foo", "bar" are not hyperparameters'],
    [
      'launchRun',
      [{ name: 'n'.repeat(201) }],
      'runs:launch: "name" must be at most 200 characters, got 201 characters',
    ],
    ['previewSweep', [{ ...SPEC, name: '' }], 'sweeps:preview: "name" must not be empty'],
    ['previewSweep', [{ base: {} }], 'sweeps:preview: "name" is missing'],
    ['previewSweep', [{ name: 'x' }], 'sweeps:preview: "base" is missing'],
    ['previewSweep', [{ name: 'x', base: { foo: 1 } }], 'sweeps:preview: "base.foo" is not a hyperparameter'],
    ['launchSweep', [{ name: 'x', base: {}, grid: { foo: [1] } }], 'sweeps:launch: "grid.foo" is not a hyperparameter'],
    [
      'launchSweep',
      [{ name: 'x', base: {}, grid: { hidden: [128] } }],
      'sweeps:launch: "grid.hidden[0]" must be a list, got 128',
    ],
    [
      'launchSweep',
      [{ name: 'x', base: {}, grid: { lr: [0.1, NaN] } }],
      'sweeps:launch: "grid.lr[1]" must be a finite number, got NaN',
    ],
    [
      'launchSweep',
      [{ name: 'x', base: {}, grid: { lr: new Array(10_001).fill(0.1) } }],
      'sweeps:launch: "grid.lr" must have at most 10000 items, got 10001 items',
    ],
    [
      'launchSweep',
      [{ name: 'x', base: {}, random: { trials: 3, params: { lr: { type: 'gauss', min: 0, max: 1 } } } }],
      'sweeps:launch: "random.params.lr.type" must be one of uniform, log-uniform, int-uniform, choice, got "gauss"',
    ],
    [
      'launchSweep',
      [{ name: 'x', base: {}, random: { trials: 3, params: { lr: { type: 'uniform', min: 0 } } } }],
      'sweeps:launch: "random.params.lr.max" is missing',
    ],
    [
      'launchSweep',
      [{ name: 'x', base: {}, random: { trials: 3, params: { activation: { type: 'choice', values: [] } } } }],
      'sweeps:launch: "random.params.activation.values" must not be empty',
    ],
    [
      'launchSweep',
      [{ name: 'x', base: {}, pruning: { warmupEpochs: 1, patience: 3 } }],
      'sweeps:launch: "pruning.patience" is not a known field',
    ],
    [
      'importDataset',
      [{ name: 'x', trainImages: '/a', trainLabels: '' }],
      'datasets:import: "trainLabels" must not be empty',
    ],
    ['importDataset', [{ name: 'x', trainImages: '/a' }], 'datasets:import: "trainLabels" is missing'],
    [
      'exportRuns',
      [{ runIds: [1], format: 'xml' }],
      'runs:export: "format" must be one of runs-csv, series-csv, series-json, got "xml"',
    ],
    ['setConcurrency', [0], 'scheduler:set-concurrency: "limit" must be a whole number from 1 to 256, got 0'],
    ['version', [1], 'app:version: takes 0 arguments, got 1'],
    [
      'saveDrawing',
      [{ label: 10.5, pixels: DRAWING }],
      'drawings:save: "label" must be a whole number from 0 to 255, got 10.5',
    ],
    [
      'saveDrawing',
      [{ label: 3, pixels: DRAWING.slice(4) }],
      'drawings:save: "pixels" must be base64 of 784 bytes (28×28 grey levels)',
    ],
    [
      'saveDrawing',
      [{ label: 3, pixels: `${DRAWING.slice(0, 1045)}!==` }],
      'drawings:save: "pixels" must be base64 of 784 bytes (28×28 grey levels)',
    ],
    ['saveDrawing', [{ label: 3 }], 'drawings:save: "pixels" is missing'],
    ['deleteDrawing', [-1], 'drawings:delete: "drawingId" must be a positive whole number, got -1'],
    ['scoreOnDrawings', [[]], 'drawings:score: "runIds" must name at least one run'],
  ]

  it.each(REJECTED.map(([name, args, message]) => [message, name, args] as const))('%s', (message, name, args) => {
    expect(callProblem(name, args)).toBe(message)
  })

  it('counts the problems it does not spell out', () => {
    expect(callProblem('listRuns', [{ limit: 0, offset: -1, sortDir: 'up' }])).toMatch(
      /^runs:list: "(limit|offset|sortDir)" must be .* \(and 2 more problems\)$/,
    )
    expect(callProblem('setNotes', [0, 5])).toMatch(/^runs:notes: "(runId|notes)" must be .* \(and 1 more problem\)$/)
  })

  it('checks configs for shape only, leaving their sense to resolveConfig and expandSweep', () => {
    expect(callProblem('launchRun', [{ activation: 'swish', lr: -1, hidden: [0] }])).toBeNull()
    expect(
      callProblem('previewSweep', [
        { name: 'x', base: {}, grid: { lr: [] }, repeats: 0, random: { trials: 0, params: {} } },
      ]),
    ).toBeNull()
  })

  it('keeps long keys and values short in the sentence', () => {
    const message = callProblem('launchRun', [{ ['k'.repeat(5000)]: 1 }]) ?? ''
    expect(message.length).toBeLessThan(120)
    expect(callProblem('getRun', ['v'.repeat(5000)])?.length).toBeLessThan(120)
  })

  it('says something readable about any junk, never a dump', () => {
    const junk: unknown[] = [
      undefined,
      null,
      0,
      'x',
      [],
      {},
      [null],
      [[]],
      [{}],
      [undefined, undefined],
      [{ a: { b: [1] } }],
      [Symbol('s')],
      [() => 1],
      [new Date(0)],
    ]
    for (const name of Object.keys(CHANNELS) as CallName[]) {
      for (const args of junk) {
        const message = callProblem(name, args)
        if (message === null) continue
        expect(message.startsWith(`${CHANNELS[name]}: `), message).toBe(true)
        expect(message, message).not.toMatch(/\[object |Invalid input|expected |received |\n/)
      }
    }
  })
})

const START: ToTrainer = {
  type: 'start',
  runId: 3,
  config: DEFAULT_CONFIG,
  dataset: {
    name: 'mnist',
    trainImages: '/m/train-images.gz',
    trainLabels: '/m/train-labels.gz',
    testImages: null,
    testLabels: null,
  },
}

describe('toTrainerSchema', () => {
  it('accepts a start with a full config, and a cancel', () => {
    expect(parseOrExplain(toTrainerSchema, START, 'to trainer')).toEqual(START)
    expect(parseOrExplain(toTrainerSchema, { type: 'cancel' }, 'to trainer')).toEqual({ type: 'cancel' })
  })

  it('names what is wrong with a start', () => {
    const { lr: _, ...withoutLr } = DEFAULT_CONFIG
    expect(problemOf(toTrainerSchema, { ...START, config: withoutLr }, 'trainer start')).toBe(
      'trainer start: "config.lr" is missing',
    )
    expect(problemOf(toTrainerSchema, { ...START, config: { ...DEFAULT_CONFIG, colour: 1 } }, 'trainer start')).toBe(
      'trainer start: "config.colour" is not a hyperparameter',
    )
    expect(
      problemOf(toTrainerSchema, { ...START, dataset: { ...START.dataset, testImages: '/t' } }, 'trainer start'),
    ).toBe('trainer start: "dataset" must name test images and test labels together, or neither')
    expect(problemOf(toTrainerSchema, { type: 'stop' }, 'trainer start')).toBe(
      'trainer start: "type" must be one of start, cancel, threads, got "stop"',
    )
  })
})

const FROM_TRAINER: FromTrainer[] = [
  { type: 'started', runId: 1, totalSteps: 4690, parameterCount: 101_770 },
  {
    type: 'metrics',
    runId: 1,
    points: [{ name: 'train/loss', step: 1, epoch: 0.002, value: 2.3, wallTime: 1_700_000_000_000 }],
  },
  {
    type: 'confusion',
    runId: 1,
    records: [{ split: 'validation', step: 469, epoch: 1, classes: 2, counts: [40, 2, 3, 55] }],
  },
  { type: 'progress', runId: 1, step: 100, totalSteps: 4690, epoch: 0.2, fraction: 0.021, etaSeconds: 41.5 },
  { type: 'model', runId: 1, model: '{"spec":{}}' },
  { type: 'done', runId: 1, status: 'finished', message: 'finished 4690 steps', testAccuracy: 0.9712, testLoss: 0.09 },
  { type: 'done', runId: 1, status: 'diverged', message: 'diverged at step 12', testAccuracy: null, testLoss: null },
  { type: 'error', runId: null, message: 'cannot read /m/train-images.gz' },
  { type: 'heartbeat' },
]

describe('fromTrainerSchema', () => {
  it.each(FROM_TRAINER.map((m) => [m.type, m] as const))('accepts %s', (_, message) => {
    expect(parseOrExplain(fromTrainerSchema, message, 'trainer message')).toEqual(message)
  })

  it('keeps a diverged metric as NaN, also when a JSON transport made it null', () => {
    const point = (value: number | null) => ({
      type: 'metrics',
      runId: 1,
      points: [{ name: 'val/loss', step: 5, epoch: 1, value, wallTime: 1 }],
    })
    const values = (m: unknown) =>
      (parseOrExplain(fromTrainerSchema, m, 'm') as Extract<FromTrainer, { type: 'metrics' }>).points[0].value
    expect(values(point(NaN))).toBeNaN()
    expect(values(point(null))).toBeNaN()
    expect(values(point(Infinity))).toBe(Infinity)
  })

  it('cuts an overlong message rather than losing it', () => {
    const parsed = parseOrExplain(
      fromTrainerSchema,
      { type: 'error', runId: 2, message: 'e'.repeat(50_000) },
      'm',
    ) as Extract<FromTrainer, { type: 'error' }>
    expect(parsed.message).toHaveLength(10_001)
  })

  const REJECTED: [string, unknown, string][] = [
    [
      'an unknown type',
      { type: 'bogus', runId: 1 },
      'trainer message: "type" must be one of started, metrics, confusion, progress, model, done, error, heartbeat, got "bogus"',
    ],
    [
      'no type',
      { runId: 1 },
      'trainer message: "type" must be one of started, metrics, confusion, progress, model, done, error, heartbeat, got nothing',
    ],
    ['not an object', 'started', 'trainer message: must be an object, got "started"'],
    ['null', null, 'trainer message: must be an object, got null'],
    ['a missing field', { type: 'started', runId: 1, totalSteps: 10 }, 'trainer message: "parameterCount" is missing'],
    ['an extra field', { type: 'heartbeat', at: 5 }, 'trainer message: "at" is not a known field'],
    [
      'a wrong type',
      { type: 'started', runId: '1', totalSteps: 10, parameterCount: 5 },
      'trainer message: "runId" must be a positive whole number, got "1"',
    ],
    [
      'NaN where a count belongs',
      { type: 'progress', runId: 1, step: NaN, totalSteps: 10, epoch: 0, fraction: 0, etaSeconds: 1 },
      'trainer message: "step" must be a whole number, 0 or more, got NaN',
    ],
    [
      'a fraction above 1',
      { type: 'progress', runId: 1, step: 1, totalSteps: 10, epoch: 0, fraction: 1.5, etaSeconds: 1 },
      'trainer message: "fraction" must be a fraction from 0 to 1, got 1.5',
    ],
    [
      'an infinite ETA',
      { type: 'progress', runId: 1, step: 1, totalSteps: 10, epoch: 0, fraction: 0.1, etaSeconds: Infinity },
      'trainer message: "etaSeconds" must be a finite number, got Infinity',
    ],
    [
      'an unknown metric',
      { type: 'metrics', runId: 1, points: [{ name: 'f1', step: 1, epoch: 0, value: 1, wallTime: 1 }] },
      'trainer message: "points[0].name" must be one of train/loss, lr, train/loss_epoch, train/accuracy, val/loss, val/accuracy, got "f1"',
    ],
    [
      'a metric value as text',
      { type: 'metrics', runId: 1, points: [{ name: 'lr', step: 1, epoch: 0, value: '0.1', wallTime: 1 }] },
      'trainer message: "points[0].value" must be a number (or null for NaN), got "0.1"',
    ],
    [
      'too many points',
      {
        type: 'metrics',
        runId: 1,
        points: new Array(100_001).fill({ name: 'lr', step: 1, epoch: 0, value: 1, wallTime: 1 }),
      },
      'trainer message: "points" must have at most 100000 items, got 100001 items',
    ],
    [
      'a confusion matrix of the wrong size',
      { type: 'confusion', runId: 1, records: [{ split: 'test', step: 1, epoch: 1, classes: 10, counts: [1, 2] }] },
      'trainer message: "records[0]" must hold classes × classes counts',
    ],
    [
      'an unknown outcome',
      { type: 'done', runId: 1, status: 'ok', message: '', testAccuracy: null, testLoss: null },
      'trainer message: "status" must be one of finished, diverged, cancelled, got "ok"',
    ],
    ['an empty model', { type: 'model', runId: 1, model: '' }, 'trainer message: "model" must not be empty'],
  ]

  it.each(REJECTED)('rejects %s in one sentence', (_, message, expected) => {
    expect(trainerProblem(message)).toBe(expected)
  })
})
