import type { RunSummary } from '../../../../shared/runs/run'

export interface SweepChoice {
  id: number
  name: string
  /** Its finished runs. */
  members: RunSummary[]
}

/** Finished runs that can read a drawing, newest first. */
export function finishedRuns(runs: RunSummary[]): RunSummary[] {
  return runs.filter((run) => run.status === 'finished').sort((a, b) => b.id - a.id)
}

/** The sweeps that have finished runs, newest first, named as the host names them (or by number). */
export function sweepChoices(finished: RunSummary[], names: Map<number, string>): SweepChoice[] {
  const bySweep = new Map<number, RunSummary[]>()
  for (const run of finished)
    if (run.sweepId !== null) bySweep.set(run.sweepId, [...(bySweep.get(run.sweepId) ?? []), run])
  return [...bySweep]
    .map(([id, members]) => ({ id, name: names.get(id) ?? `sweep ${id}`, members }))
    .sort((a, b) => b.id - a.id)
}

/** The ids of the `count` runs with the best test accuracy, best first; runs without one come last. */
export function bestByTestAccuracy(runs: RunSummary[], count: number): number[] {
  return [...runs]
    .sort((a, b) => (b.testAccuracy ?? -1) - (a.testAccuracy ?? -1) || a.id - b.id)
    .slice(0, count)
    .map((run) => run.id)
}
