// The scheduler against scripted fake trainers: every way a trainer can misbehave fails only its own run.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ToTrainer } from '../../../../shared/ipc/trainer'
import { SqliteStore } from '../store/sqliteStore'
import { tempFolder, type TempFolder } from '../store/testing'
import { Scheduler, type SchedulerOptions } from './scheduler'
import type { TrainerSpawner } from './spawner'
import { fakeSpawner, smallConfig, until, wellBehaved, type FakeTrainer } from './testing'

let folder: TempFolder
let store: SqliteStore
let logged: string[]

beforeEach(() => {
  folder = tempFolder()
  store = folder.track(SqliteStore.open(folder.file('runs.db')))
  logged = []
})

afterEach(() => folder.cleanup())

const files = {
  name: 'mnist',
  trainImages: 'train-images',
  trainLabels: 'train-labels',
  testImages: null,
  testLabels: null,
}

function schedulerWith(spawner: TrainerSpawner, options: Partial<SchedulerOptions> = {}): Scheduler {
  return new Scheduler({
    store,
    spawner,
    datasetFiles: () => files,
    concurrency: 1,
    log: (m) => logged.push(m),
    ...options,
  })
}

const createRun = (sweepId: number | null = null) => store.createRun({ name: 'run', config: smallConfig(), sweepId })
const statusOf = (runId: number) => store.getRun(runId)?.status
const errorOf = (runId: number) => store.getRun(runId)?.error

/** The first trainer follows `script`; every later one is well behaved. */
function firstTrainer(script: (trainer: FakeTrainer, message: ToTrainer) => void) {
  const spawner = fakeSpawner((trainer, message) =>
    (trainer === spawner.trainers[0] ? script : wellBehaved)(trainer, message),
  )
  return spawner
}

describe('Scheduler, when a trainer misbehaves', () => {
  it.each([
    ['garbage', 'hello', 'trainer sent a malformed message: must be an object, got "hello"'],
    ['an unknown type', { type: 'pong' }, 'trainer sent a malformed message: "type" '],
    [
      'a bad field',
      { type: 'metrics', runId: 1, points: 'lots' },
      'trainer sent a malformed message: "points" must be a list, got "lots"',
    ],
    [
      'a bad point',
      { type: 'metrics', runId: 1, points: [{ name: 'val/acc', step: 1, epoch: 1, value: 1, wallTime: 1 }] },
      '"points[0].name" must be one of train/loss, lr,',
    ],
    [
      'another run’s id',
      { type: 'progress', runId: 99, step: 1, totalSteps: 2, epoch: 0.5, fraction: 0.5, etaSeconds: 1 },
      'progress for run 99, but it was started for run 1',
    ],
  ])('a message with %s fails that run and kills its trainer; the next run is fine', async (_, garbage, expected) => {
    const spawner = firstTrainer((trainer, message) => {
      if (message.type !== 'start') return
      trainer.say({ type: 'started', runId: message.runId, totalSteps: 2, parameterCount: 10 })
      trainer.say(garbage)
    })
    const scheduler = schedulerWith(spawner)
    const [bad, good] = [createRun(), createRun()]
    scheduler.start()
    await scheduler.idle()

    expect(statusOf(bad)).toBe('failed')
    expect(errorOf(bad)).toContain(expected)
    expect(spawner.trainers[0].killed).toBe(true)
    expect(statusOf(good)).toBe('finished')
  })

  it('kills a silent trainer after the silence timeout', async () => {
    const spawner = firstTrainer(() => {})
    const scheduler = schedulerWith(spawner, { silenceTimeoutMs: 300 })
    const [silent, good] = [createRun(), createRun()]
    const started = Date.now()
    scheduler.start()
    await scheduler.idle()

    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
    expect(statusOf(silent)).toBe('failed')
    expect(errorOf(silent)).toBe('unresponsive (no message for 0.3s)')
    expect(spawner.trainers[0].killed).toBe(true)
    expect(statusOf(good)).toBe('finished')
  })

  it('heartbeats keep a slow trainer alive past the silence timeout', async () => {
    const spawner = fakeSpawner((trainer, message) => {
      if (message.type !== 'start') return
      const beat = setInterval(() => trainer.say({ type: 'heartbeat' }), 100)
      setTimeout(() => {
        clearInterval(beat)
        wellBehaved(trainer, message)
      }, 700)
    })
    const scheduler = schedulerWith(spawner, { silenceTimeoutMs: 300 })
    const runId = createRun()
    scheduler.start()
    await scheduler.idle()
    expect(statusOf(runId)).toBe('finished')
  })

  it('an error message fails the run with the trainer’s words', async () => {
    const spawner = fakeSpawner((trainer, message) => {
      if (message.type !== 'start') return
      trainer.say({
        type: 'error',
        runId: null,
        message: 'validation size 60000 leaves no training data (the set has 60000 examples)',
      })
      trainer.exit(1)
    })
    const scheduler = schedulerWith(spawner)
    const runId = createRun()
    scheduler.start()
    await scheduler.idle()
    expect(statusOf(runId)).toBe('failed')
    expect(errorOf(runId)).toBe('validation size 60000 leaves no training data (the set has 60000 examples)')
  })

  it('an exit without a result fails the run with the exit code and the last stderr line', async () => {
    const spawner = fakeSpawner((trainer, message) => {
      if (message.type !== 'start') return
      trainer.stderrTail = () => ['TypeError: boom', '    at f (trainer.js:1:2)']
      trainer.exit(3)
    })
    const scheduler = schedulerWith(spawner)
    const runId = createRun()
    scheduler.start()
    await scheduler.idle()
    expect(errorOf(runId)).toBe('the trainer process exited with code 3: TypeError: boom')
  })

  it('a trainer that ignores cancel is killed after the grace and its run marked cancelled', async () => {
    const spawner = fakeSpawner((trainer, message) => {
      if (message.type === 'start')
        trainer.say({ type: 'started', runId: message.runId, totalSteps: 2, parameterCount: 10 })
    })
    const scheduler = schedulerWith(spawner, { cancelGraceMs: 200 })
    const runId = createRun()
    scheduler.start()
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(statusOf(runId)).toBe('running')
    expect(scheduler.cancel([runId])).toBe(1)
    expect(scheduler.cancel([runId])).toBe(0) // already stopping
    await scheduler.idle()
    expect(spawner.trainers[0].killed).toBe(true)
    expect(statusOf(runId)).toBe('cancelled')
    expect(errorOf(runId)).toBe('cancelled; the trainer did not stop within 0.2s and was killed')
  })

  it('a spawn that throws or an unknown dataset fails the run before any trainer exists', async () => {
    const throwing: TrainerSpawner = {
      spawn: () => {
        throw new Error('spawn ENOENT')
      },
    }
    const scheduler = schedulerWith(throwing)
    const runId = createRun()
    scheduler.start()
    await scheduler.idle()
    expect(errorOf(runId)).toBe('could not start a trainer process: spawn ENOENT')

    const unknown = schedulerWith(fakeSpawner(wellBehaved), {
      datasetFiles: (name) => {
        throw new Error(`unknown dataset "${name}"`)
      },
    })
    const other = createRun()
    unknown.start()
    await unknown.idle()
    expect(errorOf(other)).toBe('unknown dataset "mnist"')
  })

  it('a store that refuses a write fails that run, not the host', async () => {
    const spawner = fakeSpawner(wellBehaved)
    const refusing = Object.create(store) as SqliteStore
    refusing.appendMetrics = () => {
      throw new Error('disk I/O error')
    }
    const scheduler = schedulerWith(spawner, { store: refusing })
    const runId = createRun()
    scheduler.start()
    await scheduler.idle()
    expect(statusOf(runId)).toBe('failed')
    expect(errorOf(runId)).toBe("the host could not handle this run's trainer: disk I/O error")
    expect(logged).toEqual([`run ${runId}: disk I/O error`])
  })
})

describe('Scheduler pruning and limits', () => {
  it('prunes a sweep run below the median after the warm-up, with the numbers in its error', async () => {
    const sweepId = store.createSweep('lr sweep', { name: 'lr sweep', base: {}, pruning: { warmupEpochs: 2 } })
    for (const value of [0.8, 0.84, 0.9]) {
      const other = createRun(sweepId)
      store.appendMetrics(other, [{ name: 'val/accuracy', step: 30, epoch: 3, value, wallTime: 1 }])
      store.finishRun(other, { status: 'finished', error: null, testAccuracy: null, testLoss: null, finishedAt: 2 })
    }
    const spawner = fakeSpawner((trainer, message) => {
      if (message.type === 'cancel') {
        trainer.say({
          type: 'done',
          runId,
          status: 'cancelled',
          message: 'cancelled at step 30 of 100',
          testAccuracy: null,
          testLoss: null,
        })
        trainer.exit(0)
        return
      }
      const point = (epoch: number, value: number) => ({
        name: 'val/accuracy',
        step: epoch * 10,
        epoch,
        value,
        wallTime: Date.now(),
      })
      trainer.say({ type: 'started', runId, totalSteps: 100, parameterCount: 10 })
      trainer.say({ type: 'metrics', runId, points: [point(2, 0.1)] }) // below the median, but epoch 2 is still warm-up
      trainer.say({ type: 'metrics', runId, points: [point(3, 0.712)] })
    })
    const scheduler = schedulerWith(spawner, { sweepPruning: (id) => store.getSweep(id)?.spec.pruning ?? null })
    const runId = createRun(sweepId)
    scheduler.start()
    await scheduler.idle()

    expect(spawner.trainers[0].sent.map((m) => m.type)).toEqual(['start', 'cancel'])
    expect(statusOf(runId)).toBe('pruned')
    expect(errorOf(runId)).toBe('pruned at epoch 3: validation accuracy 71.2% was below the sweep median 84.0%')
  })

  it('setConcurrency clamps to 1–64 and starts more runs when raised', async () => {
    const spawner = fakeSpawner((trainer, message) => {
      if (message.type === 'start')
        trainer.say({ type: 'started', runId: message.runId, totalSteps: 1, parameterCount: 1 })
      if (message.type === 'cancel') trainer.exit(0)
    })
    const scheduler = schedulerWith(spawner)
    const runIds = [createRun(), createRun(), createRun()]
    scheduler.start()
    expect(scheduler.liveRunIds()).toEqual([runIds[0]])
    expect(scheduler.setConcurrency(3)).toBe(3)
    expect(scheduler.liveRunIds()).toEqual(runIds)
    expect(scheduler.setConcurrency(0)).toBe(1)
    expect(scheduler.setConcurrency(1000)).toBe(64)
    expect(() => scheduler.setConcurrency(Number.NaN)).toThrow('concurrency must be a whole number from 1 to 64')
    await scheduler.shutdown()
    expect(runIds.map(statusOf)).toEqual(['cancelled', 'cancelled', 'cancelled'])
  })
})

describe('Scheduler, threads per trainer', () => {
  function recordingThreads() {
    const threads: (number | undefined)[] = []
    const spawner = fakeSpawner((trainer, message) => {
      if (message.type === 'start') threads.push(message.threads)
      wellBehaved(trainer, message)
    })
    return { spawner, threads }
  }

  it('gives a run that has the machine to itself a second thread', async () => {
    const { spawner, threads } = recordingThreads()
    const scheduler = schedulerWith(spawner, { concurrency: 2, loneRunThreads: 2 })
    createRun()
    scheduler.start()
    await scheduler.idle()
    expect(threads).toEqual([2])
  })

  it('tells a lone run to give up its second thread while another run is live, and to take it back after', async () => {
    // the first trainer trains until told to finish; every later one finishes at once
    let finishFirst = (): void => {}
    const spawner = fakeSpawner((trainer, message) => {
      if (trainer !== spawner.trainers[0]) return wellBehaved(trainer, message)
      if (message.type !== 'start') return
      trainer.say({ type: 'started', runId: message.runId, totalSteps: 1, parameterCount: 10 })
      finishFirst = () => wellBehaved(trainer, message)
    })
    const scheduler = schedulerWith(spawner, { concurrency: 2, loneRunThreads: 2 })
    createRun()
    scheduler.start()
    await until(
      'the first run is running',
      () => spawner.trainers.length === 1 && spawner.trainers[0].sent.length === 1,
    )
    scheduler.enqueue(createRun())
    await until('the second run is done', () => spawner.trainers.length === 2 && spawner.trainers[1].exited)
    const threadMessages = (): ToTrainer[] => spawner.trainers[0].sent.filter((m) => m.type === 'threads')
    await until('the first run is offered its thread back', () => threadMessages().length === 2)
    expect(threadMessages()).toEqual([
      { type: 'threads', threads: 1 },
      { type: 'threads', threads: 2 },
    ])
    expect(spawner.trainers[1].sent[0]).toMatchObject({ type: 'start', threads: 1 })
    finishFirst()
    await scheduler.idle()
  })

  it('keeps one thread per trainer while other runs are live or queued (a sweep)', async () => {
    const { spawner, threads } = recordingThreads()
    const scheduler = schedulerWith(spawner, { concurrency: 2, loneRunThreads: 2 })
    const sweepId = store.createSweep('grid', { name: 'grid', base: {} })
    for (let i = 0; i < 3; i++) createRun(sweepId)
    scheduler.start()
    await scheduler.idle()
    // the last run starts alone only if the others are done by then; every run before it had company
    expect(threads.slice(0, 2)).toEqual([1, 1])
  })
})
