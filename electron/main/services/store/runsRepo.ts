import type { RunStatus, RunSummary } from '../../../../shared/runs/run'
import type { TrainConfig } from '../../../../shared/train/config'
import type { RunStore } from '../runStore'
import { configParams, ms, RUN_COLUMNS, toRunSummary, type RunRow } from './rows'
import type { Statements } from './statements'
import { StoreError } from './storeError'

export const INTERRUPTED_RUNNING = 'the app stopped while this run was running; its metrics up to then are kept'
export const INTERRUPTED_QUEUED = 'the app stopped while this run was queued'

type FinishOutcome = Parameters<RunStore['finishRun']>[1]
type Progress = Parameters<RunStore['updateProgress']>[1]

/**
 * A run's life cycle. Writes that come from a trainer (progress, finish) are no-ops for a run the user has deleted
 * meanwhile; writes that come from the user about a missing run throw a StoreError.
 */
export class RunsRepo {
  constructor(private readonly sql: Statements) {}

  createRun(input: { name: string; config: TrainConfig; sweepId: number | null }, createdAt = Date.now()): number {
    return this.sql.transaction(() => {
      const { config } = input
      const result = this.sql
        .get(
          `INSERT INTO runs (sweep_id, name, status, config, seed, dataset, created_at) VALUES (?, ?, 'queued', ?, ?, ?, ?)`,
        )
        .run(input.sweepId, input.name, JSON.stringify(config), config.seed, config.dataset, ms(createdAt))
      const runId = Number(result.lastInsertRowid)
      const insertParam = this.sql.get('INSERT INTO params (run_id, key, value, num) VALUES (?, ?, ?, ?)')
      for (const param of configParams(config)) insertParam.run(runId, param.key, param.value, param.num)
      return runId
    })
  }

  getRun(runId: number): RunSummary | null {
    const row = this.sql.get(`SELECT ${RUN_COLUMNS} FROM runs WHERE runs.id = ?`).get(runId) as RunRow | undefined
    return row === undefined ? null : toRunSummary(row)
  }

  queuedRunIds(): number[] {
    return this.sql.get(`SELECT id FROM runs WHERE status = 'queued' ORDER BY id`).pluck().all() as number[]
  }

  markRunning(runId: number, totalSteps: number, startedAt: number): void {
    this.sql
      .get(
        `UPDATE runs SET status = 'running', started_at = ?, total_steps = ?, finished_at = NULL, error = NULL,
           progress = 0, eta_seconds = NULL, step = 0, epoch = 0
         WHERE id = ?`,
      )
      .run(ms(startedAt), totalSteps, runId)
  }

  updateProgress(runId: number, progress: Progress): void {
    this.sql
      .get('UPDATE runs SET step = ?, total_steps = ?, epoch = ?, progress = ?, eta_seconds = ? WHERE id = ?')
      .run(
        progress.step,
        progress.totalSteps,
        progress.epoch,
        progress.fraction,
        finiteOrNull(progress.etaSeconds),
        runId,
      )
  }

  finishRun(runId: number, outcome: FinishOutcome): void {
    this.sql
      .get(
        `UPDATE runs SET status = ?, error = ?, test_accuracy = ?, test_loss = ?, finished_at = ?, eta_seconds = NULL,
           progress = CASE WHEN ? = 'finished' THEN 1 ELSE progress END
         WHERE id = ?`,
      )
      .run(
        outcome.status,
        outcome.error,
        finiteOrNull(outcome.testAccuracy),
        finiteOrNull(outcome.testLoss),
        ms(outcome.finishedAt),
        outcome.status,
        runId,
      )
  }

  /** Back to the queue from scratch: its series, confusion matrices, model, score on my digits and summary metrics go. */
  requeueRun(runId: number): void {
    this.sql.transaction(() => {
      const status = this.statusOf(runId)
      if (status === 'running') throw new StoreError(`run ${runId} is running; cancel it before running it again`)
      for (const table of ['metrics', 'confusion', 'models', 'drawing_scores'])
        this.sql.get(`DELETE FROM ${table} WHERE run_id = ?`).run(runId)
      this.sql
        .get(
          `UPDATE runs SET status = 'queued', started_at = NULL, finished_at = NULL, error = NULL, progress = 0,
             eta_seconds = NULL, step = 0, total_steps = NULL, epoch = 0, best_val_accuracy = NULL,
             final_val_accuracy = NULL, test_accuracy = NULL, test_loss = NULL, final_train_loss = NULL
           WHERE id = ?`,
        )
        .run(runId)
    })
  }

  /** Deletes runs with everything that hangs off them (params, metrics, confusion, model, tags). */
  deleteRuns(runIds: number[]): number {
    const result = this.sql
      .get('DELETE FROM runs WHERE id IN (SELECT value FROM json_each(?))')
      .run(JSON.stringify(runIds))
    return result.changes
  }

  setTags(runId: number, tags: string[]): void {
    const clean = [...new Set(tags.map((tag) => tag.trim()).filter((tag) => tag.length > 0))]
    this.sql.transaction(() => {
      this.statusOf(runId)
      this.sql.get('DELETE FROM tags WHERE run_id = ?').run(runId)
      const insert = this.sql.get('INSERT INTO tags (run_id, tag) VALUES (?, ?)')
      for (const tag of clean) insert.run(runId, tag)
    })
  }

  setNotes(runId: number, notes: string): void {
    const result = this.sql.get('UPDATE runs SET notes = ? WHERE id = ?').run(notes, runId)
    if (result.changes === 0) throw missing(runId)
  }

  /**
   * At start-up no trainer is alive, so a run still marked running or queued was cut off when the app stopped.
   * Its metrics stay; a running one's finish time is its last metric, so its duration stays honest.
   */
  markInterruptedAtStartup(): number {
    return this.sql
      .get(
        `UPDATE runs SET
           error = CASE status WHEN 'running' THEN ? ELSE ? END,
           finished_at = CASE status WHEN 'running'
             THEN coalesce((SELECT max(wall_time) FROM metrics WHERE metrics.run_id = runs.id), started_at) END,
           status = 'interrupted', eta_seconds = NULL
         WHERE status IN ('running', 'queued')`,
      )
      .run(INTERRUPTED_RUNNING, INTERRUPTED_QUEUED).changes
  }

  private statusOf(runId: number): RunStatus {
    const status = this.sql.get('SELECT status FROM runs WHERE id = ?').pluck().get(runId) as RunStatus | undefined
    if (status === undefined) throw missing(runId)
    return status
  }
}

function missing(runId: number): StoreError {
  return new StoreError(`run ${runId} does not exist (it may have been deleted)`)
}

function finiteOrNull(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null
}
