import { describe, expect, it } from 'vitest'
import { Rng } from './rng'

const draw = (rng: Rng, n: number): number[] => Array.from({ length: n }, () => rng.nextUint32())

describe('Rng', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    expect(draw(new Rng(42), 100)).toEqual(draw(new Rng(42), 100))
    expect(draw(new Rng(42), 100)).not.toEqual(draw(new Rng(43), 100))
    expect(draw(new Rng(0), 10)).not.toEqual(draw(new Rng(2 ** 32 - 1), 10))
  })

  it('gives each purpose its own stream, reproducibly', () => {
    const streams = ['init', 'shuffle', 'dropout'].map((purpose) => draw(Rng.forPurpose(1, purpose), 20))
    expect(new Set(streams.map(String)).size).toBe(3)
    expect(draw(Rng.forPurpose(1, 'init'), 20)).toEqual(streams[0])
    expect(draw(Rng.forPurpose(2, 'init'), 20)).not.toEqual(streams[0])
    expect(streams.map(String)).not.toContain(String(draw(new Rng(1), 20)))
  })

  it('draws uniforms in [0, 1) with the right mean, variance and spread', () => {
    const rng = new Rng(7)
    const n = 200_000
    const bins = new Array<number>(10).fill(0)
    let sum = 0
    let squares = 0
    let outside = 0
    for (let i = 0; i < n; i++) {
      const u = rng.uniform()
      if (!(u >= 0 && u < 1)) outside++
      bins[Math.floor(u * 10)]++
      sum += u
      squares += u * u
    }
    expect(outside).toBe(0)
    const mean = sum / n
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005)
    expect(Math.abs(squares / n - mean * mean - 1 / 12)).toBeLessThan(0.002)
    for (const count of bins) expect(Math.abs(count / n - 0.1)).toBeLessThan(0.004)
  })

  it('draws normals with mean 0, std 1 and the normal tail (4.55 % beyond 2σ)', () => {
    const rng = new Rng(8)
    const n = 200_000
    let sum = 0
    let squares = 0
    let beyond2 = 0
    for (let i = 0; i < n; i++) {
      const z = rng.normal()
      sum += z
      squares += z * z
      if (Math.abs(z) > 2) beyond2++
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.012)
    expect(Math.abs(Math.sqrt(squares / n) - 1)).toBeLessThan(0.01)
    expect(Math.abs(beyond2 / n - 0.0455)).toBeLessThan(0.003)
  })

  it('below(n) gives every integer in [0, n) and nothing else', () => {
    const rng = new Rng(3)
    const seen = new Set<number>()
    for (let i = 0; i < 1000; i++) seen.add(rng.below(7))
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6])
  })

  it('shuffle permutes in place, differently for different seeds', () => {
    const shuffled = (seed: number): number[] => {
      const values = new Uint32Array(50).map((_, i) => i)
      new Rng(seed).shuffle(values)
      return Array.from(values)
    }
    const a = shuffled(1)
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i))
    expect(a).not.toEqual(Array.from({ length: 50 }, (_, i) => i))
    expect(shuffled(1)).toEqual(a)
    expect(shuffled(2)).not.toEqual(a)
  })
})
