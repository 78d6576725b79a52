import { median } from '../stats'
import type { RunSummary } from '../runs/run'

/**
 * Median pruning, as Optuna's MedianPruner does it for a maximised value: once past `warmupEpochs`, stop a run whose
 * validation accuracy at epoch k is below the median of the other runs' accuracies at epoch k. Needs at least
 * `minOthers` others reporting at k (Optuna's n_min_trials); values that are not finite are left out, as Optuna's
 * nanmedian does, and a run whose own value is NaN is pruned. Epochs count from 1, so with a warm-up of 2 the first
 * epoch that can prune is 3. (Optuna compares the run's best value so far; pass that for the same behaviour.)
 */
export function shouldPrune(
  valAccuracy: number,
  others: number[],
  epoch: number,
  warmupEpochs: number,
  minOthers = 2,
): boolean {
  if (!(epoch > warmupEpochs)) return false
  const reported = others.filter(Number.isFinite)
  if (reported.length === 0 || reported.length < minOthers) return false
  if (Number.isNaN(valAccuracy)) return true
  return valAccuracy < median(reported)
}

export type RankingMetric = 'testAccuracy' | 'bestValAccuracy'

/**
 * The run with the highest value of `metric` among those that have one (any status: a pruned run's best validation
 * accuracy was still measured); ties go to the earlier run. Null when no run has the metric.
 */
export function bestBy(runs: RunSummary[], metric: RankingMetric): RunSummary | null {
  let best: RunSummary | null = null
  for (const run of runs) {
    const value = run[metric]
    if (value === null || !Number.isFinite(value)) continue
    const bestValue = best?.[metric] ?? -Infinity
    if (best === null || value > bestValue || (value === bestValue && run.id < best.id)) best = run
  }
  return best
}
