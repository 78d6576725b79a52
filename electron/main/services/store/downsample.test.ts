import { describe, expect, it } from 'vitest'
import { downsample, type SeriesColumns } from './downsample'

const series = (values: number[]): SeriesColumns => ({
  steps: values.map((_, i) => i),
  epochs: values.map((_, i) => i / 10),
  values,
  wallTimes: values.map((_, i) => 1000 + i),
})

describe('downsample', () => {
  it('returns a series that already fits unchanged', () => {
    const s = series([3, 1, 2])
    expect(downsample(s, 3)).toBe(s)
  })

  it('keeps the first and last points and each bucket’s low and high, in step order', () => {
    // 10 points into 6: first, last, and two buckets of four interior points each
    const s = series([5, 9, 1, 4, 7, 2, 8, 0, 6, 3])
    const out = downsample(s, 6)
    // bucket 1 = steps 1..4 (9, 1, 4, 7): high at 1, low at 2; bucket 2 = steps 5..8 (2, 8, 0, 6): high at 6, low at 7
    expect(out.steps).toEqual([0, 1, 2, 6, 7, 9])
    expect(out.values).toEqual([5, 9, 1, 8, 0, 3])
    expect(out.epochs).toEqual([0, 0.1, 0.2, 0.6, 0.7, 0.9])
    expect(out.wallTimes).toEqual([1000, 1001, 1002, 1006, 1007, 1009])
  })

  it('keeps the global minimum and maximum of a long noisy series within the budget', () => {
    const values = Array.from({ length: 50_000 }, (_, i) => Math.sin(i / 500) + ((i * 7919) % 13) / 100)
    values[31_337] = -5 // a spike a plain stride would skip
    values[12_345] = 9
    const out = downsample(series(values), 500)
    expect(out.values.length).toBeLessThanOrEqual(500)
    expect(out.values.length).toBeGreaterThan(400)
    expect(out.steps[0]).toBe(0)
    expect(out.steps[out.steps.length - 1]).toBe(49_999)
    expect(out.steps).toContain(31_337)
    expect(out.steps).toContain(12_345)
    expect(out.steps).toEqual([...out.steps].sort((a, b) => a - b))
  })

  it('keeps one point of a stretch that is all NaN, so a divergence stays visible', () => {
    // NaN is neither a bucket's low nor its high while the bucket has numbers
    expect(downsample(series([1, 2, 3, NaN, NaN, NaN, NaN, 4]), 4).values).toEqual([1, 2, 3, 4])
    const diverged = downsample(series([1, NaN, NaN, NaN, NaN, NaN]), 4)
    expect(diverged.steps).toEqual([0, 1, 5])
    expect(diverged.values).toEqual([1, NaN, NaN])
  })

  it('keeps at least the first and last points however small the budget', () => {
    expect(downsample(series([4, 5, 6, 7]), 1).values).toEqual([4, 7])
  })
})
