import { describe, expect, it } from 'vitest'
import type { Matrix } from '../matrix'
import { Rng } from '../rng'
import { randomArray } from '../testing/gradcheck'
import { Dropout } from './dropout'

const batch = (rows: number, cols: number, rng: Rng): Matrix => ({ rows, cols, data: randomArray(rng, rows * cols) })

describe('Dropout', () => {
  it('is the identity in inference and at rate 0', () => {
    const x = batch(4, 5, new Rng(1))
    const copy = x.data.slice()
    expect(new Dropout(5, 0.5, new Rng(2)).forward(x, false).data).toEqual(copy)
    expect(new Dropout(5, 0, new Rng(2)).forward(x, true).data).toEqual(copy)
    expect(x.data).toEqual(copy) // the input is not modified
  })

  it('keeps a unit when uniform() < 1 − rate and scales survivors by 1/(1 − rate)', () => {
    const rate = 0.25
    const x = batch(3, 7, new Rng(1))
    const y = new Dropout(7, rate, new Rng(42)).forward(x, true)
    const twin = new Rng(42) // same seed, so the same draws decide the same mask
    for (let i = 0; i < 21; i++) {
      const expected = twin.uniform() < 1 - rate ? x.data[i] / (1 - rate) : 0
      expect(y.data[i]).toBeCloseTo(expected, 6)
    }
  })

  it('backward is mask ⊙ dy, with the mask of the last training forward', () => {
    const rate = 0.5
    const rng = new Rng(3)
    const x = { rows: 6, cols: 5, data: randomArray(rng, 30).map((v) => v + 2) } // never 0, so y/x recovers the mask
    const layer = new Dropout(5, rate, new Rng(9))
    const y = layer.forward(x, true).data.slice()
    const dy = batch(6, 5, rng)
    const dx = layer.backward(dy, true) as Matrix
    let dropped = 0
    for (let i = 0; i < 30; i++) {
      const mask = y[i] / x.data[i]
      expect([0, 2]).toContain(Math.round(mask * 1e5) / 1e5)
      expect(dx.data[i]).toBeCloseTo(dy.data[i] * mask, 5)
      if (mask === 0) dropped++
    }
    expect(dropped).toBeGreaterThan(0)
    expect(dropped).toBeLessThan(30)
  })

  it('passes dy through after an inference forward, and returns null when no input gradient is needed', () => {
    const layer = new Dropout(3, 0.5, new Rng(1))
    const x = batch(2, 3, new Rng(2))
    layer.forward(x, false)
    const dy = batch(2, 3, new Rng(3))
    expect(layer.backward(dy, true)?.data).toEqual(dy.data)
    layer.forward(x, true)
    expect(layer.backward(dy, false)).toBeNull()
  })

  it('drops about `rate` of the units and keeps the expected activation (inverted dropout)', () => {
    const rate = 0.3
    const n = 200 * 500
    const x = { rows: 200, cols: 500, data: new Float32Array(n).fill(1) }
    const y = new Dropout(500, rate, new Rng(5)).forward(x, true).data
    let zeros = 0
    let sum = 0
    for (let i = 0; i < n; i++) {
      if (y[i] === 0) zeros++
      sum += y[i]
    }
    // binomial: σ of the dropped fraction is √(0.3·0.7/n) ≈ 0.0014
    expect(Math.abs(zeros / n - rate)).toBeLessThan(0.007)
    expect(Math.abs(sum / n - 1)).toBeLessThan(0.01)
  })

  it('draws a fresh mask every training step', () => {
    const layer = new Dropout(50, 0.5, new Rng(1))
    const x = { rows: 2, cols: 50, data: new Float32Array(100).fill(1) }
    const first = layer.forward(x, true).data.slice()
    const second = layer.forward(x, true).data.slice()
    expect(second).not.toEqual(first)
  })

  it('has no parameters and describes itself for saving', () => {
    const layer = new Dropout(10, 0.5, new Rng(1))
    expect(layer.params()).toEqual([])
    expect(layer.toJSON()).toEqual({ type: 'dropout', rate: 0.5 })
  })
})
