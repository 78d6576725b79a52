import { describe, expect, it } from 'vitest'
import { cellAlpha, cellCount, classMetrics, confusionTotals, rowFractions } from './confusion'

// rows are the true class, columns the prediction
const m = {
  classes: 3,
  counts: [8, 2, 0, 1, 3, 0, 0, 0, 0],
}

describe('confusion helpers', () => {
  it('reads a cell by true and predicted class', () => {
    expect(cellCount(m, 0, 1)).toBe(2)
    expect(cellCount(m, 1, 0)).toBe(1)
  })

  it('normalises each row to fractions, leaving an empty row at zero', () => {
    expect(rowFractions(m)).toEqual([0.8, 0.2, 0, 0.25, 0.75, 0, 0, 0, 0])
  })

  it('computes precision from columns and recall from rows', () => {
    expect(classMetrics(m)).toEqual([
      { precision: 8 / 9, recall: 0.8, support: 10 },
      { precision: 3 / 5, recall: 0.75, support: 4 },
      // never predicted and never present: neither is defined
      { precision: null, recall: null, support: 0 },
    ])
  })

  it('counts the total and the diagonal', () => {
    expect(confusionTotals(m)).toEqual({ total: 14, correct: 11 })
  })

  it('shows no colour for an empty cell and a visible one for a small share', () => {
    expect(cellAlpha(0)).toBe(0)
    expect(cellAlpha(0.01)).toBeGreaterThan(0.15)
    expect(cellAlpha(1)).toBe(1)
  })
})
