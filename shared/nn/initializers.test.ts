import { describe, expect, it } from 'vitest'
import { initialize, INITIALIZER_HELP, INITIALIZERS, type InitializerName } from './initializers'
import { Rng } from './rng'

const FAN_IN = 784
const FAN_OUT = 500

function stats(values: Float32Array): { mean: number; std: number; maxAbs: number } {
  let sum = 0
  let maxAbs = 0
  for (const v of values) {
    sum += v
    maxAbs = Math.max(maxAbs, Math.abs(v))
  }
  const mean = sum / values.length
  let squares = 0
  for (const v of values) squares += (v - mean) ** 2
  return { mean, std: Math.sqrt(squares / values.length), maxAbs }
}

function init(name: InitializerName, seed = 1) {
  const w = new Float32Array(FAN_OUT * FAN_IN)
  const b = new Float32Array(FAN_OUT).fill(NaN) // every initializer must set the biases
  initialize(name, w, b, FAN_IN, FAN_OUT, new Rng(seed))
  return { w, b, ws: stats(w), bs: stats(b) }
}

// With 392,000 weights the sample mean is within 0.002σ and the sample std within 0.2 % (1σ); tolerances are ~5σ.
describe('initializers', () => {
  it('normal: weights and biases N(0, 1)', () => {
    const { ws, bs } = init('normal')
    expect(Math.abs(ws.mean)).toBeLessThan(0.01)
    expect(ws.std).toBeCloseTo(1, 2)
    expect(Math.abs(bs.mean)).toBeLessThan(0.2) // only 500 biases
    expect(Math.abs(bs.std - 1)).toBeLessThan(0.15)
  })

  it('small-normal: weights N(0, 1)·0.01, biases 0', () => {
    const { b, ws } = init('small-normal')
    expect(Math.abs(ws.mean)).toBeLessThan(1e-4)
    expect(Math.abs(ws.std - 0.01)).toBeLessThan(1e-4)
    expect(b.every((v) => v === 0)).toBe(true)
  })

  it('truncated-normal: σ = 0.1 cut at two σ (so never beyond 0.2, std ≈ 0.088), biases 0.1', () => {
    const { b, ws } = init('truncated-normal')
    expect(ws.maxAbs).toBeLessThanOrEqual(Math.fround(0.2))
    expect(ws.maxAbs).toBeGreaterThan(0.199) // the tails are used right up to the cut
    // std of N(0, 1) truncated to ±2: √(1 − 2·2φ(2) / (2Φ(2) − 1)) = 0.8796
    expect(Math.abs(ws.std - 0.08796)).toBeLessThan(0.0005)
    expect(Math.abs(ws.mean)).toBeLessThan(0.001)
    expect(b.every((v) => v === Math.fround(0.1))).toBe(true)
  })

  it('glorot-uniform: U(±√(6 / (fan_in + fan_out))), biases 0', () => {
    const { b, ws } = init('glorot-uniform')
    const limit = Math.sqrt(6 / (FAN_IN + FAN_OUT))
    expect(ws.maxAbs).toBeLessThanOrEqual(limit)
    expect(ws.maxAbs).toBeGreaterThan(0.999 * limit)
    expect(Math.abs(ws.std - limit / Math.sqrt(3)) / (limit / Math.sqrt(3))).toBeLessThan(0.01) // uniform: σ = limit/√3
    expect(Math.abs(ws.mean)).toBeLessThan(0.01 * limit)
    expect(b.every((v) => v === 0)).toBe(true)
  })

  it('he-normal: N(0, 2 / fan_in), biases 0', () => {
    const { b, ws } = init('he-normal')
    const std = Math.sqrt(2 / FAN_IN)
    expect(Math.abs(ws.std - std) / std).toBeLessThan(0.01)
    expect(Math.abs(ws.mean)).toBeLessThan(0.01 * std)
    expect(b.every((v) => v === 0)).toBe(true)
  })

  it('is reproducible from the seed and changes with it', () => {
    const weights = (name: InitializerName, seed: number): number[] => {
      const w = new Float32Array(30 * 20)
      initialize(name, w, new Float32Array(20), 30, 20, new Rng(seed))
      return Array.from(w)
    }
    for (const name of INITIALIZERS) {
      expect(weights(name, 7), name).toEqual(weights(name, 7))
      expect(weights(name, 7), name).not.toEqual(weights(name, 8))
    }
  })

  it('has help text for every initializer', () => {
    expect(Object.keys(INITIALIZER_HELP).sort()).toEqual([...INITIALIZERS].sort())
  })
})
