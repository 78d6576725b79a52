import type { ConfusionRecord, MetricPoint, RunStatus, RunSummary } from '../../../shared/runs/run'
import type { TrainConfig } from '../../../shared/train/config'

/**
 * What the scheduler needs from the store: the seam between the two, so each can be tested alone.
 * The SQLite store implements it; every write is one transaction.
 */
export interface RunStore {
  /** Inserts a queued run (and its params) and returns its id. */
  createRun(input: { name: string; config: TrainConfig; sweepId: number | null }): number
  getRun(runId: number): RunSummary | null
  /** Queued runs in FIFO order (by id). */
  queuedRunIds(): number[]
  markRunning(runId: number, totalSteps: number, startedAt: number): void
  updateProgress(
    runId: number,
    progress: { step: number; totalSteps: number; epoch: number; fraction: number; etaSeconds: number },
  ): void
  appendMetrics(runId: number, points: MetricPoint[]): void
  appendConfusion(records: ConfusionRecord[]): void
  saveModel(runId: number, modelJson: string): void
  /** Final status; sets finishedAt, error text and summary metrics (test accuracy etc.) in one transaction. */
  finishRun(
    runId: number,
    outcome: {
      status: Exclude<RunStatus, 'queued' | 'running'>
      error: string | null
      testAccuracy: number | null
      testLoss: number | null
      finishedAt: number
    },
  ): void
  /** Puts a finished/failed/cancelled/interrupted run back in the queue from scratch: deletes its metrics, confusion and model. */
  requeueRun(runId: number): void
  /** Validation accuracy of every run of a sweep at the evaluation closest to `epoch` (for median pruning). */
  sweepValAccuracyAt(sweepId: number, epoch: number, exceptRunId: number): number[]
}
