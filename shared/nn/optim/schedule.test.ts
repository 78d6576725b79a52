import { describe, expect, it } from 'vitest'
import { learningRateAt } from './schedule'

describe('learning-rate schedules', () => {
  it('constant', () => {
    for (const step of [0, 1, 999]) expect(learningRateAt({ type: 'constant' }, 0.1, step, 1000, 10)).toBe(0.1)
  })

  it('step: multiply by gamma every `everyEpochs` epochs', () => {
    const schedule = { type: 'step', everyEpochs: 2, gamma: 0.5 } as const
    // 10 steps per epoch, so the rate halves at steps 20, 40, …
    const at = (step: number): number => learningRateAt(schedule, 0.1, step, 100, 10)
    expect([at(0), at(19), at(20), at(39), at(40), at(99)]).toEqual([0.1, 0.1, 0.05, 0.05, 0.025, 0.1 * 0.5 ** 4])
  })

  it('step with a fractional interval (every half epoch)', () => {
    const schedule = { type: 'step', everyEpochs: 0.5, gamma: 0.1 } as const
    expect(learningRateAt(schedule, 1, 4, 100, 10)).toBe(1)
    expect(learningRateAt(schedule, 1, 5, 100, 10)).toBeCloseTo(0.1, 12)
  })

  it('cosine: from the base rate down to minLr over the run, then held', () => {
    const schedule = { type: 'cosine', minLr: 0.01 } as const
    const at = (step: number): number => learningRateAt(schedule, 0.1, step, 100, 10)
    expect(at(0)).toBeCloseTo(0.1, 12)
    // step 25: 0.01 + ½·0.09·(1 + cos(π/4)) = 0.01 + 0.045·1.707107 = 0.086820
    expect(at(25)).toBeCloseTo(0.0868198, 7)
    expect(at(50)).toBeCloseTo(0.055, 12) // halfway: the mean of the two
    expect(at(100)).toBeCloseTo(0.01, 12)
    expect(at(150)).toBeCloseTo(0.01, 12)
    for (let s = 1; s <= 100; s++) expect(at(s)).toBeLessThan(at(s - 1) + 1e-15)
  })
})
