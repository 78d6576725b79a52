import { describe, expect, it } from 'vitest'
import type { Param } from '../layers/layer'
import { createOptimizer, Sgd } from './index'

/** One weight vector w = (1, −2) with gradient (0.5, 0.25) and one bias b = 3 with gradient 1. */
function params(): [Param, Param] {
  return [
    { name: 'w', value: new Float32Array([1, -2]), grad: new Float32Array([0.5, 0.25]), decay: true },
    { name: 'b', value: new Float32Array([3]), grad: new Float32Array([1]), decay: false },
  ]
}

const values = (p: Param): number[] => Array.from(p.value)

describe('Sgd', () => {
  it('plain: w ← w − lr·g', () => {
    const [w, b] = params()
    new Sgd([w, b], { lr: 0.1 }).step()
    // 1 − 0.1·0.5 = 0.95;  −2 − 0.1·0.25 = −2.025;  3 − 0.1·1 = 2.9
    expect(values(w)).toEqual([0.95, -2.025].map(Math.fround))
    expect(values(b)).toEqual([Math.fround(2.9)])
  })

  it('momentum: v ← μv + g, w ← w − lr·v', () => {
    const [w, b] = params()
    const sgd = new Sgd([w, b], { lr: 0.1, momentum: 0.9 })
    sgd.step()
    // t=1: v = g = (0.5, 0.25), w = (0.95, −2.025) — the first step equals plain SGD
    expect(values(w)[0]).toBeCloseTo(0.95, 6)
    sgd.step()
    // t=2, same g: v = 0.9·0.5 + 0.5 = 0.95 → w = 0.95 − 0.095 = 0.855;  v = 0.9·0.25 + 0.25 = 0.475 → −2.025 − 0.0475 = −2.0725
    expect(values(w)[0]).toBeCloseTo(0.855, 6)
    expect(values(w)[1]).toBeCloseTo(-2.0725, 6)
    // bias: v = 0.9·1 + 1 = 1.9 → 2.9 − 0.19 = 2.71
    expect(values(b)[0]).toBeCloseTo(2.71, 6)
  })

  it('Nesterov: w ← w − lr·(g + μv)', () => {
    const [w] = params()
    const sgd = new Sgd([w], { lr: 0.1, momentum: 0.9, nesterov: true })
    sgd.step()
    // t=1: v = 0.5, step = 0.5 + 0.9·0.5 = 0.95 → w = 1 − 0.095 = 0.905
    expect(values(w)[0]).toBeCloseTo(0.905, 6)
    sgd.step()
    // t=2: v = 0.9·0.5 + 0.5 = 0.95, step = 0.5 + 0.9·0.95 = 1.355 → w = 0.905 − 0.1355 = 0.7695
    expect(values(w)[0]).toBeCloseTo(0.7695, 6)
  })

  it('weight decay adds λw to the gradient of weights, never of biases', () => {
    const [w, b] = params()
    new Sgd([w, b], { lr: 0.1, weightDecay: 0.1 }).step()
    // g = 0.5 + 0.1·1 = 0.6 → 1 − 0.06 = 0.94;  g = 0.25 + 0.1·(−2) = 0.05 → −2 − 0.005 = −2.005
    expect(values(w)[0]).toBeCloseTo(0.94, 6)
    expect(values(w)[1]).toBeCloseTo(-2.005, 6)
    // bias: 3 − 0.1·1 = 2.9, as without decay
    expect(values(b)).toEqual([Math.fround(2.9)])
  })

  it('weight decay with momentum decays from the current weights', () => {
    const [w, b] = params()
    const sgd = new Sgd([w, b], { lr: 0.1, momentum: 0.9, weightDecay: 0.1 })
    sgd.step()
    sgd.step()
    // t=1: g = 0.6, v = 0.6, w = 0.94;  t=2: g = 0.5 + 0.094 = 0.594, v = 0.54 + 0.594 = 1.134, w = 0.94 − 0.1134 = 0.8266
    expect(values(w)[0]).toBeCloseTo(0.8266, 6)
    // bias as plain momentum: 2.71
    expect(values(b)[0]).toBeCloseTo(2.71, 6)
  })

  it('uses the learning rate a schedule sets between steps', () => {
    const [w] = params()
    const sgd = new Sgd([w], { lr: 0.1 })
    sgd.lr = 1
    sgd.step()
    expect(values(w)[0]).toBe(0.5) // 1 − 1·0.5
  })

  it('zeroGrad clears every gradient', () => {
    const ps = params()
    new Sgd(ps, { lr: 0.1 }).zeroGrad()
    expect(ps.flatMap((p) => Array.from(p.grad))).toEqual([0, 0, 0])
  })

  it('createOptimizer builds the optimizer a spec names', () => {
    const [w] = params()
    const sgd = createOptimizer({ type: 'sgd', lr: 0.1, momentum: 0.9, nesterov: true }, [w])
    expect(sgd).toBeInstanceOf(Sgd)
    sgd.step()
    expect(values(w)[0]).toBeCloseTo(0.905, 6) // the Nesterov step above, so the options were passed through
  })
})
