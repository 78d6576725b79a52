/** Columns of one series, in step order. */
export interface SeriesColumns {
  steps: number[]
  epochs: number[]
  values: number[]
  wallTimes: number[]
}

/**
 * Shrinks a series to at most `maxPoints` points for drawing, keeping its shape: the first and last points, and
 * from each of the equal-width buckets in between its lowest and highest point (in step order), so spikes survive.
 * A bucket that is all NaN (a diverged loss) keeps one point, so the break stays visible.
 */
export function downsample(series: SeriesColumns, maxPoints: number): SeriesColumns {
  const n = series.values.length
  const limit = Math.max(2, Math.floor(maxPoints))
  if (n <= limit) return series

  const keep: number[] = [0]
  const buckets = Math.floor((limit - 2) / 2)
  const interior = n - 2
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor((b * interior) / buckets)
    const end = 1 + Math.floor(((b + 1) * interior) / buckets)
    keep.push(...extremes(series.values, start, end))
  }
  keep.push(n - 1)

  const pick = (column: number[]) => keep.map((i) => column[i])
  return {
    steps: pick(series.steps),
    epochs: pick(series.epochs),
    values: pick(series.values),
    wallTimes: pick(series.wallTimes),
  }
}

/** Indices of the lowest and highest value in [start, end), in order, without duplicates. */
function extremes(values: number[], start: number, end: number): number[] {
  if (start >= end) return []
  let low = -1
  let high = -1
  for (let i = start; i < end; i++) {
    const v = values[i]
    if (Number.isNaN(v)) continue
    if (low < 0 || v < values[low]) low = i
    if (high < 0 || v > values[high]) high = i
  }
  if (low < 0) return [start]
  if (low === high) return [low]
  return low < high ? [low, high] : [high, low]
}
