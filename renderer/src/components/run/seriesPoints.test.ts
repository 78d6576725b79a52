import { describe, expect, it } from 'vitest'
import { livePoints, seriesPoints, wallOrigin } from './seriesPoints'

const series = { steps: [10, 20], epochs: [0.5, 1], values: [0.25, 0.5], wallTimes: [11_000, 13_500] }

describe('seriesPoints', () => {
  it('puts steps, epochs or seconds since the origin on x', () => {
    expect(seriesPoints(series, 'step', 0)).toEqual([
      { x: 10, y: 0.25 },
      { x: 20, y: 0.5 },
    ])
    expect(seriesPoints(series, 'epoch', 0)).toEqual([
      { x: 0.5, y: 0.25 },
      { x: 1, y: 0.5 },
    ])
    expect(seriesPoints(series, 'wall', 10_000)).toEqual([
      { x: 1, y: 0.25 },
      { x: 3.5, y: 0.5 },
    ])
  })

  it('scales values, e.g. to percentages', () => {
    expect(seriesPoints(series, 'step', 0, 100).map((p) => p.y)).toEqual([25, 50])
  })

  it('maps live points the same way as stored ones', () => {
    const live = [{ name: 'train/loss' as const, step: 20, epoch: 1, value: 0.5, wallTime: 13_500 }]
    expect(livePoints(live, 'wall', 10_000)).toEqual([{ x: 3.5, y: 0.5 }])
  })
})

describe('wallOrigin', () => {
  it('starts at the run start, else at the earliest point', () => {
    expect(wallOrigin(5_000, [series])).toBe(5_000)
    expect(wallOrigin(null, [series, { ...series, wallTimes: [9_000, 9_500] }])).toBe(9_000)
    expect(wallOrigin(null, [], 42)).toBe(42)
  })
})
