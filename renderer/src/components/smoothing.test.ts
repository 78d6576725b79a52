import { describe, expect, it } from 'vitest'
import { emaState, smoothPoints } from './smoothing'

describe('smoothPoints', () => {
  it('starts at the first value (debiased) and then averages, w = 0.5', () => {
    // s1 = 0.5·4 = 2, shown 2 / (1 − 0.5) = 4; s2 = 0.5·2 + 0.5·2 = 2, shown 2 / 0.75 = 8/3
    const state = emaState(0.5)
    expect(
      smoothPoints(state, [
        { x: 0, y: 4 },
        { x: 1, y: 2 },
      ]),
    ).toEqual([
      { x: 0, y: 4 },
      { x: 1, y: 8 / 3 },
    ])
  })

  it('continues across appends exactly as one long call would', () => {
    const points = [3, 1, 4, 1, 5, 9, 2, 6].map((y, x) => ({ x, y }))
    const whole = smoothPoints(emaState(0.8), points)
    const live = emaState(0.8)
    expect([...smoothPoints(live, points.slice(0, 3)), ...smoothPoints(live, points.slice(3))]).toEqual(whole)
  })

  it('appends to the array it is given', () => {
    const out = [{ x: -1, y: 0 }]
    expect(smoothPoints(emaState(0), [{ x: 0, y: 5 }], out)).toBe(out)
    expect(out).toEqual([
      { x: -1, y: 0 },
      { x: 0, y: 5 },
    ])
  })

  it('skips values that are not numbers', () => {
    expect(
      smoothPoints(emaState(0.5), [
        { x: 0, y: Number.NaN },
        { x: 1, y: 2 },
      ]),
    ).toEqual([{ x: 1, y: 2 }])
  })
})
