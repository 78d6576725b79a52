import { describe, expect, it } from 'vitest'
import { confusionAccuracy, emptyConfusion, formatConfusion, predictedClass } from './metrics'

describe('metrics', () => {
  it('predictedClass: arg-max, first index on ties, and ≥ ½ for one sigmoid unit', () => {
    const p = new Float32Array([0.1, 0.7, 0.2, 0.4, 0.4, 0.2])
    expect(predictedClass(p, 0, 3)).toBe(1)
    expect(predictedClass(p, 1, 3)).toBe(0)
    const sigmoid = new Float32Array([0.49, 0.5, 0.9])
    expect([0, 1, 2].map((r) => predictedClass(sigmoid, r, 1))).toEqual([0, 1, 1])
  })

  it('confusionAccuracy is the diagonal over the total', () => {
    const c = emptyConfusion(3)
    expect(confusionAccuracy(c)).toBe(0)
    c.counts[0] = 5 // true 0, predicted 0
    c.counts[1] = 1 // true 0, predicted 1
    c.counts[2 * 3 + 2] = 3 // true 2, predicted 2
    c.counts[2 * 3 + 0] = 1 // true 2, predicted 0
    expect(confusionAccuracy(c)).toBe(0.8)
  })

  it('formatConfusion aligns rows (true) and columns (predicted)', () => {
    const c = { classes: 2, counts: [5, 1, 12345, 3] }
    const lines = formatConfusion(c, ['no', 'yes']).split('\n')
    expect(lines).toHaveLength(3)
    expect(new Set(lines.map((l) => l.length)).size).toBe(1)
    expect(lines[1].trim().split(/\s+/)).toEqual(['no', '5', '1'])
    expect(lines[2].trim().split(/\s+/)).toEqual(['yes', '12345', '3'])
  })
})
