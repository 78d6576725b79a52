// The scheduler with real trainer processes (forked under tsx) on small slices of MNIST.
import { writeFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadIdxDataset } from '../../../../shared/data/idxFile'
import { METRIC_NAMES } from '../../../../shared/runs/run'
import type { TrainConfig } from '../../../../shared/train/config'
import { SqliteStore } from '../store/sqliteStore'
import { tempFolder, type TempFolder } from '../store/testing'
import type { DatasetFiles } from '../../../../shared/ipc/trainer'
import { Scheduler, SHUTDOWN_MESSAGE, type SchedulerOptions } from './scheduler'
import {
  observingSpawner,
  smallConfig,
  tsxTrainerSpawner,
  until,
  writeMnistSubset,
  type ObservingSpawner,
} from './testing'

let folder: TempFolder
let store: SqliteStore
let subset: DatasetFiles

beforeEach(() => {
  folder = tempFolder()
  store = folder.track(SqliteStore.open(folder.file('runs.db')))
  subset = writeMnistSubset(folder.dir)
})

afterEach(() => folder.cleanup())

function schedulerWith(spawner: ObservingSpawner, options: Partial<SchedulerOptions> = {}): Scheduler {
  return new Scheduler({ store, spawner, datasetFiles: () => subset, concurrency: 2, log: () => {}, ...options })
}

function createRuns(count: number, config: Partial<TrainConfig> = {}): number[] {
  return Array.from({ length: count }, (_, i) =>
    store.createRun({ name: `run ${i + 1}`, config: smallConfig({ seed: i + 1, ...config }), sweepId: null }),
  )
}

const statusOf = (runId: number) => store.getRun(runId)?.status
const errorOf = (runId: number) => store.getRun(runId)?.error

describe('Scheduler with real trainers', () => {
  it('records exactly the metric points a trainer sent, its confusion matrices and model', async () => {
    const spawner = observingSpawner(tsxTrainerSpawner())
    const scheduler = schedulerWith(spawner)
    const [runId] = createRuns(1, { epochs: 2 })
    const forwarded: number[] = []
    scheduler.on('metrics', (id, points) => id === runId && forwarded.push(points.length))
    scheduler.start()
    await scheduler.idle()

    const run = store.getRun(runId)!
    expect(run.status).toBe('finished')
    expect(run.error).toBeNull()
    expect(run.testAccuracy).toBeGreaterThan(0.5)
    const stored = store.metricSeries({ runIds: [runId], names: [...METRIC_NAMES] })
    const storedCount = stored.reduce((n, series) => n + series.values.length, 0)
    // 20 steps per epoch × 2 epochs × (train/loss, lr) + 2 evaluations × 4 points
    expect(spawner.runs.get(runId)!.pointsReceived).toBe(2 * 20 * 2 + 2 * 4)
    expect(storedCount).toBe(spawner.runs.get(runId)!.pointsReceived)
    expect(forwarded.reduce((a, b) => a + b, 0)).toBe(storedCount)
    expect(
      store
        .confusion(runId)
        .map((r) => `${r.split}@${r.epoch}`)
        .sort(),
    ).toEqual(['test@2', 'validation@1', 'validation@2'])
    expect(JSON.parse(store.model(runId)!.json).meta.classes).toHaveLength(10)
    expect(spawner.runs.get(runId)!.types[0]).toBe('started')
  })

  it('a stall of the host itself does not count as the trainer’s silence', async () => {
    // the trainer beats every second; the host blocks its own loop for twice the silence timeout while the trainer
    // keeps talking, so its messages wait in the pipe behind the host's timers
    const silenceTimeoutMs = 2000
    let blocked = false
    const spawner = observingSpawner(tsxTrainerSpawner(), (trainer, message) => {
      if (message.type !== 'started' || blocked) return
      blocked = true
      // once this message is handled, still inside the I/O callback, as a synchronous import inside a call would be:
      // libuv then runs the due timers before it next reads the trainer's pipe
      queueMicrotask(() => {
        const until = Date.now() + 2 * silenceTimeoutMs
        while (Date.now() < until);
      })
    })
    const scheduler = schedulerWith(spawner, { silenceTimeoutMs })
    const [runId] = createRuns(1, { epochs: 2 })
    scheduler.start()
    await scheduler.idle()
    expect(blocked).toBe(true)
    expect(errorOf(runId)).toBeNull()
    expect(statusOf(runId)).toBe('finished')
  })

  it('runs six runs two at a time, never more', async () => {
    const spawner = observingSpawner(tsxTrainerSpawner())
    const scheduler = schedulerWith(spawner)
    const runIds = createRuns(6)
    let maxRunning = 0
    scheduler.on('runUpdated', () => {
      const running = runIds.filter((id) => statusOf(id) === 'running').length
      maxRunning = Math.max(maxRunning, running)
    })
    for (const runId of runIds) scheduler.enqueue(runId)
    await scheduler.idle()

    expect(runIds.map(statusOf)).toEqual(Array(6).fill('finished'))
    expect(spawner.maxAlive()).toBe(2)
    expect(maxRunning).toBeLessThanOrEqual(2)
    expect(spawner.alive()).toBe(0)
  })

  it('cancels a queued run at once and a running one through its trainer', async () => {
    const spawner = observingSpawner(tsxTrainerSpawner(), (trainer, message) => {
      if (message.type === 'metrics' && trainer.runId === running) scheduler.cancel([running])
    })
    const scheduler = schedulerWith(spawner, { concurrency: 1 })
    const [running, queued] = createRuns(2, { epochs: 50 })
    scheduler.start()
    expect(scheduler.cancel([queued])).toBe(1)
    expect(statusOf(queued)).toBe('cancelled')
    expect(errorOf(queued)).toBe('cancelled before it started')
    await scheduler.idle()

    expect(statusOf(running)).toBe('cancelled')
    expect(errorOf(running)).toMatch(/^cancelled at step \d+ of 1000$/)
    expect(spawner.runs.has(queued)).toBe(false)
  })

  it('a trainer killed with SIGKILL fails only its own run, with the reason', async () => {
    const spawner = observingSpawner(tsxTrainerSpawner(), (trainer, message) => {
      if (message.type === 'metrics' && trainer.runId === victim) process.kill(trainer.handle.pid!, 'SIGKILL')
    })
    const scheduler = schedulerWith(spawner)
    const [victim] = createRuns(1, { epochs: 50 })
    const others = createRuns(2)
    scheduler.start()
    await scheduler.idle()

    expect(statusOf(victim)).toBe('failed')
    expect(errorOf(victim)).toBe('the trainer process was killed by SIGKILL')
    expect(others.map(statusOf)).toEqual(['finished', 'finished'])
  })

  it('a corrupt IDX file fails the run with the loader’s own words', async () => {
    const corrupt = folder.file('corrupt-images-idx3-ubyte')
    writeFileSync(corrupt, Buffer.from([0x12, 0x34, 0x56, 0x78, 0, 0, 0, 1]))
    const expected = (() => {
      try {
        loadIdxDataset(corrupt, subset.trainLabels, 'mnist')
      } catch (error) {
        return (error as Error).message
      }
    })()
    const spawner = observingSpawner(tsxTrainerSpawner())
    const scheduler = schedulerWith(spawner, { datasetFiles: () => ({ ...subset, trainImages: corrupt }) })
    const [runId] = createRuns(1)
    scheduler.start()
    await scheduler.idle()

    expect(expected).toContain('not an IDX file (an IDX file begins with two zero bytes')
    expect(statusOf(runId)).toBe('failed')
    expect(errorOf(runId)).toBe(expected)
  })

  it('shutdown stops every live run, marks it and waits for its trainer; queued runs stay queued', async () => {
    const spawner = observingSpawner(tsxTrainerSpawner())
    const scheduler = schedulerWith(spawner)
    const runIds = createRuns(3, { epochs: 200 })
    scheduler.start()
    await until('two runs running', () => runIds.filter((id) => statusOf(id) === 'running').length === 2)
    await scheduler.shutdown()

    expect(runIds.map(statusOf)).toEqual(['cancelled', 'cancelled', 'queued'])
    expect(errorOf(runIds[0])).toBe(SHUTDOWN_MESSAGE)
    expect(errorOf(runIds[1])).toBe(SHUTDOWN_MESSAGE)
    expect(spawner.alive()).toBe(0)
    scheduler.enqueue(runIds[2])
    expect(spawner.runs.has(runIds[2])).toBe(false)
  })
})
