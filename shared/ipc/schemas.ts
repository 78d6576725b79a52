import { z } from 'zod'
import type { TrainConfig } from '../train/config'
import { METRIC_NAMES, RUN_STATUSES, type RunQuery } from '../runs/run'
import type { Distribution, SweepSpec } from '../sweeps/spec'
import type { FromTrainer, ToTrainer } from './trainer'
import { ARGUMENT_NAMES, NOT_HYPERPARAMETER, NOT_KNOWN_FIELD, parseOrExplain } from './explain'
import type { CallName, WorkbenchCalls } from './workbench'

/**
 * Checks for everything that crosses a process boundary, applied where it arrives. Each check says what it wants
 * as a requirement ("must be a whole number from 1 to 10000"); parseOrExplain adds where and what it got.
 * Configs are checked for shape here (known keys, right primitive types) and for sense by resolveConfig/expandSweep.
 */
export const IPC_LIMITS = {
  name: 200,
  text: 1000,
  notes: 10_000,
  tag: 50,
  tags: 50,
  ids: 10_000,
  points: 100_000,
  records: 1000,
  path: 4096,
  message: 10_000,
  layers: 100,
  values: 10_000,
  filters: 100,
  concurrency: 256,
  // far above any model the config limits allow to train in memory, below V8's longest string
  modelChars: 400_000_000,
}

// A schema's own requirement, except for a value that is absent: that one is "is missing", said by requirementOf.
const says = (message: string) => (issue: { code: string; input?: unknown }) =>
  issue.code === 'invalid_type' && issue.input === undefined ? undefined : message

const finite = z.number({ error: says('must be a finite number') })
const anyNumber = z.custom<number>((v) => typeof v === 'number', { error: says('must be a number') })
// JSON transports (child_process, WebSocket) turn NaN into null; a diverged value is NaN again here
const metricValue = z.union([anyNumber, z.null().transform(() => NaN)], {
  error: says('must be a number (or null for NaN)'),
})

function whole(min: number, max: number, message = `must be a whole number from ${min} to ${max}`) {
  return z
    .number({ error: says(message) })
    .int({ error: message })
    .min(min, { error: message })
    .max(max, { error: message })
}
const id = whole(1, Number.MAX_SAFE_INTEGER, 'must be a positive whole number')
const count = whole(0, Number.MAX_SAFE_INTEGER, 'must be a whole number, 0 or more')
const nonNegative = finite.min(0, { error: 'must be a finite number, 0 or more' })

function text(max: number, { nonEmpty = false } = {}) {
  const base = z.string({ error: says('must be text') }).max(max, { error: `must be at most ${max} characters` })
  return nonEmpty ? base.min(1, { error: 'must not be empty' }) : base
}
// Messages from a trainer are cut rather than refused: losing a run's error is worse than shortening it.
const trainerText = z
  .string({ error: says('must be text') })
  .transform((s) => (s.length > IPC_LIMITS.message ? `${s.slice(0, IPC_LIMITS.message)}…` : s))

function list<T extends z.ZodType>(item: T, max: number) {
  return z.array(item, { error: says('must be a list') }).max(max, { error: `must have at most ${max} items` })
}
function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: says(`must be one of ${values.join(', ')}`) })
}
const strict = <T extends z.ZodRawShape>(shape: T, unknownKey = NOT_KNOWN_FIELD) =>
  z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? unknownKey : says('must be an object')(issue)),
  })

const ids = list(id, IPC_LIMITS.ids)
const path = text(IPC_LIMITS.path, { nonEmpty: true })

// ——— configs: shape only ———

type Fields<V> = { [K in keyof TrainConfig]: V }
const CONFIG_FIELDS: Fields<z.ZodType> = {
  dataset: text(IPC_LIMITS.name),
  task: text(IPC_LIMITS.name),
  positiveClass: finite,
  hidden: list(finite, IPC_LIMITS.layers),
  activation: text(IPC_LIMITS.name),
  outputActivation: text(IPC_LIMITS.name),
  dropout: finite,
  loss: text(IPC_LIMITS.name),
  init: text(IPC_LIMITS.name),
  optimizer: text(IPC_LIMITS.name),
  lr: finite,
  momentum: finite,
  nesterov: z.boolean({ error: says('must be true or false') }),
  weightDecay: finite,
  beta1: finite,
  beta2: finite,
  epsilon: finite,
  schedule: text(IPC_LIMITS.name),
  stepEvery: finite,
  stepGamma: finite,
  minLr: finite,
  batchSize: finite,
  epochs: finite,
  iterations: finite,
  evalEvery: finite,
  seed: finite,
  validationSize: finite,
  trainLimit: finite,
  testLimit: finite,
}
const eachField = <V extends z.ZodType>(make: (field: z.ZodType) => V): Fields<V> =>
  Object.fromEntries(Object.entries(CONFIG_FIELDS).map(([key, field]) => [key, make(field)])) as Fields<V>

// The casts say what the values will be once resolveConfig has checked their sense (e.g. activation names).
const fullConfig = strict(CONFIG_FIELDS, NOT_HYPERPARAMETER) as unknown as z.ZodType<TrainConfig>
const partialFields = eachField((field) => field.optional())
const partialConfig = strict(partialFields, NOT_HYPERPARAMETER) as unknown as z.ZodType<Partial<TrainConfig>>
const launchFields = {
  ...partialFields,
  preset: text(IPC_LIMITS.name).optional(),
  name: text(IPC_LIMITS.name).optional(),
}
const launchRequest = strict(launchFields, NOT_HYPERPARAMETER) as unknown as z.ZodType<
  Partial<TrainConfig> & { preset?: string; name?: string }
>
const grid = strict(
  eachField((field) => list(field, IPC_LIMITS.values).optional()),
  NOT_HYPERPARAMETER,
) as unknown as z.ZodType<NonNullable<SweepSpec['grid']>>

function distribution(field: z.ZodType) {
  const range = (type: 'uniform' | 'log-uniform' | 'int-uniform') =>
    strict({ type: z.literal(type), min: finite, max: finite })
  const choice = strict({
    type: z.literal('choice'),
    values: list(field, IPC_LIMITS.values).min(1, { error: 'must not be empty' }),
  })
  return z.discriminatedUnion('type', [range('uniform'), range('log-uniform'), range('int-uniform'), choice])
}
const randomParams = strict(
  eachField((field) => distribution(field).optional()),
  NOT_HYPERPARAMETER,
) as unknown as z.ZodType<Partial<Record<keyof TrainConfig, Distribution>>>

const sweepSpec = strict({
  name: text(IPC_LIMITS.name, { nonEmpty: true }),
  preset: text(IPC_LIMITS.name).optional(),
  base: partialConfig,
  grid: grid.optional(),
  random: strict({ trials: finite, params: randomParams }).optional(),
  repeats: finite.optional(),
  sweepSeed: finite.optional(),
  pruning: strict({ warmupEpochs: finite }).nullable().optional(),
}) satisfies z.ZodType<SweepSpec>

// ——— renderer → host calls ———

const SORT_KEYS = ['createdAt', 'testAccuracy', 'bestValAccuracy', 'duration', 'status', 'name'] as const
const sortBy = z.custom<NonNullable<RunQuery['sortBy']>>(
  (v) =>
    typeof v === 'string' &&
    v.length <= IPC_LIMITS.name &&
    ((SORT_KEYS as readonly string[]).includes(v) || /^param:.+/.test(v)),
  { error: says(`must be one of ${SORT_KEYS.join(', ')}, or param:<name>`) },
)
const runQuery = strict({
  text: text(IPC_LIMITS.text).optional(),
  statuses: list(oneOf(RUN_STATUSES), RUN_STATUSES.length).optional(),
  sweepId: id.optional(),
  params: list(
    strict({
      key: text(IPC_LIMITS.name, { nonEmpty: true }),
      op: oneOf(['=', '<', '<=', '>', '>=', '!=']),
      value: z.union([text(IPC_LIMITS.text), finite], { error: says('must be text or a finite number') }),
    }),
    IPC_LIMITS.filters,
  ).optional(),
  sortBy: sortBy.optional(),
  sortDir: oneOf(['asc', 'desc']).optional(),
  limit: whole(1, 10_000).optional(),
  offset: count.optional(),
}) satisfies z.ZodType<RunQuery>

const seriesRequest = strict({
  runIds: ids,
  names: list(oneOf(METRIC_NAMES), METRIC_NAMES.length),
  maxPoints: whole(2, IPC_LIMITS.points).optional(),
})
const datasetImport = strict({
  name: text(IPC_LIMITS.name, { nonEmpty: true }),
  trainImages: path,
  trainLabels: path,
  testImages: path.optional(),
  testLabels: path.optional(),
})

// 784 bytes are 261 whole groups of three, then one byte: 1046 characters and "=="
const drawingPixels = z
  .string({ error: says('must be text') })
  .refine((v) => /^[A-Za-z0-9+/]{1046}==$/.test(v), { error: 'must be base64 of 784 bytes (28×28 grey levels)' })
const newDrawing = strict({ label: whole(0, 255), pixels: drawingPixels })

/** A call's argument tuple, with its argument names registered so problems can name them. */
function args<T extends [z.ZodType, ...z.ZodType[]] | []>(names: { [K in keyof T]: string }, schemas: T) {
  const tuple = (schemas.length === 0 ? z.tuple([]) : z.tuple(schemas as [z.ZodType, ...z.ZodType[]])) as z.ZodTuple<
    T,
    null
  >
  ARGUMENT_NAMES.set(tuple, names as string[])
  return tuple
}

type CallSchemas = { [K in CallName]: z.ZodType<Parameters<WorkbenchCalls[K]>> }

/** The argument list of every renderer → host call; validate with parseOrExplain(callSchemas[name], args, CHANNELS[name]). */
export const callSchemas: CallSchemas = {
  version: args([], []),
  listRuns: args(['query'], [runQuery]),
  getRun: args(['runId'], [id]),
  deleteRuns: args(['runIds'], [ids]),
  metricSeries: args(['request'], [seriesRequest]),
  confusion: args(['runId'], [id]),
  model: args(['runId'], [id]),
  testExamples: args(
    ['request'],
    [strict({ runId: id, trueClass: whole(0, 255), predictedClass: whole(0, 255), limit: whole(1, 500) })],
  ),
  launchRun: args(['config'], [launchRequest]),
  previewSweep: args(['spec'], [sweepSpec]),
  launchSweep: args(['spec'], [sweepSpec]),
  cancelRuns: args(['runIds'], [ids]),
  requeueRuns: args(['runIds'], [ids]),
  setTags: args(['runId', 'tags'], [id, list(text(IPC_LIMITS.tag, { nonEmpty: true }), IPC_LIMITS.tags)]),
  setNotes: args(['runId', 'notes'], [id, text(IPC_LIMITS.notes)]),
  listSweeps: args([], []),
  listDatasets: args([], []),
  importDataset: args(['request'], [datasetImport]),
  exportRuns: args(['request'], [strict({ runIds: ids, format: oneOf(['runs-csv', 'series-csv', 'series-json']) })]),
  getConcurrency: args([], []),
  setConcurrency: args(['limit'], [whole(1, IPC_LIMITS.concurrency)]),
  saveDrawing: args(['drawing'], [newDrawing]),
  listDrawings: args([], []),
  deleteDrawing: args(['drawingId'], [id]),
  scoreOnDrawings: args(['runIds'], [ids.min(1, { error: 'must name at least one run' })]),
}

// ——— host ↔ trainer messages ———

const datasetFiles = strict({
  name: text(IPC_LIMITS.name, { nonEmpty: true }),
  trainImages: path,
  trainLabels: path,
  testImages: path.nullable(),
  testLabels: path.nullable(),
}).refine((d) => (d.testImages === null) === (d.testLabels === null), {
  error: 'must name test images and test labels together, or neither',
})

export const toTrainerSchema = z.discriminatedUnion('type', [
  strict({
    type: z.literal('start'),
    runId: id,
    config: fullConfig,
    dataset: datasetFiles,
    threads: z.number().int().min(1).max(2).optional(),
  }),
  strict({ type: z.literal('cancel') }),
  strict({ type: z.literal('threads'), threads: z.number().int().min(1).max(2) }),
]) satisfies z.ZodType<ToTrainer>

const metricPoint = strict({
  name: oneOf(METRIC_NAMES),
  step: count,
  epoch: nonNegative,
  value: metricValue,
  wallTime: nonNegative,
})
const confusionRecord = strict({
  split: oneOf(['validation', 'test']),
  step: count,
  epoch: nonNegative,
  classes: whole(1, 256),
  counts: list(count, 256 * 256),
}).refine((r) => r.counts.length === r.classes * r.classes, { error: 'must hold classes × classes counts' })

export const fromTrainerSchema = z.discriminatedUnion('type', [
  strict({
    type: z.literal('started'),
    runId: id,
    totalSteps: count,
    parameterCount: count,
    threads: z.number().int().min(1).max(2).optional(),
  }),
  strict({ type: z.literal('metrics'), runId: id, points: list(metricPoint, IPC_LIMITS.points) }),
  strict({ type: z.literal('confusion'), runId: id, records: list(confusionRecord, IPC_LIMITS.records) }),
  strict({
    type: z.literal('progress'),
    runId: id,
    step: count,
    totalSteps: count,
    epoch: nonNegative,
    fraction: finite
      .min(0, { error: 'must be a fraction from 0 to 1' })
      .max(1, { error: 'must be a fraction from 0 to 1' }),
    etaSeconds: nonNegative,
  }),
  strict({ type: z.literal('model'), runId: id, model: text(IPC_LIMITS.modelChars, { nonEmpty: true }) }),
  strict({
    type: z.literal('done'),
    runId: id,
    status: oneOf(['finished', 'diverged', 'cancelled']),
    message: trainerText,
    testAccuracy: finite
      .min(0, { error: 'must be a fraction from 0 to 1' })
      .max(1, { error: 'must be a fraction from 0 to 1' })
      .nullable(),
    testLoss: anyNumber.nullable(),
  }),
  strict({ type: z.literal('error'), runId: id.nullable(), message: trainerText }),
  strict({ type: z.literal('heartbeat') }),
]) satisfies z.ZodType<FromTrainer>

// callers validate with parseOrExplain from here, next to the schemas
export { parseOrExplain }
