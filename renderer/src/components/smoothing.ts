import type { Point } from 'chart.js'

/** The running state of one smoothed line, so live points continue it instead of restarting it. */
export interface EmaState {
  weight: number
  last: number
  n: number
}

export const emaState = (weight: number): EmaState => ({ weight, last: 0, n: 0 })

/**
 * TensorBoard's debiased exponential moving average: s_n = w·s_{n−1} + (1−w)·y_n, shown as s_n / (1 − wⁿ) so the
 * first points are not pulled toward the zero the average starts from. Non-finite values are skipped. Appends to
 * `out` (and returns it), so a long line is never spread into a call's arguments.
 */
export function smoothPoints(state: EmaState, points: Point[], out: Point[] = []): Point[] {
  const w = state.weight
  for (const p of points) {
    const y = p.y as number | null
    if (y === null || !Number.isFinite(y)) continue
    state.last = state.last * w + (1 - w) * y
    state.n += 1
    out.push({ x: p.x, y: state.last / (1 - w ** state.n) })
  }
  return out
}
