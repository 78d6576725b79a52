import type { TrainConfig } from '../train/config'

/** A range to draw one hyperparameter from in random search. */
export type Distribution =
  | { type: 'uniform'; min: number; max: number }
  | { type: 'log-uniform'; min: number; max: number }
  | { type: 'int-uniform'; min: number; max: number }
  | { type: 'choice'; values: unknown[] }

/**
 * A sweep: a base config, a grid of value lists and/or random ranges, repeated over seeds.
 * Run count = (product of grid list lengths) × (random trials, or 1) × (repeats).
 */
export interface SweepSpec {
  name: string
  /** A preset to start from (scratch-dnn, tf-mlp, logistic, keras-mlp), then `base` on top. */
  preset?: string
  base: Partial<TrainConfig>
  grid?: Partial<Record<keyof TrainConfig, unknown[]>>
  random?: { trials: number; params: Partial<Record<keyof TrainConfig, Distribution>> }
  /** Repeat each configuration over this many seeds (base seed, base seed + 1, …). */
  repeats?: number
  /** Seed of the sweep's own random choices (random search draws, run order). */
  sweepSeed?: number
  /** Median pruning: after `warmupEpochs`, stop a run whose validation accuracy is below the median of the others at that epoch. */
  pruning?: { warmupEpochs: number } | null
}

export interface SweepSummary {
  id: number
  name: string
  spec: SweepSpec
  createdAt: number
  runCount: number
  counts: Partial<Record<string, number>>
  bestRunId: number | null
  bestTestAccuracy: number | null
  bestValAccuracy: number | null
}

export interface SweepPreview {
  runCount: number
  /** The expanded configs in launch order (grid points shuffled so partial results are representative). */
  configs: TrainConfig[]
  /** Which fields vary across the sweep. */
  varying: string[]
}
