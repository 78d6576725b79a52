import { describe, expect, it } from 'vitest'
import { buildAxis, logTicks, paddedRange, parallelLines } from './parallelScale'

describe('buildAxis', () => {
  it('scales numbers linearly from the smallest (0) to the largest (1)', () => {
    const axis = buildAxis('batchSize', [16, 32, 64])
    expect(axis.kind).toBe('linear')
    expect([16, 32, 64].map((v) => axis.position(v))).toEqual([0, 1 / 3, 1])
    expect(axis.ticks.map((t) => t.label)).toEqual(['16', '32', '64'])
  })

  it('puts lr on a log axis, so each decade is the same height', () => {
    const axis = buildAxis('lr', [0.001, 0.01, 0.1])
    expect(axis.kind).toBe('log')
    expect(axis.position(0.001)).toBeCloseTo(0)
    expect(axis.position(0.01)).toBeCloseTo(0.5)
    expect(axis.position(0.1)).toBeCloseTo(1)
    expect(axis.position(0.0316)).toBeCloseTo(0.75, 2)
  })

  it('falls back to linear when a log field has a zero', () => {
    const axis = buildAxis('weightDecay', [0, 0.001, 0.01])
    expect(axis.kind).toBe('linear')
    expect(axis.position(0.001)).toBeCloseTo(0.1)
  })

  it('spaces categories evenly, in natural order, whatever order the runs come in', () => {
    const axis = buildAxis('optimizer', ['sgd', 'adam', 'sgd'])
    expect(axis.kind).toBe('category')
    expect(axis.ticks).toEqual([
      { position: 0, label: 'adam' },
      { position: 1, label: 'sgd' },
    ])
    const three = buildAxis('hidden', [[128], [16], [64, 32]])
    expect(three.ticks.map((t) => [t.label, t.position])).toEqual([
      ['[16]', 0],
      ['[64, 32]', 0.5],
      ['[128]', 1],
    ])
    expect(three.position([64, 32])).toBe(0.5)
    expect(buildAxis('nesterov', [true, false]).position(true)).toBe(1)
  })

  it('centres an axis with a single value and gives no height to a missing one', () => {
    const axis = buildAxis('testAccuracy', [0.9, null, 0.9])
    expect(axis.position(0.9)).toBe(0.5)
    expect(axis.position(null)).toBeNull()
    expect(buildAxis('optimizer', ['sgd']).position('sgd')).toBe(0.5)
    expect(buildAxis('optimizer', ['sgd']).position(undefined)).toBeNull()
  })

  it('ticks every value of a small grid, and five even ticks (in log space for log axes) for many values', () => {
    const values = Array.from({ length: 20 }, (_, i) => 10 ** (-4 + (3 * i) / 19))
    const axis = buildAxis('lr', values)
    expect(axis.ticks).toHaveLength(5)
    expect(axis.ticks.map((t) => t.position)).toEqual([0, 0.25, 0.5, 0.75, 1].map((p) => expect.closeTo(p, 10)))
    expect(axis.ticks[2].label).toBe(String(Number((10 ** -2.5).toPrecision(4))))
  })

  it('formats ticks with the given format', () => {
    const axis = buildAxis('testAccuracy', [0.8, 0.9], { label: 'test accuracy', format: (v) => `${v * 100}%` })
    expect(axis.label).toBe('test accuracy')
    expect(axis.ticks.map((t) => t.label)).toEqual(['80%', '90%'])
  })
})

describe('parallelLines', () => {
  it('gives each run its height on every axis', () => {
    const rows = [
      { lr: 0.01, optimizer: 'sgd', testAccuracy: 0.8 },
      { lr: 0.1, optimizer: 'adam', testAccuracy: null },
    ]
    const axes = [
      buildAxis('lr', [0.01, 0.1]),
      buildAxis('optimizer', ['sgd', 'adam']),
      buildAxis('testAccuracy', [0.8, null]),
    ]
    expect(parallelLines(rows, axes)).toEqual([
      [0, 1, 0.5],
      [1, 0, null],
    ])
  })
})

describe('paddedRange', () => {
  it('widens a linear range by a fraction of its span at each end', () => {
    expect(paddedRange([0, 10, 4], false)).toEqual({ min: -0.6, max: 10.6 })
  })

  it('widens a log range in decades', () => {
    const range = paddedRange([0.01, 1], true)!
    expect(Math.log10(range.min)).toBeCloseTo(-2.12)
    expect(Math.log10(range.max)).toBeCloseTo(0.12)
  })

  it('gives a single value room on both sides, and nothing a range', () => {
    expect(paddedRange([5], false)).toEqual({ min: 4.5, max: 5.5 })
    expect(paddedRange([0], false)).toEqual({ min: -1, max: 1 })
    expect(Math.log10(paddedRange([0.1], true)!.max)).toBeCloseTo(-0.9)
    expect(paddedRange([], false)).toBeNull()
    expect(paddedRange([0, -1], true)).toBeNull()
  })
})

describe('logTicks', () => {
  it('ticks 1, 2 and 5 of each decade inside the range', () => {
    expect(logTicks(0.03, 1.05)).toEqual([0.05, 0.1, 0.2, 0.5, 1])
  })

  it('ticks only the powers of ten over many decades, and nothing on a range that is not one', () => {
    expect(logTicks(1e-6, 1)).toEqual([1e-6, 1e-5, 1e-4, 0.001, 0.01, 0.1, 1])
    expect(logTicks(0, 1)).toEqual([])
    expect(logTicks(2, 2)).toEqual([])
  })
})
