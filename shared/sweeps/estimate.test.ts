import { describe, expect, it } from 'vitest'
import { resolveConfig, type TrainConfig } from '../train/config'
import { PRESETS } from '../train/presets'
import { estimateSeconds, FLOPS_PER_SECOND, PROCESS_START_SECONDS } from './estimate'

const config = (overrides: Partial<TrainConfig>): TrainConfig => resolveConfig(overrides)
const seconds = (overrides: Partial<TrainConfig>, trainCount?: number): number =>
  estimateSeconds(config(overrides), trainCount)

describe('estimateSeconds', () => {
  it('gives every preset a positive, finite duration', () => {
    for (const preset of PRESETS) {
      const estimate = estimateSeconds(config(preset.config))
      expect(estimate, preset.name).toBeGreaterThan(0)
      expect(Number.isFinite(estimate), preset.name).toBe(true)
    }
  })

  it('takes longer for a bigger network', () => {
    expect(seconds({ hidden: [256] })).toBeGreaterThan(seconds({ hidden: [128] }))
    expect(seconds({ hidden: [128, 128] })).toBeGreaterThan(seconds({ hidden: [128] }))
    expect(seconds({ hidden: [128] })).toBeGreaterThan(seconds({ hidden: [] }))
  })

  it('grows in proportion to epochs once evaluation is counted per epoch', () => {
    const one = seconds({ epochs: 1 })
    const ten = seconds({ epochs: 10 })
    expect(ten).toBeGreaterThan(one)
    const test = seconds({ epochs: 1 }) - (seconds({ epochs: 2 }) - seconds({ epochs: 1 })) // the one-off test pass
    expect(ten - test).toBeCloseTo(10 * (one - test), 6)
  })

  it('takes longer for more iterations, and a full batch costs far more per iteration than a mini-batch', () => {
    expect(seconds({ epochs: 0, iterations: 2000 })).toBeGreaterThan(seconds({ epochs: 0, iterations: 1000 }))
    const trainingOnly = { epochs: 0, iterations: 100, validationSize: 0, testLimit: 1 }
    const fullBatch = seconds({ ...trainingOnly, batchSize: 0 })
    const miniBatch = seconds({ ...trainingOnly, batchSize: 128 })
    // 50,000 examples a step against 128 (the process start is the same for both)
    expect(fullBatch - PROCESS_START_SECONDS).toBeGreaterThan(100 * (miniBatch - PROCESS_START_SECONDS))
    // a batch as large as the training set is the full batch
    expect(seconds({ ...trainingOnly, batchSize: 60_000 })).toBe(fullBatch)
  })

  it('charges small batches for their extra optimizer steps, Adam more than plain SGD', () => {
    expect(seconds({ batchSize: 10 })).toBeGreaterThan(seconds({ batchSize: 128 }))
    expect(seconds({ optimizer: 'adam', lr: 1e-3 })).toBeGreaterThan(seconds({ optimizer: 'sgd' }))
  })

  it('takes less with fewer training, validation or test examples, and for a binary task', () => {
    const full = seconds({})
    expect(seconds({}, 10_000)).toBeLessThan(full)
    expect(seconds({ trainLimit: 5000 })).toBeLessThan(full)
    expect(seconds({ trainLimit: 5000 })).toBe(seconds({}, 5000))
    expect(seconds({ validationSize: 0 })).toBeLessThan(full)
    expect(seconds({ testLimit: 100 })).toBeLessThan(full)
    expect(seconds({ task: 'binary', outputActivation: 'sigmoid', loss: 'binary-cross-entropy' })).toBeLessThan(full)
  })

  it('counts about twenty validation passes in iteration mode unless told the interval', () => {
    const noValidation = seconds({ epochs: 0, iterations: 1000, validationSize: 0 })
    const twenty = seconds({ epochs: 0, iterations: 1000 }) - noValidation
    const every100 = seconds({ epochs: 0, iterations: 1000, evalEvery: 100 }) - noValidation
    expect(every100 / twenty).toBeCloseTo(10 / 20, 6)
  })

  it('comes out near the epochs `npm run bench` timed (3.3 s and 1.1 s with the wasm kernels), plus the process start', () => {
    // one epoch over all 60,000 images, no validation; the test pass is cut to one example
    const epoch = { epochs: 1, validationSize: 0, testLimit: 1 }
    const a = seconds(
      { ...epoch, hidden: [100], activation: 'sigmoid', outputActivation: 'sigmoid', loss: 'quadratic', batchSize: 10 },
      60_000,
    )
    const b = seconds({ ...epoch, hidden: [128], batchSize: 128 }, 60_000)
    const trainA = a - PROCESS_START_SECONDS
    const trainB = b - PROCESS_START_SECONDS
    expect(trainA).toBeGreaterThan(3.3 / 2)
    expect(trainA).toBeLessThan(3.3 * 2)
    expect(trainB).toBeGreaterThan(1.1 / 2)
    expect(trainB).toBeLessThan(1.1 * 2)
    expect(FLOPS_PER_SECOND).toBe(2e10)
  })
})
