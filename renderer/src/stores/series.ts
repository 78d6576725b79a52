import { defineStore } from 'pinia'
import { markRaw } from 'vue'
import type { MetricName, MetricPoint, Series } from '../../../shared/runs/run'
import { workbench } from '../api'
import { useNotifyStore } from './notify'

/** One metric of one run, in plain arrays outside Vue's reactivity: charts read it and append to it directly. */
export interface SeriesData {
  runId: number
  name: MetricName
  steps: number[]
  epochs: number[]
  values: number[]
  wallTimes: number[]
}

export type PointsListener = (runId: number, name: MetricName, points: MetricPoint[]) => void

const key = (runId: number, name: MetricName): string => `${runId}:${name}`

/**
 * Metric series of the runs on screen. Loaded once per run (downsampled by the host when long), then kept current
 * from the live `metrics` events; charts subscribe to appended points instead of watching arrays.
 */
export const useSeriesStore = defineStore('series', () => {
  const notify = useNotifyStore()
  const cache = new Map<string, SeriesData>()
  const loadedRuns = new Set<number>()
  const listeners = new Set<PointsListener>()
  let subscribed = false

  function subscribe(): void {
    if (subscribed) return
    subscribed = true
    workbench.onMetrics(({ runId, points }) => append(runId, points))
  }

  /** Appends live points to loaded runs and tells the charts. */
  function append(runId: number, points: MetricPoint[]): void {
    if (!loadedRuns.has(runId)) return
    const byName = new Map<MetricName, MetricPoint[]>()
    for (const point of points) {
      const series = get(runId, point.name)
      series.steps.push(point.step)
      series.epochs.push(point.epoch)
      series.values.push(point.value)
      series.wallTimes.push(point.wallTime)
      byName.set(point.name, [...(byName.get(point.name) ?? []), point])
    }
    for (const [name, added] of byName) for (const listener of listeners) listener(runId, name, added)
  }

  function get(runId: number, name: MetricName): SeriesData {
    let series = cache.get(key(runId, name))
    if (!series) {
      series = markRaw({ runId, name, steps: [], epochs: [], values: [], wallTimes: [] })
      cache.set(key(runId, name), series)
    }
    return series
  }

  /** Loads every metric of these runs once (later calls return the cached, live-updated series). */
  async function load(runIds: number[], maxPoints = 5000): Promise<void> {
    subscribe()
    const missing = runIds.filter((id) => !loadedRuns.has(id))
    if (missing.length === 0) return
    const names: MetricName[] = ['train/loss', 'lr', 'train/loss_epoch', 'train/accuracy', 'val/loss', 'val/accuracy']
    // mark first so points arriving during the request are not lost, then merge the stored ones in front
    for (const id of missing) loadedRuns.add(id)
    const result = await notify.attempt('loading metrics', () =>
      workbench.metricSeries({ runIds: missing, names, maxPoints }),
    )
    if (!result) {
      for (const id of missing) loadedRuns.delete(id)
      return
    }
    for (const stored of result) merge(stored)
  }

  function merge(stored: Series): void {
    const series = get(stored.runId, stored.name)
    const lastStored = stored.steps.length > 0 ? stored.steps[stored.steps.length - 1] : -Infinity
    const liveFrom = series.steps.findIndex((step) => step > lastStored)
    const keep = liveFrom < 0 ? 0 : series.steps.length - liveFrom
    series.steps = [...stored.steps, ...series.steps.slice(series.steps.length - keep)]
    series.epochs = [...stored.epochs, ...series.epochs.slice(series.epochs.length - keep)]
    series.values = [...stored.values, ...series.values.slice(series.values.length - keep)]
    series.wallTimes = [...stored.wallTimes, ...series.wallTimes.slice(series.wallTimes.length - keep)]
  }

  function onPoints(listener: PointsListener): () => void {
    listeners.add(listener)
    return () => listeners.delete(listener)
  }

  /** Drops a run's series (after a delete or a re-queue). */
  function forget(runId: number): void {
    loadedRuns.delete(runId)
    for (const k of [...cache.keys()]) if (k.startsWith(`${runId}:`)) cache.delete(k)
  }

  return { load, get, append, onPoints, forget }
})
