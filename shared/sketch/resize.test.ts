import { describe, expect, it } from 'vitest'
import { areaResize } from './resize'

const whole = (width: number, height: number) => ({ x: 0, y: 0, width, height })
const close = (values: Float32Array) => Array.from(values, (v) => Math.round(v * 1e6) / 1e6)

describe('areaResize: an exact box filter', () => {
  it('halving averages each 2×2 block', () => {
    const source = Float32Array.from([1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1])
    expect(close(areaResize(source, 4, whole(4, 4), 2, 2))).toEqual([0.75, 0, 0, 1])
  })

  it('counts partly covered pixels by the covered fraction: 3 → 2 is [1, ½]/1.5 and [½, 1]/1.5', () => {
    // output pixel 0 covers source [0, 1.5): all of pixel 0, half of pixel 1
    const out = areaResize(Float32Array.from([0.9, 0.3, 0.6]), 3, whole(3, 1), 2, 1)
    expect(close(out)).toEqual([
      Math.round(((0.9 + 0.15) / 1.5) * 1e6) / 1e6,
      Math.round(((0.15 + 0.6) / 1.5) * 1e6) / 1e6,
    ])
  })

  it('keeps the mass: the mean of the output is the mean of the source, at any ratio', () => {
    const source = Float32Array.from({ length: 37 * 23 }, (_, i) => ((i * 7919) % 101) / 100)
    const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length
    for (const [w, h] of [
      [20, 12],
      [7, 20],
      [50, 31],
      [1, 1],
    ]) {
      expect(mean(areaResize(source, 37, whole(37, 23), w, h))).toBeCloseTo(mean(source), 5)
    }
  })

  it('reads only the box it is given', () => {
    const source = new Float32Array(5 * 5).fill(9)
    for (const i of [6, 7, 11, 12]) source[i] = 1
    expect(close(areaResize(source, 5, { x: 1, y: 1, width: 2, height: 2 }, 1, 1))).toEqual([1])
  })

  it('enlarging repeats a pixel and blends where an output pixel straddles two', () => {
    expect(close(areaResize(Float32Array.from([0, 1]), 2, whole(2, 1), 4, 1))).toEqual([0, 0, 1, 1])
    expect(close(areaResize(Float32Array.from([0, 1]), 2, whole(2, 1), 3, 1))).toEqual([0, 0.5, 1])
  })
})
