import type { RunStatus, RunSummary } from '../../../../shared/runs/run'
import type { TrainConfig } from '../../../../shared/train/config'

/** The runs columns a RunSummary needs, with the run's tags gathered as a JSON list. */
export const RUN_COLUMNS = `
  runs.id, runs.sweep_id, runs.name, runs.status, runs.config, runs.seed, runs.dataset, runs.created_at,
  runs.started_at, runs.finished_at, runs.error, runs.progress, runs.eta_seconds, runs.step, runs.total_steps,
  runs.epoch, runs.best_val_accuracy, runs.final_val_accuracy, runs.test_accuracy, runs.final_train_loss, runs.notes,
  (SELECT accuracy FROM drawing_scores WHERE drawing_scores.run_id = runs.id) AS my_digits_accuracy,
  (SELECT count FROM drawing_scores WHERE drawing_scores.run_id = runs.id) AS my_digits_count,
  (SELECT json_group_array(tag) FROM (SELECT tag FROM tags WHERE tags.run_id = runs.id ORDER BY tag)) AS tags`

export interface RunRow {
  id: number
  sweep_id: number | null
  name: string
  status: RunStatus
  config: string
  seed: number
  dataset: string
  created_at: number
  started_at: number | null
  finished_at: number | null
  error: string | null
  progress: number
  eta_seconds: number | null
  step: number
  total_steps: number | null
  epoch: number
  best_val_accuracy: number | null
  final_val_accuracy: number | null
  test_accuracy: number | null
  final_train_loss: number | null
  my_digits_accuracy: number | null
  my_digits_count: number | null
  notes: string
  tags: string
}

export function toRunSummary(row: RunRow): RunSummary {
  return {
    id: row.id,
    name: row.name,
    sweepId: row.sweep_id,
    status: row.status,
    error: row.error,
    dataset: row.dataset,
    seed: row.seed,
    config: JSON.parse(row.config) as TrainConfig,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    progress: row.progress,
    etaSeconds: row.eta_seconds,
    step: row.step,
    totalSteps: row.total_steps,
    epoch: row.epoch,
    bestValAccuracy: row.best_val_accuracy,
    finalValAccuracy: row.final_val_accuracy,
    testAccuracy: row.test_accuracy,
    finalTrainLoss: row.final_train_loss,
    myDigitsAccuracy: row.my_digits_accuracy,
    myDigitsCount: row.my_digits_count,
    tags: JSON.parse(row.tags) as string[],
    notes: row.notes,
  }
}

/** One params row per config field: the text form for display and equality, the number for comparisons. */
export function configParams(config: TrainConfig): Array<{ key: string; value: string; num: number | null }> {
  return Object.entries(config).map(([key, value]) => {
    if (typeof value === 'number') return { key, value: String(value), num: Number.isNaN(value) ? null : value }
    if (typeof value === 'boolean') return { key, value: String(value), num: value ? 1 : 0 }
    if (typeof value === 'string') return { key, value, num: null }
    return { key, value: JSON.stringify(value), num: null }
  })
}

/** Milliseconds as the INTEGER columns want them (a caller may pass performance-clock fractions). */
export const ms = (time: number): number => Math.round(time)
