import { describe, expect, it } from 'vitest'
import type { RunSummary } from '../../../../shared/runs/run'
import { bestByTestAccuracy, finishedRuns, sweepChoices } from './pickRuns'

const run = (id: number, over: Partial<RunSummary> = {}): RunSummary =>
  ({ id, status: 'finished', sweepId: null, testAccuracy: null, ...over }) as RunSummary

describe('picking runs for the sketchpad', () => {
  it('offers finished runs only, newest first', () => {
    const runs = [run(1), run(3, { status: 'running' }), run(2), run(4, { status: 'failed' })]
    expect(finishedRuns(runs).map((r) => r.id)).toEqual([2, 1])
  })

  it("groups finished runs by sweep, with the host's names", () => {
    const finished = [run(5, { sweepId: 2 }), run(4, { sweepId: 1 }), run(3), run(2, { sweepId: 2 })]
    expect(
      sweepChoices(finished, new Map([[2, 'lr sweep']])).map((s) => [s.id, s.name, s.members.map((r) => r.id)]),
    ).toEqual([
      [2, 'lr sweep', [5, 2]],
      [1, 'sweep 1', [4]],
    ])
  })

  it('takes the best five by test accuracy; runs without one last, ties by id', () => {
    const runs = [0.9, null, 0.95, 0.8, 0.9, 0.97, 0.5].map((testAccuracy, i) => run(i + 1, { testAccuracy }))
    expect(bestByTestAccuracy(runs, 5)).toEqual([6, 3, 1, 5, 4])
    expect(bestByTestAccuracy(runs.slice(0, 2), 5)).toEqual([1, 2])
  })
})
