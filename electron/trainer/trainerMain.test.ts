import { describe, expect, it, onTestFinished } from 'vitest'
import { locateMnist } from '../../shared/data/mnist'
import { fromTrainerSchema, parseOrExplain } from '../../shared/ipc/schemas'
import type { FromTrainer, ToTrainer } from '../../shared/ipc/trainer'
import { modelFromJson } from '../../shared/nn/model'
import { DEFAULT_CONFIG, type TrainConfig } from '../../shared/train/config'
import { runTrainer, type TrainerTiming } from './trainerMain'

const mnist = { name: 'mnist', ...locateMnist() }
const config = (overrides: Partial<TrainConfig> = {}): TrainConfig => ({
  ...DEFAULT_CONFIG,
  hidden: [32],
  lr: 0.1,
  batchSize: 50,
  epochs: 2,
  validationSize: 500,
  trainLimit: 1000,
  testLimit: 200,
  ...overrides,
})
const start = (overrides: Partial<TrainConfig> = {}, dataset = mnist): ToTrainer => ({
  type: 'start',
  runId: 7,
  config: config(overrides),
  dataset,
})

/** A trainer on an in-process port: what it posted, a way to talk to it, and its exit code. */
function trainer(
  timing: Partial<TrainerTiming> = {},
  onPost?: (message: FromTrainer, send: (m: unknown) => void) => void,
) {
  const posted: FromTrainer[] = []
  let listener: (message: unknown) => void = () => {}
  let resolveExit: (code: number) => void = () => {}
  const exitCode = new Promise<number>((resolve) => (resolveExit = resolve))
  const send = (message: unknown) => listener(message)
  runTrainer(
    {
      post: (message) => {
        posted.push(message)
        onPost?.(message, send)
      },
      onMessage: (fn) => (listener = fn),
      exit: (code) => resolveExit(code),
    },
    timing,
  )
  const ofType = <T extends FromTrainer['type']>(type: T) =>
    posted.filter((m): m is Extract<FromTrainer, { type: T }> => m.type === type)
  return { posted, send, exitCode, ofType }
}

describe('runTrainer', () => {
  it('trains and reports started, metrics, confusion, progress, model and done, each a valid message', async () => {
    const t = trainer({ flushPoints: 10 })
    t.send(start())
    expect(await t.exitCode).toBe(0)

    const types = t.posted.map((m) => m.type).filter((type) => type !== 'heartbeat')
    expect(types[0]).toBe('started')
    expect(types.slice(-2)).toEqual(['model', 'done'])
    for (const message of t.posted)
      expect(parseOrExplain(fromTrainerSchema, message, 'from the trainer')).toEqual(message)

    // 784·32 + 32 + 32·10 + 10 parameters; 1000 examples in batches of 50 for 2 epochs
    expect(t.ofType('started')[0]).toEqual({
      type: 'started',
      runId: 7,
      totalSteps: 40,
      parameterCount: 25450,
      threads: 1,
    })
    const batches = t.ofType('metrics').map((m) => m.points)
    expect(Math.max(...batches.map((points) => points.length))).toBeLessThanOrEqual(10)
    const points = batches.flat()
    expect(points.filter((p) => p.name === 'train/loss').map((p) => p.step)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    )
    expect(points.filter((p) => p.name === 'lr')).toHaveLength(40)
    expect(points.filter((p) => p.name === 'val/accuracy').map((p) => p.epoch)).toEqual([1, 2])
    expect(points).toHaveLength(2 * 40 + 2 * 4)

    const confusion = t.ofType('confusion').flatMap((m) => m.records)
    const total = (counts: number[]) => counts.reduce((a, b) => a + b, 0)
    expect(confusion.map((r) => [r.split, r.epoch, total(r.counts)])).toEqual([
      ['validation', 1, 500],
      ['validation', 2, 500],
      ['test', 2, 200],
    ])
    const progress = t.ofType('progress')
    expect(progress[progress.length - 1]).toMatchObject({ step: 40, totalSteps: 40, fraction: 1 })

    const done = t.ofType('done')[0]
    expect(done).toMatchObject({ runId: 7, status: 'finished', message: expect.stringContaining('finished 40 steps') })
    expect(done.testAccuracy).toBeGreaterThan(0.5)
    const model = modelFromJson(t.ofType('model')[0].model)
    expect(model.meta?.testAccuracy).toBe(done.testAccuracy)
    expect(model.weights).toHaveLength(25450)
  })

  it('with threads: 2 puts a second thread on the products, says so, and trains as well', async () => {
    // kept without the timing that may turn it down on a VM whose two vCPUs share a core
    process.env.NNWB_GEMM_THREADS = '2'
    onTestFinished(() => {
      delete process.env.NNWB_GEMM_THREADS
    })
    const t = trainer()
    t.send({ ...start({ hidden: [128], batchSize: 128, epochs: 1 }), threads: 2 } as ToTrainer)
    expect(await t.exitCode).toBe(0)
    expect(t.ofType('started')[0].threads).toBe(2)
    expect(t.ofType('done')[0]).toMatchObject({ status: 'finished' })
    expect(t.ofType('done')[0].testAccuracy).toBeGreaterThan(0.5)
  })

  it('stops at a cancel, still reporting what it has, and exits 0', async () => {
    const t = trainer({}, (message, send) => message.type === 'metrics' && send({ type: 'cancel' }))
    t.send(start({ epochs: 50 }))
    expect(await t.exitCode).toBe(0)
    const done = t.ofType('done')[0]
    expect(done.status).toBe('cancelled')
    expect(done.message).toMatch(/^cancelled at step \d+ of 1000$/)
    expect(t.ofType('model')).toEqual([]) // only a finished run's network is kept
    expect(t.posted[t.posted.length - 1]).toBe(done)
  })

  it('a bad config or a missing file is an error in words, then exit 1', async () => {
    const bad = trainer()
    bad.send(start({ lr: -1 }))
    expect(await bad.exitCode).toBe(1)
    expect(bad.posted).toEqual([
      { type: 'error', runId: 7, message: 'learning rate must be a number above 0 and at most 100, got -1' },
    ])

    const missing = trainer()
    missing.send(start({}, { ...mnist, trainImages: '/no/such/images' }))
    expect(await missing.exitCode).toBe(1)
    expect(missing.posted).toEqual([{ type: 'error', runId: 7, message: 'file not found: /no/such/images' }])

    const tooBig = trainer()
    tooBig.send(start({ validationSize: 60000 }))
    expect(await tooBig.exitCode).toBe(1)
    expect(tooBig.ofType('error')[0].message).toBe(
      'validation size 60000 leaves no training data (the set has 60000 examples)',
    )
  })

  it('answers a malformed message with an error naming the problem and carries on', async () => {
    const t = trainer()
    t.send('hello')
    t.send({ type: 'train' })
    t.send({ type: 'cancel', extra: [1, 2] })
    expect(t.posted.map((m) => (m.type === 'error' ? m.message : m.type))).toEqual([
      'malformed message from the host: must be an object, got "hello"',
      expect.stringMatching(/^malformed message from the host: "type" /),
      'malformed message from the host: "extra" is not a known field',
    ])
    t.send({ type: 'cancel' })
    expect(await t.exitCode).toBe(0) // a cancel before any start: nothing to do

    const unusable = trainer()
    unusable.send({ type: 'start', runId: 7, config: { lr: 0.1 }, dataset: mnist })
    expect(await unusable.exitCode).toBe(1)
    expect(unusable.ofType('error')[0].message).toMatch(
      /^malformed message from the host: "config.dataset" is missing \(and \d+ more problems\)$/,
    )
  })

  it('refuses a second start while training', async () => {
    const t = trainer({}, (message, send) => {
      if (message.type === 'started') send({ ...start(), runId: 8 })
    })
    t.send(start())
    expect(await t.exitCode).toBe(0)
    expect(t.ofType('error').map((m) => m.message)).toEqual([
      'a second start (run 8) arrived while training run 7; a trainer runs one run',
    ])
    expect(t.ofType('done')[0].status).toBe('finished')
  })

  it('beats every heartbeatMs until it exits', async () => {
    const t = trainer({ heartbeatMs: 20 })
    await new Promise((resolve) => setTimeout(resolve, 90))
    t.send({ type: 'cancel' })
    expect(await t.exitCode).toBe(0)
    const beats = t.ofType('heartbeat').length
    expect(beats).toBeGreaterThanOrEqual(3)
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(t.ofType('heartbeat').length).toBe(beats)
  })
})
