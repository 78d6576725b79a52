import { describe, expect, it } from 'vitest'
import type { DatasetInfo } from '../../../../shared/data/datasetInfo'
import { estimateSeconds } from '../../../../shared/sweeps/estimate'
import { DEFAULT_CONFIG, type TrainConfig } from '../../../../shared/train/config'
import { datasetProblems, describeEstimate, formatDuration, runSeconds, wallSeconds } from './runPlan'

const MNIST: DatasetInfo = {
  name: 'mnist',
  builtIn: true,
  trainCount: 60000,
  testCount: 10000,
  rows: 28,
  cols: 28,
  classes: 10,
}
const TINY: DatasetInfo = {
  name: 'tiny',
  builtIn: false,
  trainCount: 500,
  testCount: 100,
  rows: 8,
  cols: 8,
  classes: 3,
}
const config = (overrides: Partial<TrainConfig>): TrainConfig => ({ ...DEFAULT_CONFIG, ...overrides })

describe('wallSeconds', () => {
  it('hands each run to the first free trainer', () => {
    expect(wallSeconds([10, 10, 10, 10], 2)).toBe(20)
    expect(wallSeconds([30, 10, 10, 10], 2)).toBe(30)
    expect(wallSeconds([10, 10, 10], 1)).toBe(30)
    expect(wallSeconds([10, 10], 8)).toBe(10)
    expect(wallSeconds([], 2)).toBe(0)
  })
})

describe('formatDuration and describeEstimate', () => {
  it('rounds to what a person plans by', () => {
    expect(formatDuration(0.4)).toBe('under a second')
    expect(formatDuration(42.4)).toBe('≈ 42 s')
    expect(formatDuration(245)).toBe('≈ 4 min')
    expect(formatDuration(3600)).toBe('≈ 1 h')
    expect(formatDuration(4800)).toBe('≈ 1 h 20 min')
    expect(formatDuration(3 * 86400)).toBe('≈ 3 days')
    expect(describeEstimate([120, 120, 120, 120], 2)).toBe('≈ 4 min at 2 at a time')
    expect(describeEstimate([120], 1)).toBe('≈ 2 min one at a time')
  })
})

describe('runSeconds', () => {
  it("uses the shared estimate with the dataset's size after the validation split", () => {
    const c = config({ validationSize: 10000 })
    expect(runSeconds([c], [MNIST])).toEqual([
      estimateSeconds(c, 50000, { features: 784, classes: 10, testCount: 10000 }),
    ])
    expect(runSeconds([config({ dataset: 'gone' })], [MNIST])).toEqual([estimateSeconds(config({ dataset: 'gone' }))])
    expect(runSeconds([config({ dataset: 'tiny', validationSize: 100 })], [TINY])[0]).toBeLessThan(
      runSeconds([c], [MNIST])[0],
    )
  })
})

describe('datasetProblems', () => {
  it('finds what only the dataset reveals, once each', () => {
    const problems = datasetProblems(
      [
        config({ dataset: 'tiny', validationSize: 500 }),
        config({ dataset: 'tiny', validationSize: 500, seed: 2 }),
        config({
          dataset: 'tiny',
          validationSize: 100,
          task: 'binary',
          positiveClass: 5,
          outputActivation: 'sigmoid',
          loss: 'binary-cross-entropy',
        }),
        config({ dataset: 'nowhere' }),
      ],
      [MNIST, TINY],
    )
    expect(problems).toEqual([
      { field: 'validationSize', message: 'validation size 500 leaves no training data (the set has 500 examples)' },
      { field: 'positiveClass', message: 'positive class 5 is not a class of tiny (0–2)' },
      { field: 'dataset', message: 'there is no dataset named "nowhere" (have: mnist, tiny)' },
    ])
    expect(datasetProblems([config({})], [MNIST])).toEqual([])
  })
})
