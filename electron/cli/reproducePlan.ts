// What `npm run reproduce` trains and what counts as reproducing each tutorial. Pure: no I/O.
import { resolveConfig, type TrainConfig } from '../../shared/train/config'
import { PRESETS, type Preset } from '../../shared/train/presets'
import { parseFlags, strictNumber, UsageError } from './flags'

/** Test accuracy each preset must reach on full MNIST; for scratch-dnn, the best of its seeds. */
export const TARGETS: Record<string, number> = {
  'scratch-dnn': 0.965,
  'tf-mlp': 0.905,
  logistic: 0.97,
  'keras-mlp': 0.925,
}

/** scratch-dnn's result varies with the seed (N(0,1) weights, batch 10), so it runs several; the rest run once. */
export const SCRATCH_SEEDS = [1, 2, 3, 4]

export interface PlannedRun {
  preset: Preset
  seed: number
  config: TrainConfig
}

export type ReproduceCommand = { kind: 'help' } | { kind: 'reproduce'; runs: PlannedRun[] }

export const REPRODUCE_USAGE = `Usage: npm run reproduce -- [--only NAME[,NAME]] [--seeds 1,2,3,4]

Trains the reference presets on full MNIST and prints a Markdown table of test accuracies against the published
ones, then PASS or FAIL per preset. Progress goes to stderr, the tables to stdout. Exit code 1 if any preset fails.

  --only NAME[,NAME]   ${PRESETS.map((p) => p.name).join(', ')} (default: all)
  --seeds 1,2,3,4      the seeds scratch-dnn runs with (it passes on the best one)
  --help`

export function parseReproduceArgs(argv: string[]): ReproduceCommand {
  const { values } = parseFlags(argv, {
    only: { type: 'string' },
    seeds: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  })
  if (values.help) return { kind: 'help' }
  const presets = values.only === undefined ? PRESETS : values.only.split(',').map(presetNamed)
  const seeds = values.seeds === undefined ? SCRATCH_SEEDS : values.seeds.split(',').map((raw) => seedFrom(raw.trim()))
  const runs = presets.flatMap((preset) =>
    (preset.name === 'scratch-dnn' ? seeds : [1]).map((seed) => ({
      preset,
      seed,
      config: resolveConfig({ ...preset.config, seed }),
    })),
  )
  return { kind: 'reproduce', runs }
}

function presetNamed(name: string): Preset {
  const preset = PRESETS.find((p) => p.name === name.trim())
  if (!preset)
    throw new UsageError(`--only: must be preset names from ${PRESETS.map((p) => p.name).join(', ')}, got "${name}"`)
  return preset
}

function seedFrom(raw: string): number {
  const seed = strictNumber(raw)
  if (seed === undefined || !Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) {
    throw new UsageError(`--seeds: must be whole numbers from 0 to 4294967295 separated by commas, got "${raw}"`)
  }
  return seed
}

export interface RunResult {
  preset: string
  seed: number
  length: string
  /** null when the run diverged. */
  testAccuracy: number | null
  trainAccuracy: number | null
  published: string
  seconds: number
}

export interface Verdict {
  preset: string
  target: number
  runs: number
  best: RunResult | null
  pass: boolean
}

/** One verdict per preset that ran, judged on its best run. */
export function verdicts(results: RunResult[]): Verdict[] {
  const presets = [...new Set(results.map((r) => r.preset))]
  return presets.map((preset) => {
    const runs = results.filter((r) => r.preset === preset)
    const best = runs.reduce<RunResult | null>(
      (a, r) => (r.testAccuracy !== null && (a === null || r.testAccuracy > (a.testAccuracy ?? -1)) ? r : a),
      null,
    )
    const target = TARGETS[preset]
    return {
      preset,
      target,
      runs: runs.length,
      best,
      pass: best !== null && best.testAccuracy !== null && best.testAccuracy >= target,
    }
  })
}
