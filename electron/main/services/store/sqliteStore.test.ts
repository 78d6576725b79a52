import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { INTERRUPTED_QUEUED, INTERRUPTED_RUNNING } from './runsRepo'
import { SqliteStore } from './sqliteStore'
import { config, point, tempFolder, type TempFolder } from './testing'

let folder: TempFolder
let store: SqliteStore
beforeEach(() => {
  folder = tempFolder()
  store = folder.track(SqliteStore.open(folder.file('runs.db')))
})
afterEach(() => folder.cleanup())

const count = (table: string, runId: number) =>
  store.database.db.prepare(`SELECT count(*) FROM ${table} WHERE run_id = ?`).pluck().get(runId) as number

describe('SqliteStore: a run from queue to finish', () => {
  it('round-trips create → markRunning → progress → metrics → confusion → model → finish', () => {
    const runId = store.createRun({
      name: 'keras-mlp',
      config: config({ lr: 0.05, hidden: [64, 32], seed: 9 }),
      sweepId: null,
    })
    const queued = store.getRun(runId)!
    expect(queued).toMatchObject({
      id: runId,
      name: 'keras-mlp',
      status: 'queued',
      seed: 9,
      dataset: 'mnist',
      sweepId: null,
      tags: [],
      notes: '',
    })
    expect(queued.config).toEqual(config({ lr: 0.05, hidden: [64, 32], seed: 9 }))
    expect(store.queuedRunIds()).toEqual([runId])

    store.markRunning(runId, 300, 1000)
    store.updateProgress(runId, { step: 150, totalSteps: 300, epoch: 1.5, fraction: 0.5, etaSeconds: 12 })
    expect(store.getRun(runId)).toMatchObject({
      status: 'running',
      startedAt: 1000,
      step: 150,
      totalSteps: 300,
      epoch: 1.5,
      progress: 0.5,
      etaSeconds: 12,
    })
    expect(store.queuedRunIds()).toEqual([])

    store.appendMetrics(runId, [point('train/loss', 1, 2.3), point('lr', 1, 0.05), point('train/loss', 100, 0.9)])
    store.appendMetrics(runId, [point('train/loss_epoch', 100, 1.1, 1), point('val/accuracy', 100, 0.91, 1)])
    store.appendMetrics(runId, [
      point('train/loss', 200, 0.2),
      point('train/loss_epoch', 200, 0.5, 2),
      point('val/accuracy', 200, 0.89, 2),
    ])
    store.appendMetrics(runId, [point('train/loss', 250, 0.05, 2.5)])
    store.appendConfusion([{ runId, split: 'validation', step: 200, epoch: 2, classes: 2, counts: [5, 1, 0, 4] }])
    store.saveModel(runId, '{"layers":[]}')
    store.finishRun(runId, { status: 'finished', error: null, testAccuracy: 0.9, testLoss: 0.31, finishedAt: 5000 })

    const run = store.getRun(runId)!
    expect(run).toMatchObject({
      status: 'finished',
      finishedAt: 5000,
      progress: 1,
      etaSeconds: null,
      testAccuracy: 0.9,
      error: null,
    })
    expect(run.bestValAccuracy).toBe(0.91)
    expect(run.finalValAccuracy).toBe(0.89)
    expect(run.finalTrainLoss).toBe(0.5) // the epoch mean, not the last noisy step
    expect(run.epoch).toBe(2.5)

    const [loss] = store.metricSeries({ runIds: [runId], names: ['train/loss'] })
    expect(loss).toEqual({
      runId,
      name: 'train/loss',
      steps: [1, 100, 200, 250],
      epochs: [0.01, 1, 2, 2.5],
      values: [2.3, 0.9, 0.2, 0.05],
      wallTimes: [1, 100, 200, 250].map((s) => 1_700_000_000_000 + s),
    })
    expect(store.confusion(runId)).toEqual([
      { runId, split: 'validation', step: 200, epoch: 2, classes: 2, counts: [5, 1, 0, 4] },
    ])
    expect(store.model(runId)).toEqual({ runId, json: '{"layers":[]}' })
    expect(store.model(runId + 1)).toBeNull()
  })

  it('keeps the per-step loss as the final loss of a run that reports no epoch means (iteration mode)', () => {
    const runId = store.createRun({ name: 'tf', config: config({ epochs: 0, iterations: 1000 }), sweepId: null })
    store.appendMetrics(runId, [point('train/loss', 10, 0.8), point('train/loss', 20, 0.7)])
    expect(store.getRun(runId)!.finalTrainLoss).toBe(0.7)
  })

  it('stores a diverged NaN loss and gives it back as NaN', () => {
    const runId = store.createRun({ name: 'hot', config: config({ lr: 50 }), sweepId: null })
    store.appendMetrics(runId, [
      point('train/loss', 1, 3),
      point('train/loss', 2, NaN),
      point('train/loss', 3, Infinity),
    ])
    const [loss] = store.metricSeries({ runIds: [runId], names: ['train/loss'] })
    expect(loss.values).toEqual([3, NaN, Infinity])
    expect(store.getRun(runId)!.finalTrainLoss).toBeNull() // no number, rather than a stale one
    store.appendMetrics(runId, [point('train/loss', 4, 2.5)])
    expect(store.getRun(runId)!.finalTrainLoss).toBe(2.5)
  })

  it('replaces a confusion matrix reported again for the same step', () => {
    const runId = store.createRun({ name: 'r', config: config(), sweepId: null })
    store.appendConfusion([{ runId, split: 'test', step: 5, epoch: 1, classes: 1, counts: [1] }])
    store.appendConfusion([{ runId, split: 'test', step: 5, epoch: 1, classes: 1, counts: [2] }])
    expect(store.confusion(runId).map((r) => r.counts)).toEqual([[2]])
  })

  it('requeues a finished run from scratch: series, matrices, model and summary go, params stay', () => {
    const runId = store.createRun({ name: 'again', config: config(), sweepId: null })
    store.markRunning(runId, 10, 1)
    store.appendMetrics(runId, [point('train/loss', 1, 1), point('val/accuracy', 1, 0.5)])
    store.appendConfusion([{ runId, split: 'validation', step: 1, epoch: 1, classes: 1, counts: [3] }])
    store.saveModel(runId, '{}')
    store.finishRun(runId, {
      status: 'failed',
      error: 'out of memory',
      testAccuracy: null,
      testLoss: null,
      finishedAt: 2,
    })

    store.requeueRun(runId)
    expect(store.getRun(runId)).toMatchObject({
      status: 'queued',
      error: null,
      startedAt: null,
      finishedAt: null,
      progress: 0,
      step: 0,
      epoch: 0,
      bestValAccuracy: null,
      finalValAccuracy: null,
      finalTrainLoss: null,
      testAccuracy: null,
    })
    expect([
      count('metrics', runId),
      count('confusion', runId),
      count('models', runId),
      count('params', runId) > 0,
    ]).toEqual([0, 0, 0, true])
    expect(store.queuedRunIds()).toEqual([runId])
  })

  it("forgets a requeued run's score on my digits: its model is about to change", () => {
    const runId = store.createRun({ name: 'scored', config: config(), sweepId: null })
    store.finishRun(runId, { status: 'finished', error: null, testAccuracy: 0.9, testLoss: 0.3, finishedAt: 2 })
    store.saveDrawingScore({
      runId,
      accuracy: 0.5,
      count: 4,
      confusion: { classes: 2, counts: [1, 1, 1, 1] },
      scoredAt: 3,
    })
    store.requeueRun(runId)
    expect(store.getRun(runId)).toMatchObject({ myDigitsAccuracy: null, myDigitsCount: null })
    expect(count('drawing_scores', runId)).toBe(0)
  })

  it('refuses to requeue a running run, which would lose its live series', () => {
    const runId = store.createRun({ name: 'busy', config: config(), sweepId: null })
    store.markRunning(runId, 10, 1)
    expect(() => store.requeueRun(runId)).toThrow(`run ${runId} is running; cancel it before running it again`)
  })

  it('ignores a trainer still reporting for a run the user deleted', () => {
    const runId = store.createRun({ name: 'gone', config: config(), sweepId: null })
    store.deleteRuns([runId])
    store.markRunning(runId, 10, 1)
    store.updateProgress(runId, { step: 1, totalSteps: 10, epoch: 0.1, fraction: 0.1, etaSeconds: 1 })
    store.appendMetrics(runId, [point('train/loss', 1, 1)])
    store.appendConfusion([{ runId, split: 'test', step: 1, epoch: 1, classes: 1, counts: [1] }])
    store.saveModel(runId, '{}')
    store.finishRun(runId, { status: 'finished', error: null, testAccuracy: 1, testLoss: 0, finishedAt: 2 })
    expect(store.getRun(runId)).toBeNull()
    expect([count('metrics', runId), count('confusion', runId), count('models', runId)]).toEqual([0, 0, 0])
  })
})

describe('SqliteStore: start-up after the app died', () => {
  it('marks running and queued runs interrupted, keeping their metrics, and the file checks out', () => {
    const running = store.createRun({ name: 'running', config: config(), sweepId: null })
    const queued = store.createRun({ name: 'queued', config: config(), sweepId: null })
    const done = store.createRun({ name: 'done', config: config(), sweepId: null })
    store.markRunning(running, 100, 1_700_000_000_000)
    store.appendMetrics(running, [point('train/loss', 1, 2), point('train/loss', 40, 1)])
    store.markRunning(done, 100, 1)
    store.finishRun(done, { status: 'finished', error: null, testAccuracy: 0.9, testLoss: 0.3, finishedAt: 9 })
    store.close()

    store = folder.track(SqliteStore.open(folder.file('runs.db')))
    expect(store.markInterruptedAtStartup()).toBe(2)
    expect(store.getRun(running)).toMatchObject({
      status: 'interrupted',
      error: INTERRUPTED_RUNNING,
      finishedAt: 1_700_000_000_040,
    })
    expect(store.getRun(queued)).toMatchObject({ status: 'interrupted', error: INTERRUPTED_QUEUED, finishedAt: null })
    expect(store.getRun(done)!.status).toBe('finished')
    expect(store.metricSeries({ runIds: [running], names: ['train/loss'] })[0].values).toEqual([2, 1])
    expect(INTERRUPTED_RUNNING).toBe('the app stopped while this run was running; its metrics up to then are kept')
    expect(store.integrityCheck()).toBe('ok')
    expect(store.database.db.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(store.markInterruptedAtStartup()).toBe(0)
  })
})

describe('SqliteStore: deleting, tags and notes', () => {
  it('deletes runs with everything that hangs off them', () => {
    const keep = store.createRun({ name: 'keep', config: config(), sweepId: null })
    const drop = store.createRun({ name: 'drop', config: config(), sweepId: null })
    for (const runId of [keep, drop]) {
      store.appendMetrics(runId, [point('train/loss', 1, 1)])
      store.appendConfusion([{ runId, split: 'test', step: 1, epoch: 1, classes: 1, counts: [1] }])
      store.saveModel(runId, '{}')
      store.setTags(runId, ['baseline'])
    }
    store.saveDrawingScore({ runId: drop, accuracy: 1, count: 1, confusion: { classes: 1, counts: [1] }, scoredAt: 1 })
    store.saveDrawingScore({ runId: keep, accuracy: 1, count: 1, confusion: { classes: 1, counts: [1] }, scoredAt: 1 })
    expect(store.deleteRuns([drop, 999])).toBe(1)
    for (const table of ['params', 'metrics', 'confusion', 'models', 'tags', 'drawing_scores']) {
      expect([table, count(table, drop)]).toEqual([table, 0])
      expect(count(table, keep)).toBeGreaterThan(0)
    }
    expect(store.integrityCheck()).toBe('ok')
  })

  it('sets tags (trimmed, without repeats) and notes, and says when the run is gone', () => {
    const runId = store.createRun({ name: 'r', config: config(), sweepId: null })
    store.setTags(runId, [' best ', 'adam', 'best', ''])
    store.setNotes(runId, 'try a wider layer next')
    expect(store.getRun(runId)).toMatchObject({ tags: ['adam', 'best'], notes: 'try a wider layer next' })
    store.setTags(runId, [])
    expect(store.getRun(runId)!.tags).toEqual([])
    expect(() => store.setTags(404, ['x'])).toThrow('run 404 does not exist (it may have been deleted)')
    expect(() => store.setNotes(404, 'x')).toThrow('run 404 does not exist')
  })
})
