/** A k×k confusion matrix: counts[trueClass * k + predictedClass]. */
export interface Confusion {
  classes: number
  counts: number[]
}

export function emptyConfusion(classes: number): Confusion {
  return { classes, counts: new Array<number>(classes * classes).fill(0) }
}

export function confusionAccuracy(c: Confusion): number {
  let correct = 0
  let total = 0
  for (let t = 0; t < c.classes; t++) {
    for (let p = 0; p < c.classes; p++) {
      const n = c.counts[t * c.classes + p]
      total += n
      if (t === p) correct += n
    }
  }
  return total === 0 ? 0 : correct / total
}

/** Predicted class of each row: the arg-max, or for one sigmoid unit, probability ≥ ½. */
export function predictedClass(probabilities: Float32Array, row: number, cols: number): number {
  const base = row * cols
  if (cols === 1) return probabilities[base] >= 0.5 ? 1 : 0
  let best = 0
  for (let j = 1; j < cols; j++) if (probabilities[base + j] > probabilities[base + best]) best = j
  return best
}

/** The confusion matrix as aligned text, rows = true class, columns = predicted. */
export function formatConfusion(c: Confusion, labels: string[] = []): string {
  const name = (i: number): string => labels[i] ?? String(i)
  const width = Math.max(
    5,
    ...c.counts.map((n) => String(n).length + 1),
    ...Array.from({ length: c.classes }, (_, i) => name(i).length + 1),
  )
  const pad = (s: string): string => s.padStart(width)
  const corner = 'true\\pred'
  // the first column also holds the corner label, which is wider than a count
  const padFirst = (s: string): string => s.padStart(Math.max(width, corner.length))
  const lines = [padFirst(corner) + Array.from({ length: c.classes }, (_, p) => pad(name(p))).join('')]
  for (let t = 0; t < c.classes; t++) {
    lines.push(
      padFirst(name(t)) +
        Array.from({ length: c.classes }, (_, p) => pad(String(c.counts[t * c.classes + p]))).join(''),
    )
  }
  return lines.join('\n')
}
