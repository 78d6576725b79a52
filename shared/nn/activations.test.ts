import { describe, expect, it } from 'vitest'
import { ACTIVATIONS, activate, activationBackward, addBias, sigmoid, type ActivationName } from './activations'

function biasThenActivate(name: ActivationName, z: number[], bias: number[], rows: number): number[] {
  const zs = new Float32Array(z)
  const a = new Float32Array(z.length)
  addBias(zs, rows, bias.length, new Float32Array(bias))
  activate(zs, a, rows, bias.length, name)
  return Array.from(name === 'linear' ? zs : a)
}

describe('activations', () => {
  it('add the bias per column before activating', () => {
    expect(biasThenActivate('linear', [1, 2, 3, 4], [10, 20], 2)).toEqual([11, 22, 13, 24])
    expect(biasThenActivate('relu', [1, -2, -30, 4], [0, 1], 2)).toEqual([1, 0, 0, 5])
    expect(biasThenActivate('leaky-relu', [-100, 2], [0, 0], 1)).toEqual([Math.fround(-1), 2])
    expect(biasThenActivate('tanh', [0.5], [0], 1)).toEqual([Math.fround(Math.tanh(0.5))])
    expect(biasThenActivate('sigmoid', [0], [0], 1)).toEqual([0.5])
  })

  it('softmax normalizes each row separately', () => {
    const a = biasThenActivate('softmax', [0, Math.log(3), 5, 5], [0, 0], 2)
    expect(a[0]).toBeCloseTo(0.25, 6)
    expect(a[1]).toBeCloseTo(0.75, 6)
    expect(a.slice(2)).toEqual([0.5, 0.5])
  })

  it('sigmoid and softmax stay finite at ±1000', () => {
    expect([sigmoid(1000), sigmoid(-1000)]).toEqual([1, 0])
    expect(sigmoid(-40) / (1 / (1 + Math.exp(40)))).toBeCloseTo(1, 12) // not rounded to 0 by 1 − tiny
    expect(biasThenActivate('softmax', [1000, -1000, 0, 1000], [0, 0, 0, 0], 1)).toEqual([0.5, 0, 0, 0.5])
    expect(biasThenActivate('sigmoid', [1000, -1000], [0, 0], 1)).toEqual([1, 0])
  })

  it('backward multiplies by f′ written in terms of the output', () => {
    const backward = (name: ActivationName, a: number[], da: number[]): number[] => {
      const dz = new Float32Array(a.length)
      activationBackward(name, new Float32Array(a), new Float32Array(da), dz, 1, a.length)
      return Array.from(dz)
    }
    expect(backward('sigmoid', [0.5, 0.25], [1, 2])).toEqual([0.25, 2 * 0.25 * 0.75])
    expect(backward('tanh', [0.5], [2])).toEqual([1.5])
    expect(backward('relu', [0, 3], [5, 5])).toEqual([0, 5])
    expect(backward('leaky-relu', [-0.01, 3], [5, 5])).toEqual([Math.fround(0.05), 5])
    expect(backward('linear', [7], [5])).toEqual([5])
    // softmax: dz_i = a_i (da_i − Σ a_j da_j); a = (½, ½), da = (1, 0): Σ = ½, dz = (¼, −¼)
    expect(backward('softmax', [0.5, 0.5], [1, 0])).toEqual([0.25, -0.25])
  })

  it('lists every activation the backward pass knows', () => {
    for (const name of ACTIVATIONS) {
      const dz = new Float32Array(2).fill(NaN)
      activationBackward(name, new Float32Array([0.5, 0.5]), new Float32Array([1, 1]), dz, 1, 2)
      expect(dz.every(Number.isFinite), name).toBe(true)
    }
  })
})
