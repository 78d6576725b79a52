import { describe, expect, it } from 'vitest'
import type { ConfusionRecord } from '../../../../shared/runs/run'
import { biggestChanges, confusionDifference, latestConfusion } from './confusionDiff'

describe('confusionDifference', () => {
  // 2 classes, counts[true * 2 + predicted]: A gets 8 + 6 of 20 right, B gets 9 + 9
  const a = { classes: 2, counts: [8, 2, 4, 6] }
  const b = { classes: 2, counts: [9, 1, 1, 9] }

  it('subtracts A from B cell by cell and keeps both counts', () => {
    const diff = confusionDifference(a, b)
    expect(diff.cells).toEqual([
      { trueClass: 0, predicted: 0, a: 8, b: 9, diff: 1 },
      { trueClass: 0, predicted: 1, a: 2, b: 1, diff: -1 },
      { trueClass: 1, predicted: 0, a: 4, b: 1, diff: -3 },
      { trueClass: 1, predicted: 1, a: 6, b: 9, diff: 3 },
    ])
    expect(diff.maxAbs).toBe(3)
    expect(diff.accuracyA).toBeCloseTo(0.7)
    expect(diff.accuracyB).toBeCloseTo(0.9)
  })

  it('has a colour scale maximum of at least one when the runs agree everywhere', () => {
    const same = confusionDifference(a, a)
    expect(same.cells.every((c) => c.diff === 0)).toBe(true)
    expect(same.maxAbs).toBe(1)
  })

  it('refuses matrices of different sizes with a sentence', () => {
    expect(() => confusionDifference(a, { classes: 10, counts: new Array(100).fill(0) })).toThrow(/2 and 10 classes/)
  })

  it('lists the mistakes that changed most, largest first, without the diagonal', () => {
    expect(biggestChanges(confusionDifference(a, b)).map((c) => [c.trueClass, c.predicted, c.diff])).toEqual([
      [1, 0, -3],
      [0, 1, -1],
    ])
  })
})

describe('latestConfusion', () => {
  const record = (split: ConfusionRecord['split'], step: number): ConfusionRecord => ({
    runId: 1,
    split,
    step,
    epoch: 1,
    classes: 2,
    counts: [step, 0, 0, 0],
  })

  it('takes the last record of the split asked for', () => {
    const records = [record('validation', 10), record('test', 20), record('validation', 20)]
    expect(latestConfusion(records)?.counts[0]).toBe(20)
    expect(latestConfusion(records, 'validation')?.step).toBe(20)
    expect(latestConfusion([record('validation', 5)])).toBeNull()
  })
})
