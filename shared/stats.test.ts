import { describe, expect, it } from 'vitest'
import { median } from './stats'

describe('median', () => {
  it('takes the middle of an odd count and the mean of the two middles of an even one, in any order', () => {
    expect(median([0.9, 0.1, 0.5])).toBe(0.5)
    expect(median([0.4, 0.9, 0.1, 0.6])).toBe(0.5)
    expect(median([0.7])).toBe(0.7)
    const values = [3, 1, 2]
    median(values)
    expect(values).toEqual([3, 1, 2]) // the caller's array is left as it was
    expect(median([])).toBeNaN()
  })
})
