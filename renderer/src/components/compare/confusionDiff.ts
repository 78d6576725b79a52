// The difference of two runs' confusion matrices: where run B puts more (or fewer) test images than run A.
import type { ConfusionRecord } from '../../../../shared/runs/run'
import { confusionAccuracy, type Confusion } from '../../../../shared/train/metrics'

export interface DiffCell {
  trueClass: number
  predicted: number
  a: number
  b: number
  diff: number
}

export interface ConfusionDifference {
  classes: number
  /** Row by row (true class), then by predicted class. */
  cells: DiffCell[]
  /** The largest |B − A| of any cell, at least 1 so a colour scale never divides by zero. */
  maxAbs: number
  accuracyA: number
  accuracyB: number
}

/** A run's last confusion matrix of a split (the test split is recorded once, at the end). */
export function latestConfusion(
  records: ConfusionRecord[],
  split: ConfusionRecord['split'] = 'test',
): ConfusionRecord | null {
  let latest: ConfusionRecord | null = null
  for (const record of records) if (record.split === split && (!latest || record.step >= latest.step)) latest = record
  return latest
}

/** B − A per cell; throws when the matrices are of different sizes (runs on different tasks or datasets). */
export function confusionDifference(a: Confusion, b: Confusion): ConfusionDifference {
  if (a.classes !== b.classes)
    throw new Error(`the runs have ${a.classes} and ${b.classes} classes, so their confusion matrices do not line up`)
  const k = a.classes
  const cells: DiffCell[] = []
  let maxAbs = 1
  for (let t = 0; t < k; t++) {
    for (let p = 0; p < k; p++) {
      const countA = a.counts[t * k + p] ?? 0
      const countB = b.counts[t * k + p] ?? 0
      cells.push({ trueClass: t, predicted: p, a: countA, b: countB, diff: countB - countA })
      maxAbs = Math.max(maxAbs, Math.abs(countB - countA))
    }
  }
  return { classes: k, cells, maxAbs, accuracyA: confusionAccuracy(a), accuracyB: confusionAccuracy(b) }
}

/** The off-diagonal cells that changed most: the mistakes B makes more or less often than A. */
export function biggestChanges(diff: ConfusionDifference, count = 5): DiffCell[] {
  return diff.cells
    .filter((cell) => cell.trueClass !== cell.predicted && cell.diff !== 0)
    .sort((x, y) => Math.abs(y.diff) - Math.abs(x.diff) || x.trueClass - y.trueClass || x.predicted - y.predicted)
    .slice(0, count)
}
