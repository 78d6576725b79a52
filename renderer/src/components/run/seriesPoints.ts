import type { Point } from 'chart.js'
import type { MetricPoint } from '../../../../shared/runs/run'

/** What the x axis of a run's charts counts: optimizer steps, epochs, or seconds since the run started. */
export type XAxis = 'step' | 'epoch' | 'wall'

export const X_TITLES: Record<XAxis, string> = { step: 'step', epoch: 'epoch', wall: 'seconds since start' }

/** The columns of a stored series, as the series store keeps them. */
export interface SeriesColumns {
  steps: number[]
  epochs: number[]
  values: number[]
  wallTimes: number[]
}

/**
 * The chart points of a series on this x axis. `originMs` is the wall time that is second 0; `scale` turns values
 * into what the chart shows (100 for a percentage).
 */
export function seriesPoints(series: SeriesColumns, axis: XAxis, originMs: number, scale = 1): Point[] {
  const xs = axis === 'step' ? series.steps : axis === 'epoch' ? series.epochs : series.wallTimes
  const toX = axis === 'wall' ? (ms: number) => (ms - originMs) / 1000 : (v: number) => v
  return series.values.map((value, i) => ({ x: toX(xs[i]), y: value * scale }))
}

/** The same mapping for points that arrive live. */
export function livePoints(points: MetricPoint[], axis: XAxis, originMs: number, scale = 1): Point[] {
  return seriesPoints(
    {
      steps: points.map((p) => p.step),
      epochs: points.map((p) => p.epoch),
      values: points.map((p) => p.value),
      wallTimes: points.map((p) => p.wallTime),
    },
    axis,
    originMs,
    scale,
  )
}

/** Second 0 of the wall-time axis: when the run started, else its earliest point, else now. */
export function wallOrigin(startedAt: number | null, series: SeriesColumns[], now = Date.now()): number {
  if (startedAt !== null) return startedAt
  const firsts = series.filter((s) => s.wallTimes.length > 0).map((s) => s.wallTimes[0])
  return firsts.length > 0 ? Math.min(...firsts) : now
}
