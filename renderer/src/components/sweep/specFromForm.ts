// Form state → SweepSpec. A value that cannot be read (a "1e-" half typed, a layer list with a letter in it) is
// reported beside its field and left out of the spec, so the spec's own checks never repeat it as "got NaN".
import type { Distribution, SweepSpec } from '../../../../shared/sweeps/spec'
import type { TrainConfig } from '../../../../shared/train/config'
import { FIELD_DEFS, PARAM_KEYS, startingConfig, type FieldState, type ParamKey, type SweepForm } from './formState'

/** Where in the form a problem is shown: a hyperparameter's row, one of the sweep's own inputs, or '' (the top). */
export type FormField = ParamKey | 'name' | 'trials' | 'sweepSeed' | 'repeats' | 'warmupEpochs' | ''

export interface FormProblem {
  field: FormField
  message: string
}

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string }
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value })
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message })

/** The values a field may take as the form stands, as typed (for deciding which other fields matter). */
function possibleValues(key: ParamKey, state: FieldState): string[] {
  if (state.mode === 'single') return [state.single.trim()]
  if (state.mode === 'random' && state.distribution !== 'choice') return []
  return splitList(key, state.list)
}

/** The hyperparameters that matter for the form's choices: Adam's betas only if Adam may run, and so on. */
export function relevantFields(form: SweepForm): Set<ParamKey> {
  const may = (key: ParamKey, value: string): boolean => possibleValues(key, form.fields[key]).includes(value)
  const shown = new Set(PARAM_KEYS)
  const drop = (...keys: ParamKey[]): void => keys.forEach((key) => shown.delete(key))
  if (!may('task', 'binary')) drop('positiveClass')
  if (!may('optimizer', 'sgd')) drop('momentum', 'nesterov')
  if (!may('optimizer', 'adam')) drop('beta1', 'beta2', 'epsilon')
  if (!may('schedule', 'step')) drop('stepEvery', 'stepGamma')
  if (!may('schedule', 'cosine')) drop('minLr')
  if (form.lengthUnit === 'epochs') drop('iterations', 'evalEvery')
  else drop('epochs')
  return shown
}

/** The name used when the name box is blank: the preset and what varies, e.g. "keras-mlp · lr, batchSize". */
export function suggestedName(form: SweepForm): string {
  const relevant = relevantFields(form)
  const varying = PARAM_KEYS.filter((key) => relevant.has(key) && form.fields[key].mode !== 'single')
  return [form.preset ?? 'custom', ...(varying.length > 0 ? [varying.join(', ')] : [])].join(' · ')
}

/**
 * The spec the form describes: the preset, the single values that differ from it as `base`, value lists as the grid,
 * random ranges as random search. Fields that do not apply (Adam's betas under SGD) are left at the preset's values.
 */
export function specFromForm(form: SweepForm): { spec: SweepSpec; problems: FormProblem[] } {
  const problems: FormProblem[] = []
  const report = (field: FormField, message: string): void => {
    problems.push({ field, message })
  }
  const starting = startingConfig(form.preset)
  const base: Partial<TrainConfig> = {}
  const grid: Partial<Record<ParamKey, unknown[]>> = {}
  const params: Partial<Record<ParamKey, Distribution>> = {}
  const relevant = relevantFields(form)

  for (const key of PARAM_KEYS) {
    if (!relevant.has(key)) continue
    const state = form.fields[key]
    if (state.mode === 'single') {
      const parsed = parseValue(key, state.single)
      if (!parsed.ok) report(key, parsed.message)
      else if (!same(parsed.value, starting[key])) Object.assign(base, { [key]: parsed.value })
    } else if (state.mode === 'list') {
      const parsed = parseList(key, state.list)
      if (!parsed.ok) report(key, parsed.message)
      else grid[key] = parsed.value
    } else {
      const parsed = parseDistribution(key, state)
      if (!parsed.ok) report(key, parsed.message)
      else params[key] = parsed.value
    }
  }
  // the other length counts as unset, whatever the preset had
  const idle = form.lengthUnit === 'epochs' ? 'iterations' : 'epochs'
  if (starting[idle] !== 0) base[idle] = 0

  const spec: SweepSpec = { name: form.name.trim() || suggestedName(form), base }
  if (form.preset) spec.preset = form.preset
  if (Object.keys(grid).length > 0) spec.grid = grid
  if (Object.keys(params).length > 0) {
    const trials = parseNumber(form.trials)
    if (!trials.ok) report('trials', trials.message)
    spec.random = { trials: trials.ok ? trials.value : 1, params }
    if (form.sweepSeed.trim() !== '') {
      const seed = parseNumber(form.sweepSeed)
      if (seed.ok) spec.sweepSeed = seed.value
      else report('sweepSeed', seed.message)
    }
  }
  const repeats = parseNumber(form.repeats)
  if (!repeats.ok) report('repeats', repeats.message)
  else if (repeats.value !== 1) spec.repeats = repeats.value
  if (form.pruning) {
    const warmup = parseNumber(form.warmupEpochs)
    if (warmup.ok) spec.pruning = { warmupEpochs: warmup.value }
    else report('warmupEpochs', warmup.message)
  }
  return { spec, problems }
}

function parseValue(key: ParamKey, text: string): Parsed<unknown> {
  const t = text.trim()
  switch (FIELD_DEFS[key].kind) {
    case 'float':
    case 'int':
      return key === 'batchSize' && /^full$/i.test(t) ? ok(0) : parseNumber(t)
    case 'layers':
      return parseLayers(t)
    case 'bool':
      return t === 'true' ? ok(true) : t === 'false' ? ok(false) : fail(`"${t}" is neither true nor false`)
    default:
      return t === '' ? fail('choose a value') : ok(t)
  }
}

function parseNumber(text: string): Parsed<number> {
  const t = text.trim()
  if (t === '') return fail('needs a number')
  const value = Number(t)
  return Number.isFinite(value) ? ok(value) : fail(`"${t}" is not a number`)
}

/** "512, 256, 128" (or spaces between) → [512, 256, 128]; blank or "none" → no hidden layers. */
function parseLayers(text: string): Parsed<number[]> {
  if (text === '' || /^none$/i.test(text)) return ok([])
  const units = text.split(/[\s,]+/).filter(Boolean)
  const bad = units.find((u) => !Number.isFinite(Number(u)))
  if (bad !== undefined) return fail(`"${bad}" is not a number of units; write layers like 512, 256, 128`)
  return ok(units.map(Number))
}

/** Alternatives are separated by commas, except layer lists, which are separated by "|". */
function splitList(key: ParamKey, text: string): string[] {
  const items = FIELD_DEFS[key].kind === 'layers' ? text.split('|') : text.split(/[\s,]+/)
  return items.map((item) => item.trim()).filter((item) => item !== '')
}

function parseList(key: ParamKey, text: string): Parsed<unknown[]> {
  const items = splitList(key, text)
  if (items.length === 0)
    return fail(
      FIELD_DEFS[key].kind === 'layers'
        ? 'list at least one set of layers, e.g. 128 | 256, 128'
        : 'list at least one value',
    )
  const values: unknown[] = []
  for (const item of items) {
    const parsed = parseValue(key, item)
    if (!parsed.ok) return parsed
    values.push(parsed.value)
  }
  return ok(values)
}

function parseDistribution(key: ParamKey, state: FieldState): Parsed<Distribution> {
  if (state.distribution === 'choice') {
    const values = parseList(key, state.list)
    return values.ok ? ok({ type: 'choice', values: values.value }) : values
  }
  const min = parseNumber(state.min)
  if (!min.ok) return fail(`min ${min.message}`)
  const max = parseNumber(state.max)
  if (!max.ok) return fail(`max ${max.message}`)
  return ok({ type: state.distribution, min: min.value, max: max.value })
}

const same = (a: unknown, b: unknown): boolean =>
  Array.isArray(a) || Array.isArray(b) ? JSON.stringify(a) === JSON.stringify(b) : a === b
