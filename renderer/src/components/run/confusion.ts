/** A k×k confusion matrix as the host stores it: counts[trueClass * k + predictedClass]. */
export interface ConfusionCounts {
  classes: number
  counts: number[]
}

export const cellCount = (m: ConfusionCounts, trueClass: number, predicted: number): number =>
  m.counts[trueClass * m.classes + predicted]

/** Each cell as a fraction of its row (all the images of that true class); an empty row stays all zero. */
export function rowFractions(m: ConfusionCounts): number[] {
  const k = m.classes
  const out = new Array<number>(k * k).fill(0)
  for (let t = 0; t < k; t++) {
    let total = 0
    for (let p = 0; p < k; p++) total += m.counts[t * k + p]
    if (total > 0) for (let p = 0; p < k; p++) out[t * k + p] = m.counts[t * k + p] / total
  }
  return out
}

export interface ClassMetrics {
  /** Of the images predicted as this class, the fraction that are; null when none were predicted as it. */
  precision: number | null
  /** Of the images of this class, the fraction found; null when there were none. */
  recall: number | null
  /** Images of this class (the row total). */
  support: number
}

/** Precision (diagonal over the column) and recall (diagonal over the row) of every class. */
export function classMetrics(m: ConfusionCounts): ClassMetrics[] {
  const k = m.classes
  return Array.from({ length: k }, (_, c) => {
    let row = 0
    let column = 0
    for (let i = 0; i < k; i++) {
      row += m.counts[c * k + i]
      column += m.counts[i * k + c]
    }
    const hit = m.counts[c * k + c]
    return { precision: column > 0 ? hit / column : null, recall: row > 0 ? hit / row : null, support: row }
  })
}

/** Total and correctly classified images. */
export function confusionTotals(m: ConfusionCounts): { total: number; correct: number } {
  let total = 0
  let correct = 0
  for (let t = 0; t < m.classes; t++) {
    for (let p = 0; p < m.classes; p++) {
      total += m.counts[t * m.classes + p]
      if (t === p) correct += m.counts[t * m.classes + p]
    }
  }
  return { total, correct }
}

/**
 * A cell's fill: the theme's accent at an opacity that grows with the cell's share. A square root keeps the few
 * off-diagonal mistakes visible next to a diagonal of hundreds.
 */
export function cellAlpha(share: number): number {
  if (!(share > 0)) return 0
  return 0.08 + 0.92 * Math.sqrt(Math.min(1, share))
}
