import { CONFIG_FIELDS, varyingFields } from '../train/configFields'
import type { Distribution, SweepPreview, SweepSpec } from './spec'
import { Rng } from '../nn/rng'
import { ConfigError, resolveConfig, type ConfigProblem, type TrainConfig } from '../train/config'
import { checkSpec, formatValue, SWEEP_LIMITS, type CheckedSpec, type SweepProblem } from './specChecks'

export { SWEEP_LIMITS, type SweepProblem } from './specChecks'

/** Problems listed before the rest are summed up in one line, so a broken 10,000-run grid stays readable. */
const MAX_LISTED_PROBLEMS = 20

export class SweepError extends Error {
  constructor(readonly problems: SweepProblem[]) {
    super(problems.map((p) => p.message).join('; '))
    this.name = 'SweepError'
  }
}

/** One configuration before repeats: the grid point's values and the random draws on top of the base. */
interface Candidate {
  overrides: Partial<TrainConfig>
  /** Where each override came from, for the field of a problem it causes. */
  sources: Partial<Record<keyof TrainConfig, 'grid' | 'random.params'>>
}

/**
 * The runs a sweep launches, in launch order: (grid points × random trials) shuffled by the sweep seed so that
 * partial results are representative, then that order once per repeat with seeds base seed + 0, + 1, ….
 * Throws a SweepError listing every problem when the spec or any configuration it makes is invalid.
 */
export function expandSweep(spec: SweepSpec): SweepPreview {
  const { problems, preview } = analyse(spec)
  if (problems.length > 0 || !preview) throw new SweepError(problems)
  return preview
}

/** Every problem of a spec, in words, with the field each concerns; empty when expandSweep would succeed. Never throws. */
export function sweepProblems(spec: SweepSpec): SweepProblem[] {
  return analyse(spec).problems
}

function analyse(spec: SweepSpec): { problems: SweepProblem[]; preview: SweepPreview | null } {
  const checked = checkSpec(spec)
  if (!checked.canExpand) return { problems: checked.problems, preview: null }
  const candidates = enumerate(checked)
  const resolved = candidates.map((c) => tryResolve({ ...checked.base, ...c.overrides }))
  const problems = [...checked.problems, ...attribute(candidates, resolved)]
  if (problems.length > 0) return { problems: summarise(problems), preview: null }

  const configs0 = resolved.map((r) => r.config as TrainConfig)
  const lastSeed = Math.max(...configs0.map((c) => c.seed)) + checked.repeats - 1
  if (lastSeed > SWEEP_LIMITS.maxSeed) {
    const message = `${checked.repeats} repeats would need seeds up to ${lastSeed}, above the largest seed ${SWEEP_LIMITS.maxSeed}`
    return { problems: [{ field: 'repeats', message }], preview: null }
  }

  const order = new Uint32Array(candidates.length).map((_, i) => i)
  Rng.forPurpose(checked.sweepSeed, 'sweep-order').shuffle(order)
  const configs: TrainConfig[] = []
  for (let repeat = 0; repeat < checked.repeats; repeat++) {
    for (const i of order)
      configs.push({ ...configs0[i], hidden: [...configs0[i].hidden], seed: configs0[i].seed + repeat })
  }
  return { problems: [], preview: { runCount: configs.length, configs, varying: varyingFields(configs) } }
}

/** Grid points in canonical order (first field slowest), each with `trials` random draws. */
function enumerate(checked: CheckedSpec): Candidate[] {
  const points: Candidate[] = [{ overrides: {}, sources: {} }]
  for (const [key, values] of checked.grid) {
    const next: Candidate[] = []
    for (const point of points) {
      for (const value of values) {
        next.push({
          overrides: { ...point.overrides, [key]: copy(value) },
          sources: { ...point.sources, [key]: 'grid' },
        })
      }
    }
    points.splice(0, points.length, ...next)
  }
  if (checked.random.length === 0) return points
  // draws come from their own stream in canonical order, so the run order can change without changing what is drawn
  const rng = Rng.forPurpose(checked.sweepSeed, 'sweep-draws')
  const candidates: Candidate[] = []
  for (const point of points) {
    for (let trial = 0; trial < checked.trials; trial++) {
      const overrides = { ...point.overrides }
      const sources = { ...point.sources }
      for (const [key, distribution] of checked.random) {
        Object.assign(overrides, { [key]: draw(distribution, rng) })
        sources[key] = 'random.params'
      }
      candidates.push({ overrides, sources })
    }
  }
  return candidates
}

/** One value from a distribution; bounds are inclusive. */
export function draw(d: Distribution, rng: Rng): unknown {
  switch (d.type) {
    case 'uniform':
      return d.min + rng.uniform() * (d.max - d.min)
    case 'log-uniform': {
      const value = Math.exp(Math.log(d.min) + rng.uniform() * (Math.log(d.max) - Math.log(d.min)))
      return Math.min(d.max, Math.max(d.min, value)) // exp(log(x)) can land an ulp outside the range
    }
    case 'int-uniform':
      return d.min + rng.below(d.max - d.min + 1)
    case 'choice':
      return copy(d.values[rng.below(d.values.length)])
  }
}

type Resolved = { config: TrainConfig; problems: null } | { config: null; problems: ConfigProblem[] }

function tryResolve(overrides: Partial<TrainConfig>): Resolved {
  try {
    return { config: resolveConfig(overrides), problems: null }
  } catch (error) {
    if (error instanceof ConfigError) return { config: null, problems: error.problems }
    // a value of the wrong type can trip a cross-field check before it is reported in words
    return {
      config: null,
      problems: [{ fields: [], message: `the configuration cannot be checked (${(error as Error).message})` }],
    }
  }
}

/**
 * Names the values behind each config problem: the overrides among the problem's fields (`lr = NaN: …`), else,
 * if only some configurations have it, every override of this one; a problem every configuration shares is the base's.
 */
function attribute(candidates: Candidate[], resolved: Resolved[]): SweepProblem[] {
  const counts = new Map<string, number>()
  for (const r of resolved) for (const p of r.problems ?? []) counts.set(p.message, (counts.get(p.message) ?? 0) + 1)
  const problems: SweepProblem[] = []
  const seen = new Set<string>()
  resolved.forEach((r, i) => {
    const { overrides, sources } = candidates[i]
    const overridden = CONFIG_FIELDS.filter((key) => Object.hasOwn(overrides, key))
    for (const problem of r.problems ?? []) {
      let culprits = overridden.filter((key) => problem.fields.includes(key))
      if (culprits.length === 0 && counts.get(problem.message) !== resolved.length) culprits = overridden
      const prefix = culprits.map((key) => `${key} = ${formatValue(overrides[key])}`).join(', ')
      const message = prefix ? `${prefix}: ${problem.message}` : problem.message
      if (seen.has(message)) continue
      seen.add(message)
      const field =
        culprits.length > 0
          ? `${sources[culprits[0]]}.${culprits[0]}`
          : `base${problem.fields[0] ? `.${problem.fields[0]}` : ''}`
      problems.push({ field, message })
    }
  })
  return problems
}

function summarise(problems: SweepProblem[]): SweepProblem[] {
  if (problems.length <= MAX_LISTED_PROBLEMS) return problems
  const rest = problems.length - MAX_LISTED_PROBLEMS
  return [
    ...problems.slice(0, MAX_LISTED_PROBLEMS),
    { field: '', message: `and ${rest} more problem${rest === 1 ? '' : 's'} like these` },
  ]
}

const copy = <T>(value: T): T => (Array.isArray(value) ? (value.map(copy) as T) : value)
