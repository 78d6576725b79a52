import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SqliteStore } from './sqliteStore'
import { config, point, tempFolder, type TempFolder } from './testing'

let folder: TempFolder
let store: SqliteStore
beforeEach(() => {
  folder = tempFolder()
  store = folder.track(SqliteStore.open(folder.file('series.db')))
})
afterEach(() => folder.cleanup())

describe('metricSeries', () => {
  it('gives several runs and names at once, in request order, skipping pairs without points', () => {
    const a = store.createRun({ name: 'a', config: config(), sweepId: null })
    const b = store.createRun({ name: 'b', config: config(), sweepId: null })
    // out of order on purpose: a series comes back sorted by step
    store.appendMetrics(a, [point('train/loss', 2, 0.5), point('train/loss', 1, 0.9), point('val/accuracy', 2, 0.8)])
    store.appendMetrics(b, [point('train/loss', 1, 1.2)])
    const series = store.metricSeries({ runIds: [b, a], names: ['val/accuracy', 'train/loss'] })
    expect(series.map((s) => [s.runId, s.name, s.steps, s.values])).toEqual([
      [b, 'train/loss', [1], [1.2]],
      [a, 'val/accuracy', [2], [0.8]],
      [a, 'train/loss', [1, 2], [0.9, 0.5]],
    ])
  })

  it('downsamples each series to maxPoints, keeping first, last and each bucket’s min and max', () => {
    const runId = store.createRun({ name: 'long', config: config(), sweepId: null })
    const values = Array.from({ length: 5000 }, (_, i) => 2 * Math.exp(-i / 1000) + ((i * 31) % 7) / 50)
    values[4321] = 7 // a loss spike late in training
    values[777] = -1
    for (let start = 0; start < values.length; start += 200) {
      store.appendMetrics(
        runId,
        values.slice(start, start + 200).map((v, i) => point('train/loss', start + i, v)),
      )
    }
    const [full] = store.metricSeries({ runIds: [runId], names: ['train/loss'] })
    expect(full.values).toHaveLength(5000)
    const [shown] = store.metricSeries({ runIds: [runId], names: ['train/loss'], maxPoints: 200 })
    expect(shown.values.length).toBeLessThanOrEqual(200)
    expect([shown.steps[0], shown.steps.at(-1)]).toEqual([0, 4999])
    expect(Math.max(...shown.values)).toBe(7)
    expect(Math.min(...shown.values)).toBe(-1)
    // every kept point is a real point of the series, with its own epoch and wall time
    shown.steps.forEach((step, i) => {
      expect(shown.values[i]).toBe(values[step])
      expect(shown.wallTimes[i]).toBe(1_700_000_000_000 + step)
    })
  })
})
