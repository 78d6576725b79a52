// What the CLI learns from the workbench's events: every run's latest summary, metric points as they arrive,
// and when a set of runs has ended.
import { ACTIVE_STATUSES, type MetricPoint, type RunSummary } from '../../shared/runs/run'
import type { EventName, WorkbenchEvents } from '../../shared/ipc/workbench'
import type { EventBus } from '../main/services/events'

type AnyEvent = { [E in EventName]: { name: E; payload: WorkbenchEvents[E] } }[EventName]

export const hasEnded = (run: RunSummary): boolean => !ACTIVE_STATUSES.includes(run.status)

export class RunWatcher {
  /** The latest summary of every run the events have mentioned. */
  readonly runs = new Map<number, RunSummary>()
  private readonly runListeners = new Set<(run: RunSummary, previous: RunSummary | undefined) => void>()
  private readonly metricListeners = new Set<(runId: number, points: MetricPoint[]) => void>()
  private readonly unsubscribe: () => void

  constructor(events: EventBus) {
    this.unsubscribe = events.subscribe((name, payload) => this.receive({ name, payload } as AnyEvent))
  }

  /** Called on every update of a run, with the summary it replaces (undefined the first time). */
  onRun(listener: (run: RunSummary, previous: RunSummary | undefined) => void): void {
    this.runListeners.add(listener)
  }

  onMetrics(listener: (runId: number, points: MetricPoint[]) => void): void {
    this.metricListeners.add(listener)
  }

  /** Resolves with the runs' final summaries, in the order asked, once every one has ended. */
  whenEnded(runIds: number[]): Promise<RunSummary[]> {
    return new Promise((resolve) => {
      const check = (): void => {
        const runs = runIds.map((id) => this.runs.get(id))
        if (!runs.every((run) => run !== undefined && hasEnded(run))) return
        this.runListeners.delete(check)
        resolve(runs as RunSummary[])
      }
      this.runListeners.add(check)
      check()
    })
  }

  dispose(): void {
    this.unsubscribe()
    this.runListeners.clear()
    this.metricListeners.clear()
  }

  private receive(event: AnyEvent): void {
    if (event.name === 'runUpdated') {
      const previous = this.runs.get(event.payload.id)
      this.runs.set(event.payload.id, event.payload)
      for (const listener of [...this.runListeners]) listener(event.payload, previous)
    } else if (event.name === 'metrics') {
      for (const listener of this.metricListeners) listener(event.payload.runId, event.payload.points)
    }
  }
}
