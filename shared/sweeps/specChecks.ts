import type { Distribution, SweepSpec } from './spec'
import { configProblems, DEFAULT_CONFIG, type TrainConfig } from '../train/config'
import { CONFIG_FIELDS } from '../train/configFields'
import { PRESETS, presetByName } from '../train/presets'

/** One thing wrong with a sweep spec, in words, and where in the spec it is ('grid.lr', 'random.trials'; '' = the whole spec). */
export interface SweepProblem {
  field: string
  message: string
}

export const SWEEP_LIMITS = {
  maxRuns: 10_000,
  maxTrials: 10_000,
  maxRepeats: 100,
  maxNameLength: 200,
  maxSeed: 2 ** 32 - 1,
}

export const DISTRIBUTION_TYPES = ['uniform', 'log-uniform', 'int-uniform', 'choice'] as const

/** What the static checks found, and the parts of the spec the expansion may use if nothing blocks it. */
export interface CheckedSpec {
  problems: SweepProblem[]
  /** False when the grid, random search or run count is too broken to enumerate configurations. */
  canExpand: boolean
  base: Partial<TrainConfig>
  grid: [keyof TrainConfig, unknown[]][]
  random: [keyof TrainConfig, Distribution][]
  trials: number
  repeats: number
  sweepSeed: number
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const isHyperparameter = (key: string): key is keyof TrainConfig => (CONFIG_FIELDS as string[]).includes(key)
const isWhole = (value: unknown, min: number, max: number): value is number =>
  Number.isInteger(value) && (value as number) >= min && (value as number) <= max

const thousands = (n: number): string => n.toLocaleString('en-US')

/** A value as a user would type it: strings quoted, lists in brackets, numbers short. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number')
    return Number.isInteger(value) || !Number.isFinite(value) ? String(value) : String(Number(value.toPrecision(6)))
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`
  if (value === undefined) return 'nothing'
  if (isRecord(value)) return 'an object'
  return String(value)
}

/** The spec's own settings, checked without building a config: everything but the configs' values. */
export function checkSpec(spec: SweepSpec): CheckedSpec {
  const problems: SweepProblem[] = []
  const add = (field: string, message: string): void => {
    problems.push({ field, message })
  }
  let canExpand = true
  const raw: Record<string, unknown> = isRecord(spec) ? spec : {}
  if (!isRecord(spec)) add('', 'a sweep spec must be an object')

  if (typeof raw.name !== 'string' || raw.name.trim() === '') add('name', 'the sweep needs a name')
  else if (raw.name.length > SWEEP_LIMITS.maxNameLength) {
    add('name', `the sweep name must be at most ${SWEEP_LIMITS.maxNameLength} characters, got ${raw.name.length}`)
  }

  let presetConfig: Partial<TrainConfig> = {}
  if (raw.preset !== undefined) {
    const preset = typeof raw.preset === 'string' ? presetByName(raw.preset) : undefined
    if (preset) presetConfig = preset.config
    else
      add('preset', `unknown preset ${formatValue(raw.preset)}; choose one of ${PRESETS.map((p) => p.name).join(', ')}`)
  }

  const base: Partial<TrainConfig> = { ...presetConfig }
  if (!isRecord(raw.base)) add('base', `base must be an object of hyperparameters, got ${formatValue(raw.base)}`)
  else {
    for (const [key, value] of Object.entries(raw.base)) {
      if (isHyperparameter(key)) Object.assign(base, { [key]: value })
      else add(`base.${key}`, `"${key}" is not a hyperparameter`)
    }
  }

  const grid = checkGrid(raw.grid, add)
  canExpand &&= grid !== null

  let trials = 1
  let random: [keyof TrainConfig, Distribution][] = []
  if (raw.random !== undefined) {
    const checked = checkRandom(raw.random, base, add)
    canExpand &&= checked !== null
    if (checked) ({ trials, random } = checked)
  }
  for (const [key] of random) {
    if (grid?.some(([gridKey]) => gridKey === key))
      add(`random.params.${key}`, `"${key}" is both in the grid and in random search; keep it in one`)
  }

  let repeats = 1
  if (raw.repeats !== undefined) {
    if (isWhole(raw.repeats, 1, SWEEP_LIMITS.maxRepeats)) repeats = raw.repeats
    else {
      add(
        'repeats',
        `repeats must be a whole number from 1 to ${SWEEP_LIMITS.maxRepeats}, got ${formatValue(raw.repeats)}`,
      )
      canExpand = false
    }
  }

  let sweepSeed = 0
  if (raw.sweepSeed !== undefined) {
    if (isWhole(raw.sweepSeed, 0, SWEEP_LIMITS.maxSeed)) sweepSeed = raw.sweepSeed
    else
      add(
        'sweepSeed',
        `the sweep seed must be a whole number from 0 to ${SWEEP_LIMITS.maxSeed}, got ${formatValue(raw.sweepSeed)}`,
      )
  }

  if (raw.pruning !== undefined && raw.pruning !== null) {
    const warmup = isRecord(raw.pruning) ? raw.pruning.warmupEpochs : raw.pruning
    if (!isWhole(warmup, 0, Number.MAX_SAFE_INTEGER)) {
      add(
        'pruning.warmupEpochs',
        `pruning warm-up must be a whole number of epochs (0 or more), got ${formatValue(warmup)}`,
      )
    }
  }

  if (grid) {
    const pointCount = grid.reduce((product, [, values]) => product * values.length, 1)
    const runCount = pointCount * trials * repeats
    if (runCount > SWEEP_LIMITS.maxRuns) {
      const factors = [
        ...grid.map(([, values]) => values.length),
        ...(raw.random !== undefined ? [trials] : []),
        ...(raw.repeats !== undefined ? [repeats] : []),
      ]
      const product = factors.length > 1 ? ` (${factors.map(thousands).join(' × ')})` : ''
      add(
        '',
        `the sweep would launch ${thousands(runCount)} runs${product}; at most ${thousands(SWEEP_LIMITS.maxRuns)} are allowed`,
      )
      canExpand = false
    }
  }

  return { problems, canExpand, base, grid: grid ?? [], random, trials, repeats, sweepSeed }
}

type Add = (field: string, message: string) => void

/** The grid's value lists in canonical field order, or null if one cannot be enumerated. */
function checkGrid(grid: unknown, add: Add): [keyof TrainConfig, unknown[]][] | null {
  if (grid === undefined) return []
  if (!isRecord(grid)) {
    add('grid', `the grid must map hyperparameters to lists of values, got ${formatValue(grid)}`)
    return null
  }
  let usable = true
  const lists: [keyof TrainConfig, unknown[]][] = []
  for (const [key, values] of Object.entries(grid)) {
    const field = `grid.${key}`
    if (!isHyperparameter(key)) {
      add(field, `"${key}" is not a hyperparameter`)
      continue
    }
    if (!Array.isArray(values)) {
      add(field, `grid "${key}" must be a list of values, got ${formatValue(values)}`)
      usable = false
    } else if (values.length === 0) {
      add(field, `grid "${key}" has no values`)
      usable = false
    } else {
      const seen = new Set<string>()
      for (const value of values) {
        const identity = Array.isArray(value) ? JSON.stringify(value) : `${typeof value}:${String(value)}`
        if (seen.has(identity)) add(field, `grid "${key}" lists ${formatValue(value)} twice`)
        seen.add(identity)
      }
      // a bare number where a layer list belongs is said once here, not again by every configuration it is in
      const notLists = key === 'hidden' ? values.filter((v) => !Array.isArray(v)) : []
      for (const value of notLists)
        add(field, `grid "hidden" holds layer lists, like [[128], [256, 128]]; got ${formatValue(value)}`)
      const usableValues = values.filter((v) => !notLists.includes(v))
      if (usableValues.length === 0) usable = false
      lists.push([key, usableValues])
    }
  }
  if (!usable) return null
  return CONFIG_FIELDS.flatMap((key) => lists.filter(([listKey]) => listKey === key))
}

/** Trials and distributions in canonical field order, or null if random search cannot draw. */
function checkRandom(
  random: unknown,
  base: Partial<TrainConfig>,
  add: Add,
): { trials: number; random: [keyof TrainConfig, Distribution][] } | null {
  if (!isRecord(random)) {
    add('random', `random search must be an object with trials and params, got ${formatValue(random)}`)
    return null
  }
  let usable = true
  const trials = random.trials
  if (!isWhole(trials, 1, SWEEP_LIMITS.maxTrials)) {
    add(
      'random.trials',
      `random search needs a whole number of trials from 1 to ${thousands(SWEEP_LIMITS.maxTrials)}, got ${formatValue(trials)}`,
    )
    usable = false
  }
  const params = random.params
  if (!isRecord(params) || Object.keys(params).length === 0) {
    add('random.params', 'random search has no hyperparameters to draw')
    return null
  }
  for (const [key, distribution] of Object.entries(params)) {
    if (!isHyperparameter(key)) add(`random.params.${key}`, `"${key}" is not a hyperparameter`)
    else if (!checkDistribution(key, distribution, base, (message) => add(`random.params.${key}`, message)))
      usable = false
  }
  if (!usable) return null
  const chosen = CONFIG_FIELDS.filter((key) => Object.hasOwn(params, key)).map(
    (key): [keyof TrainConfig, Distribution] => [key, params[key] as Distribution],
  )
  return { trials: trials as number, random: chosen }
}

/** Checks one distribution's shape and that its bounds (or choices) make a valid value of the field. */
function checkDistribution(
  key: keyof TrainConfig,
  d: unknown,
  base: Partial<TrainConfig>,
  add: (message: string) => void,
): boolean {
  const type = isRecord(d) ? d.type : undefined
  if (!isRecord(d) || !(DISTRIBUTION_TYPES as readonly unknown[]).includes(type)) {
    add(`random "${key}" has an unknown distribution ${formatValue(type)}; use ${DISTRIBUTION_TYPES.join(', ')}`)
    return false
  }
  if (type === 'choice') {
    if (!Array.isArray(d.values) || d.values.length === 0) {
      add(`random "${key}" has no values to choose from`)
      return false
    }
    const problems = d.values.flatMap((value) =>
      problemsOfValue(key, value, base).map((p) => `random "${key}" choice ${formatValue(value)}: ${p}`),
    )
    problems.forEach(add)
    return problems.length === 0
  }
  if (typeof DEFAULT_CONFIG[key] !== 'number') {
    add(`random "${key}": ${type} ranges suit numeric hyperparameters only; use a choice`)
    return false
  }
  const { min, max } = d
  if (typeof min !== 'number' || !Number.isFinite(min) || typeof max !== 'number' || !Number.isFinite(max)) {
    add(`random "${key}" needs finite numbers for min and max, got ${formatValue(min)} and ${formatValue(max)}`)
    return false
  }
  let ok = true
  if (min > max) {
    add(`random "${key}": min ${formatValue(min)} is above max ${formatValue(max)}`)
    ok = false
  }
  if (type === 'log-uniform' && min <= 0) {
    add(`random "${key}": a log-uniform range needs min above 0, got ${formatValue(min)}`)
    ok = false
  }
  if (type === 'int-uniform' && !(Number.isInteger(min) && Number.isInteger(max))) {
    add(
      `random "${key}": an int-uniform range needs whole-number bounds, got ${formatValue(min)} to ${formatValue(max)}`,
    )
    ok = false
  }
  if (!ok) return false
  // a range whose end is out of bounds is said once, not again for every draw that lands outside
  const problems = (
    [
      ['min', min],
      ['max', max],
    ] as const
  ).flatMap(([bound, value]) =>
    problemsOfValue(key, value, base).map((p) => `random "${key}" ${bound} ${formatValue(value)}: ${p}`),
  )
  problems.forEach(add)
  return problems.length === 0
}

/** Problems that concern only this field when it takes this value on top of the base (range checks, mostly). */
function problemsOfValue(key: keyof TrainConfig, value: unknown, base: Partial<TrainConfig>): string[] {
  const config = { ...DEFAULT_CONFIG, ...base, [key]: value } as TrainConfig
  try {
    return configProblems(config)
      .filter((p) => p.fields.length === 1 && p.fields[0] === key)
      .map((p) => p.message)
  } catch {
    return [] // a value of the wrong type can trip a cross-field check; the expanded config reports it in words
  }
}
