import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kernelsName, setKernels } from '../nn/kernelSet'
import { saveModel } from '../nn/model'
import { wasmMemoryStats } from '../nn/wasmHeap'
import { resolveConfig, type TrainConfig } from './config'
import { presetByName } from './presets'
import { train, type EvaluationReport, type Progress, type StepReport, type TrainData } from './train'
import { loadTrainData } from './trainData.node'

// A 2,000-example slice of MNIST keeps each run to a second or two. Validation is the last 1,000 training images
// (not 10,000: evaluating is the slow part of a short run), test the first 1,000 test images.
const SMALL = { trainLimit: 2000, validationSize: 1000, testLimit: 1000 } as const

let data: TrainData
let noValidation: TrainData
beforeAll(() => {
  data = loadTrainData(resolveConfig({ ...SMALL }))
  noValidation = { ...data, validation: null }
})

const config = (overrides: Partial<TrainConfig>): TrainConfig => resolveConfig({ ...SMALL, ...overrides })
const preset = (name: string): Partial<TrainConfig> => presetByName(name)?.config ?? {}
const bits = (values: Float32Array): Uint32Array => new Uint32Array(values.buffer, values.byteOffset, values.length)

describe('train on a small MNIST slice', () => {
  it('loads the slice it was asked for', () => {
    expect([data.train.count, data.validation?.count, data.test?.count]).toEqual([2000, 1000, 1000])
    expect(data.train.features).toBe(784)
  })

  it('a Keras-like MLP passes 80 % test accuracy in 3 epochs', async () => {
    // The keras-mlp preset, but with 16-example batches and lr 0.05 so 3 epochs of 2,000 examples are 375 steps.
    const result = await train(config({ ...preset('keras-mlp'), epochs: 3, batchSize: 16, lr: 0.05 }), noValidation)
    expect(result.status).toBe('finished')
    expect(result.steps).toBe(375)
    expect(result.message).toMatch(/^finished 375 steps; test accuracy \d+\.\d\d%$/)
    expect(result.test?.accuracy).toBeGreaterThan(0.8)
    expect(result.test?.confusion.counts.reduce((a, b) => a + b, 0)).toBe(1000)
  })

  it('is deterministic: the same seed gives bit-identical weights, another seed different ones', async () => {
    // dropout and a non-dividing batch so every random stream (init, shuffle, dropout) is in play
    const run = async (seed: number) =>
      await train(config({ hidden: [32], dropout: 0.3, batchSize: 300, epochs: 1, seed }), noValidation)
    const [a, b, c] = [await run(7), await run(7), await run(8)]
    expect(bits(saveModel(b.network).weights)).toEqual(bits(saveModel(a.network).weights))
    expect(b.history.map((h) => h.trainLoss)).toEqual(a.history.map((h) => h.trainLoss))
    expect(bits(saveModel(c.network).weights)).not.toEqual(bits(saveModel(a.network).weights))
  })

  it('stops with "diverged" when the loss stops being a number', async () => {
    // linear hidden layers with lr 100: the logits blow up to ±Infinity within a few steps
    const result = await train(config({ hidden: [32], activation: 'linear', lr: 100, epochs: 1 }), noValidation)
    expect(result.status).toBe('diverged')
    expect(result.message).toMatch(/^diverged at step \d+ \(loss (NaN|Infinity)\): try a lower learning rate$/)
    expect(result.steps).toBeLessThan(16)
    expect(result.message).toContain(`step ${result.steps} `)
    expect(result.test).toBeNull()
  })

  it('stops with "cancelled" when the signal is aborted', async () => {
    const controller = new AbortController()
    const steps: number[] = []
    const result = await train(config({ hidden: [16], epochs: 2, batchSize: 50 }), noValidation, {
      signal: controller.signal,
      onStep: (report) => {
        steps.push(report.step)
        if (report.step === 5) controller.abort()
      },
    })
    expect(result.status).toBe('cancelled')
    expect(result.steps).toBe(5)
    expect(result.message).toBe('cancelled at step 5 of 80')
    expect(steps).toEqual([1, 2, 3, 4, 5])

    const before = await train(config({ hidden: [16] }), noValidation, { signal: AbortSignal.abort() })
    expect([before.status, before.steps]).toEqual(['cancelled', 0])
  })

  it('a binary task (the logistic preset) gives a 2×2 confusion and beats always saying "not a 3"', async () => {
    // full-batch gradient descent as in the preset, but lr 1 for 100 steps instead of lr 0.005 for 2,000
    const result = await train(config({ ...preset('logistic'), lr: 1, iterations: 100 }), data)
    expect(result.status).toBe('finished')
    const test = result.test
    expect(test?.confusion.classes).toBe(2)
    const [trueNegative, falsePositive, falseNegative, truePositive] = test?.confusion.counts ?? []
    expect(trueNegative + falsePositive + falseNegative + truePositive).toBe(1000)
    const threes = falseNegative + truePositive
    expect(test?.accuracy).toBeGreaterThan(1 - threes / 1000 + 0.02)
    expect(truePositive).toBeGreaterThan(threes / 2)
    expect(result.history.map((h) => h.step)).toEqual([100]) // the preset evaluates every 100 steps
    expect(result.history[0].validation?.confusion.counts).toHaveLength(4)
  })

  it('in iteration mode evaluates every evalEvery steps and at the end, or twenty times by default', async () => {
    const every20 = await train(
      config({ hidden: [16], epochs: 0, iterations: 50, evalEvery: 20, batchSize: 100 }),
      data,
    )
    expect(every20.history.map((h) => h.step)).toEqual([20, 40, 50])
    expect(every20.history.map((h) => h.epoch)).toEqual([1, 2, 2.5]) // 20 steps of 100 per epoch of 2,000
    expect(every20.history.every((h) => h.validation !== null)).toBe(true)

    const byDefault = await train(config({ hidden: [16], epochs: 0, iterations: 40, batchSize: 100 }), noValidation)
    expect(byDefault.history.map((h) => h.step)).toEqual(Array.from({ length: 20 }, (_, i) => 2 * (i + 1)))
  })

  it('reports each epoch with train and validation loss and accuracy and a 10×10 validation confusion', async () => {
    const seen: EvaluationReport[] = []
    const progress: Progress[] = []
    const result = await train(config({ hidden: [32], epochs: 2, batchSize: 200, lr: 0.1 }), data, {
      onEvaluation: (report) => seen.push(report),
      onProgress: (p) => progress.push(p),
    })
    expect(result.history).toEqual(seen)
    expect(result.history.map((h) => [h.step, h.epoch])).toEqual([
      [10, 1],
      [20, 2],
    ])
    for (const h of result.history) {
      expect(h.trainLoss).toBeGreaterThan(0)
      expect(Number.isFinite(h.trainLoss)).toBe(true)
      expect(h.trainAccuracy).toBeGreaterThan(0.1)
      expect(h.trainAccuracy).toBeLessThanOrEqual(1)
      const validation = h.validation
      expect(validation).not.toBeNull()
      expect(Number.isFinite(validation?.loss)).toBe(true)
      expect(validation?.confusion.classes).toBe(10)
      expect(validation?.confusion.counts).toHaveLength(100)
      expect(validation?.confusion.counts.reduce((a, b) => a + b, 0)).toBe(1000)
      expect(validation?.accuracy).toBeGreaterThan(0.1)
    }
    expect(result.history[1].trainLoss).toBeLessThan(result.history[0].trainLoss)
    expect(progress).toHaveLength(20)
    expect(progress[19]).toMatchObject({
      step: 20,
      totalSteps: 20,
      epoch: 2,
      totalEpochs: 2,
      fraction: 1,
      etaSeconds: 0,
    })
  })

  it('trains full-batch (batch size 0): one step per epoch over all 2,000 examples', async () => {
    const steps: StepReport[] = []
    const result = await train(config({ hidden: [16], batchSize: 0, epochs: 4, lr: 0.5 }), noValidation, {
      onStep: (s) => steps.push(s),
    })
    expect(result.status).toBe('finished')
    expect(result.steps).toBe(4)
    expect(steps.map((s) => s.epoch)).toEqual([1, 2, 3, 4])
    expect(result.history).toHaveLength(4)
    expect(steps[3].loss).toBeLessThan(steps[0].loss)
    // the train accuracy of an epoch is counted over the whole set
    for (const h of result.history) expect(h.trainAccuracy * 2000).toBeCloseTo(Math.round(h.trainAccuracy * 2000), 6)
  })

  it('uses the last, short batch when the batch size does not divide the set (300 on 2,000)', async () => {
    const steps: StepReport[] = []
    const result = await train(config({ hidden: [16], batchSize: 300, epochs: 2 }), noValidation, {
      onStep: (s) => steps.push(s),
    })
    expect(result.steps).toBe(14) // 6 batches of 300 and one of 200, twice
    expect(result.history.map((h) => [h.step, h.epoch])).toEqual([
      [7, 1],
      [14, 2],
    ])
    expect(steps.every((s) => Number.isFinite(s.loss))).toBe(true)
    for (const h of result.history) expect(h.trainAccuracy * 2000).toBeCloseTo(Math.round(h.trainAccuracy * 2000), 6)
  })

  it('follows the learning-rate schedule step by step', async () => {
    const lrs: number[] = []
    await train(
      config({ hidden: [8], batchSize: 500, epochs: 3, lr: 0.2, schedule: 'step', stepEvery: 1, stepGamma: 0.5 }),
      noValidation,
      {
        onStep: (s) => lrs.push(s.lr),
      },
    )
    expect(lrs).toEqual([0.2, 0.2, 0.2, 0.2, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05])
  })

  it('allocates no new buffers per step (counted: typed arrays created during a run)', async () => {
    const runFor = (iterations: number) =>
      train(
        config({
          hidden: [24, 12],
          dropout: 0.2,
          optimizer: 'adam',
          lr: 1e-3,
          batchSize: 300,
          epochs: 0,
          iterations,
          evalEvery: 1_000_000,
        }),
        noValidation,
      )
    await runFor(3) // warm-up: module-level scratch (packing buffers) grows once
    const short = await countBufferAllocations(() => runFor(10))
    const long = await countBufferAllocations(() => runFor(30)) // three times as long, across four epochs
    expect(long).toBe(short)
  })
})

describe('train with the wasm kernels', () => {
  const before = kernelsName()
  afterAll(() => setKernels(before))

  it('keeps the run in the wasm memory: no array allocated and no byte grown after the first epoch', async () => {
    setKernels('wasm')
    const perEpoch: ReturnType<typeof wasmMemoryStats>[] = []
    const result = await train(
      config({ hidden: [32], optimizer: 'adam', lr: 1e-3, batchSize: 64, epochs: 4, dropout: 0.1 }),
      data,
      {
        onEvaluation: () => perEpoch.push(wasmMemoryStats()),
      },
    )
    expect(result.status).toBe('finished')
    expect(perEpoch).toHaveLength(4)
    expect(perEpoch[0].allocations).toBeGreaterThan(0)
    // validation batches come from the dataset, outside the memory, and are copied in: only allocation must stay flat
    for (const stats of perEpoch.slice(1))
      expect({ ...stats, copiedFloats: 0 }).toEqual({ ...perEpoch[0], copiedFloats: 0 })
  })

  it('copies nothing across the JS/wasm boundary while it trains (mini-batches, a short last batch, full batch)', async () => {
    setKernels('wasm')
    const copied: number[] = []
    const run = (optimizer: 'sgd' | 'adam', extra: Partial<TrainConfig>) =>
      train(
        config({
          hidden: [32, 16],
          optimizer,
          lr: optimizer === 'sgd' ? 0.1 : 1e-3,
          batchSize: 100,
          epochs: 2,
          ...extra,
        }),
        noValidation,
        {
          onStep: () => copied.push(wasmMemoryStats().copiedFloats),
        },
      )
    const cases = [
      ['sgd', {}, 40],
      ['sgd', { momentum: 0.9 }, 40],
      ['adam', { dropout: 0.2 }, 40],
      ['sgd', { batchSize: 0, epochs: 5 }, 5],
      ['sgd', { batchSize: 300 }, 14],
    ] as const
    for (const [optimizer, extra, steps] of cases) {
      copied.length = 0
      const result = await run(optimizer, extra)
      expect(result.status).toBe('finished')
      expect(copied).toHaveLength(steps)
      expect(copied[copied.length - 1] - copied[0]).toBe(0)
    }
  })
})

/**
 * How many Float32Array / Float64Array buffers (not views of an existing buffer) are created while `run` runs.
 * Replaces the globals with counting subclasses for the duration, which module code picks up at `new` time.
 */
async function countBufferAllocations(run: () => Promise<unknown>): Promise<number> {
  const originals = { Float32Array: globalThis.Float32Array, Float64Array: globalThis.Float64Array }
  let count = 0
  const counting = <T extends Float32ArrayConstructor | Float64ArrayConstructor>(Base: T): T =>
    class extends (Base as Float32ArrayConstructor) {
      constructor(...args: unknown[]) {
        super(...(args as [number]))
        // views of an existing buffer, the wasm memory's included (its allocations are counted by wasmMemoryStats)
        if (!(args[0] instanceof ArrayBuffer || args[0] instanceof SharedArrayBuffer)) count += 1
      }
    } as unknown as T
  globalThis.Float32Array = counting(originals.Float32Array)
  globalThis.Float64Array = counting(originals.Float64Array)
  try {
    await run()
  } finally {
    globalThis.Float32Array = originals.Float32Array
    globalThis.Float64Array = originals.Float64Array
  }
  return count
}
