// The store's library side: saved digits, sweeps, datasets and settings (runs: sqliteStore.test.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SweepSpec } from '../../../../shared/sweeps/spec'
import { SqliteStore } from './sqliteStore'
import { config, point, tempFolder, type TempFolder } from './testing'

let folder: TempFolder
let store: SqliteStore
beforeEach(() => {
  folder = tempFolder()
  store = folder.track(SqliteStore.open(folder.file('runs.db')))
})
afterEach(() => folder.cleanup())

const SPEC: SweepSpec = { name: 'lr sweep', base: { epochs: 3 }, grid: { lr: [0.01, 0.1] } }

describe('SqliteStore: my digits', () => {
  const pixels = (value: number) => new Uint8Array(784).fill(value)

  it('saves, lists in order and deletes drawings, bytes intact', () => {
    const seven = store.saveDrawing(7, pixels(200), 1000)
    const one = store.saveDrawing(
      1,
      Uint8Array.from({ length: 784 }, (_, i) => i % 256),
      2000,
    )
    expect(seven).toEqual({ id: seven.id, label: 7, pixels: pixels(200), createdAt: 1000 })
    expect(store.listDrawings()).toEqual([seven, one])
    expect(store.listDrawings()[1].pixels[300]).toBe(300 % 256)
    expect(store.deleteDrawing(seven.id)).toBe(true)
    expect(store.deleteDrawing(seven.id)).toBe(false)
    expect(store.listDrawings().map((d) => d.label)).toEqual([1])
  })

  it("keeps one score per run, the latest, and shows it in the run's summary and the runs list", () => {
    const runId = store.createRun({ name: 'scored', config: config(), sweepId: null })
    const other = store.createRun({ name: 'not scored', config: config(), sweepId: null })
    expect(store.getRun(runId)).toMatchObject({ myDigitsAccuracy: null, myDigitsCount: null })
    store.saveDrawingScore({
      runId,
      accuracy: 0.5,
      count: 4,
      confusion: { classes: 2, counts: [1, 1, 1, 1] },
      scoredAt: 3,
    })
    const latest = { runId, accuracy: 0.8, count: 5, confusion: { classes: 2, counts: [3, 1, 0, 1] }, scoredAt: 4 }
    store.saveDrawingScore(latest)
    expect(store.drawingScore(runId)).toEqual(latest)
    expect(store.drawingScore(other)).toBeNull()
    expect(store.getRun(runId)).toMatchObject({ myDigitsAccuracy: 0.8, myDigitsCount: 5 })
    const listed = store
      .listRuns({ sortBy: 'name', sortDir: 'asc' })
      .runs.map((r) => [r.name, r.myDigitsAccuracy, r.myDigitsCount])
    expect(listed).toEqual([
      ['not scored', null, null],
      ['scored', 0.8, 5],
    ])
  })

  it('skips the score of a run deleted while it was being scored', () => {
    const runId = store.createRun({ name: 'gone', config: config(), sweepId: null })
    store.deleteRuns([runId])
    store.saveDrawingScore({ runId, accuracy: 1, count: 1, confusion: { classes: 1, counts: [1] }, scoredAt: 1 })
    expect(store.drawingScore(runId)).toBeNull()
  })
})

describe('SqliteStore: sweeps', () => {
  it('gives the validation accuracy of the other runs of a sweep at the evaluation nearest an epoch', () => {
    const sweepId = store.createSweep('lr sweep', SPEC)
    const [a, b, c, me] = [0, 1, 2, 3].map((i) => store.createRun({ name: `run ${i}`, config: config(), sweepId }))
    const other = store.createRun({ name: 'not in the sweep', config: config(), sweepId: null })
    store.appendMetrics(a, [
      point('val/accuracy', 100, 0.8, 1),
      point('val/accuracy', 200, 0.85, 2),
      point('val/accuracy', 300, 0.9, 3),
    ])
    store.appendMetrics(b, [point('val/accuracy', 100, 0.6, 1)]) // behind: its nearest is epoch 1
    store.appendMetrics(c, [point('val/accuracy', 150, 0.7, 1.5), point('val/accuracy', 250, 0.75, 2.5)]) // a tie: the later
    store.appendMetrics(me, [point('val/accuracy', 200, 0.1, 2)])
    store.appendMetrics(other, [point('val/accuracy', 200, 0.99, 2)])
    expect(store.sweepValAccuracyAt(sweepId, 2, me)).toEqual([0.85, 0.6, 0.75])
    expect(store.sweepValAccuracyAt(sweepId, 2, a)).toEqual([0.6, 0.75, 0.1])
  })

  it('lists sweeps with their spec, counts by status and best run', () => {
    const sweepId = store.createSweep('lr sweep', SPEC)
    const empty = store.createSweep('empty', { ...SPEC, name: 'empty' })
    const runs = [0, 1, 2].map((i) => store.createRun({ name: `run ${i}`, config: config(), sweepId }))
    store.appendMetrics(runs[0], [point('val/accuracy', 1, 0.95)])
    store.markRunning(runs[0], 10, 1)
    store.appendMetrics(runs[1], [point('val/accuracy', 1, 0.9)])
    store.finishRun(runs[1], { status: 'finished', error: null, testAccuracy: 0.91, testLoss: 0.3, finishedAt: 5 })

    const [second, first] = store.listSweeps()
    expect(first).toEqual({
      id: sweepId,
      name: 'lr sweep',
      spec: SPEC,
      createdAt: expect.any(Number),
      runCount: 3,
      counts: { queued: 1, running: 1, finished: 1 },
      bestRunId: runs[1],
      bestTestAccuracy: 0.91,
      bestValAccuracy: 0.9,
    })
    expect(second).toMatchObject({ id: empty, runCount: 0, counts: {}, bestRunId: null, bestTestAccuracy: null })
    expect(store.getSweep(sweepId)).toEqual(first)
    expect(store.getSweep(999)).toBeNull()
  })
})

describe('SqliteStore: datasets and settings', () => {
  const fashion = {
    name: 'fashion',
    builtIn: false,
    trainImages: '/d/train-images.gz',
    trainLabels: '/d/train-labels.gz',
    testImages: null,
    testLabels: null,
    trainCount: 60000,
    testCount: 0,
    rows: 28,
    cols: 28,
    classes: 10,
  }

  it('adds, replaces, lists and deletes datasets', () => {
    store.saveDataset({ ...fashion, name: 'mnist', builtIn: true, createdAt: 1 })
    expect(store.saveDataset(fashion)).toEqual({ ...fashion, createdAt: expect.any(Number) })
    store.saveDataset({ ...fashion, trainCount: 50000 })
    expect(store.listDatasets().map((d) => [d.name, d.builtIn, d.trainCount])).toEqual([
      ['mnist', true, 60000],
      ['fashion', false, 50000],
    ])
    expect(store.deleteDataset('fashion')).toBe(true)
    expect(store.deleteDataset('fashion')).toBe(false)
    expect(store.getDataset('fashion')).toBeNull()
  })

  it('keeps settings with their types', () => {
    expect(store.getSetting('concurrency', 4)).toBe(4)
    store.setSetting('concurrency', 2)
    store.setSetting('window', { width: 1280, maximized: false })
    expect(store.getSetting('concurrency', 4)).toBe(2)
    expect(store.getSetting('window', null)).toEqual({ width: 1280, maximized: false })
    expect(() => store.setSetting('nothing', undefined)).toThrow('cannot be stored')
  })

  it('does all of it through statements prepared once', () => {
    const { db } = store.database
    const prepare = db.prepare.bind(db)
    let prepared = 0
    db.prepare = ((sql: string) => {
      prepared++
      return prepare(sql)
    }) as typeof db.prepare
    const round = (i: number) => {
      const runId = store.createRun({ name: `r${i}`, config: config(), sweepId: null })
      store.appendMetrics(runId, [point('train/loss', i, 1)])
      store.updateProgress(runId, { step: i, totalSteps: 10, epoch: 0, fraction: 0.1, etaSeconds: 1 })
      store.getRun(runId)
      store.listRuns({ text: `r${i}`, params: [{ key: 'lr', op: '<', value: i + 1 }] })
    }
    round(0)
    expect(prepared).toBeGreaterThan(0)
    prepared = 0
    for (let i = 1; i < 4; i++) round(i)
    expect(prepared).toBe(0)
  })
})
