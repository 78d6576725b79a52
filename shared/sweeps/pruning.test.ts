import { describe, expect, it } from 'vitest'
import type { RunSummary } from '../runs/run'
import { DEFAULT_CONFIG } from '../train/config'
import { bestBy, shouldPrune } from './pruning'

describe('shouldPrune', () => {
  it('never prunes during the warm-up, only after it', () => {
    const others = [0.9, 0.91, 0.92]
    expect(shouldPrune(0.5, others, 1, 2)).toBe(false)
    expect(shouldPrune(0.5, others, 2, 2)).toBe(false)
    expect(shouldPrune(0.5, others, 3, 2)).toBe(true)
    expect(shouldPrune(0.5, others, 1, 0)).toBe(true)
  })

  it('prunes below the median of an odd count of others, not at or above it', () => {
    const others = [0.8, 0.95, 0.9] // median 0.9
    expect(shouldPrune(0.89, others, 5, 1)).toBe(true)
    expect(shouldPrune(0.9, others, 5, 1)).toBe(false)
    expect(shouldPrune(0.97, others, 5, 1)).toBe(false)
  })

  it('uses the mean of the two middle values for an even count', () => {
    const others = [0.8, 0.9, 0.7, 0.95] // median (0.8 + 0.9) / 2 = 0.85
    expect(shouldPrune(0.84, others, 5, 1)).toBe(true)
    expect(shouldPrune(0.86, others, 5, 1)).toBe(false)
  })

  it('waits for at least minOthers other runs at that epoch', () => {
    expect(shouldPrune(0.1, [], 5, 1)).toBe(false)
    expect(shouldPrune(0.1, [0.9], 5, 1)).toBe(false)
    expect(shouldPrune(0.1, [0.9, 0.9], 5, 1)).toBe(true)
    expect(shouldPrune(0.1, [0.9, 0.9], 5, 1, 3)).toBe(false)
    expect(shouldPrune(0.1, [0.9], 5, 1, 1)).toBe(true)
    expect(shouldPrune(0.1, [], 5, 1, 0)).toBe(false)
  })

  it('leaves out others that are not numbers and prunes a run whose own value is NaN', () => {
    expect(shouldPrune(0.1, [0.9, NaN, Infinity], 5, 1)).toBe(false) // one usable value
    expect(shouldPrune(0.5, [0.9, NaN, 0.7, 0.2], 5, 1)).toBe(true) // median of 0.2, 0.7, 0.9 is 0.7
    expect(shouldPrune(0.5, [0.9, NaN, 0.4, 0.2], 5, 1)).toBe(false) // median of 0.2, 0.4, 0.9 is 0.4
    expect(shouldPrune(NaN, [0.9, 0.8], 5, 1)).toBe(true)
    expect(shouldPrune(NaN, [0.9, 0.8], 1, 1)).toBe(false)
  })
})

function run(id: number, testAccuracy: number | null, bestValAccuracy: number | null): RunSummary {
  return {
    id,
    name: `run ${id}`,
    sweepId: 1,
    status: 'finished',
    error: null,
    dataset: 'mnist',
    seed: 1,
    config: DEFAULT_CONFIG,
    createdAt: 0,
    startedAt: 0,
    finishedAt: 1,
    progress: 1,
    etaSeconds: null,
    step: 10,
    totalSteps: 10,
    epoch: 1,
    bestValAccuracy,
    finalValAccuracy: bestValAccuracy,
    testAccuracy,
    finalTrainLoss: 0.1,
    myDigitsAccuracy: null,
    myDigitsCount: null,
    tags: [],
    notes: '',
  }
}

describe('bestBy', () => {
  const runs = [run(1, 0.91, 0.95), run(2, 0.93, 0.92), run(3, null, 0.96), run(4, 0.93, null)]

  it('picks the highest value of the metric, skipping runs without it', () => {
    expect(bestBy(runs, 'testAccuracy')?.id).toBe(2)
    expect(bestBy(runs, 'bestValAccuracy')?.id).toBe(3)
  })

  it('breaks ties towards the earlier run, whatever the list order', () => {
    expect(bestBy([...runs].reverse(), 'testAccuracy')?.id).toBe(2)
  })

  it('is null when no run has the metric', () => {
    expect(bestBy([], 'testAccuracy')).toBeNull()
    expect(bestBy([run(1, null, null), run(2, NaN, null)], 'testAccuracy')).toBeNull()
  })
})
