import { describe, expect, it } from 'vitest'
import type { Param } from '../layers/layer'
import { Adam, createOptimizer } from './index'

function param(name: 'w' | 'b', value: number[], grad: number[]): Param {
  return { name, value: new Float32Array(value), grad: new Float32Array(grad), decay: name === 'w' }
}

describe('Adam', () => {
  it('t=1 and t=2 by hand', () => {
    const w = param('w', [1], [0.5])
    const adam = new Adam([w], { lr: 0.1 })
    adam.step()
    // adam, t=1: m = 0.1·g = 0.05;  v = 0.001·g² = 0.00025;  m̂ = m/0.1 = 0.5;  v̂ = v/0.001 = 0.25
    //            w = 1 − 0.1 · 0.5 / (√0.25 + 1e-8) = 0.9
    expect(w.value[0]).toBeCloseTo(0.9, 6)
    w.grad[0] = 0.25
    adam.step()
    // adam, t=2: m = 0.9·0.05 + 0.1·0.25 = 0.07;  v = 0.999·0.00025 + 0.001·0.0625 = 0.00031225
    //            m̂ = 0.07 / (1 − 0.9²) = 0.368421;  v̂ = 0.00031225 / (1 − 0.999²) = 0.156203;  √v̂ = 0.395225
    //            w = 0.9 − 0.1 · 0.368421 / 0.395225 = 0.9 − 0.093218 = 0.806782
    expect(w.value[0]).toBeCloseTo(0.806782, 5)
  })

  it('the first step moves every weight by lr, whatever the size or sign of its gradient', () => {
    // t=1: m̂ = g and v̂ = g², so the step is lr · g / |g|
    const w = param('w', [0, 0, 0], [-3, 1e-3, 200])
    new Adam([w], { lr: 0.01 }).step()
    expect(Array.from(w.value).map((v) => Number(v.toFixed(6)))).toEqual([0.01, -0.01, -0.01])
  })

  it('honours custom betas and epsilon', () => {
    const w = param('w', [1], [2])
    new Adam([w], { lr: 0.1, beta1: 0.5, beta2: 0.5, epsilon: 2 }).step()
    // t=1: m̂ = g = 2, v̂ = g² = 4 → w = 1 − 0.1 · 2 / (2 + 2) = 0.95
    expect(w.value[0]).toBeCloseTo(0.95, 6)
  })

  it('weight decay is L2 added to the gradient of weights, not of biases', () => {
    const w = param('w', [1], [0])
    const b = param('b', [1], [0])
    new Adam([w, b], { lr: 0.1, weightDecay: 0.1 }).step()
    // weight: g = 0 + 0.1·1 = 0.1 → t=1 step = lr·sign(g) → 0.9.  bias: g = 0 → m = v = 0 → no move
    expect(w.value[0]).toBeCloseTo(0.9, 6)
    expect(b.value[0]).toBe(1)
  })

  it('createOptimizer builds Adam with its options', () => {
    const w = param('w', [1], [2])
    const adam = createOptimizer({ type: 'adam', lr: 0.1, beta1: 0.5, beta2: 0.5, epsilon: 2 }, [w])
    expect(adam).toBeInstanceOf(Adam)
    adam.step()
    expect(w.value[0]).toBeCloseTo(0.95, 6)
  })
})
