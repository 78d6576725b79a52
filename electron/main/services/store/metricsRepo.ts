import type { ConfusionRecord, MetricName, MetricPoint, Series, SeriesRequest } from '../../../../shared/runs/run'
import type { SavedModelText } from '../../../../shared/ipc/workbench'
import { downsample } from './downsample'
import { ms } from './rows'
import type { Statements } from './statements'

/** What one batch of points changes in the run's summary columns. */
interface BatchSummary {
  stepLoss: number | null
  epochLoss: number | null
  lastValAccuracy: number | null
  bestValAccuracy: number | null
  maxEpoch: number
}

/** Series, confusion matrices and saved models: what a trainer streams in while a run trains. */
export class MetricsRepo {
  constructor(private readonly sql: Statements) {}

  /**
   * One batch in one transaction over one prepared insert, plus the run's summary columns. A run deleted while
   * its trainer was still reporting is skipped.
   */
  appendMetrics(runId: number, points: MetricPoint[]): void {
    if (points.length === 0) return
    const summary = summarize(points)
    this.sql.transaction(() => {
      // the epoch-mean loss is the honest final loss; a run reports per-step losses only until it has one
      const updated = this.sql
        .get(
          `UPDATE runs SET
             epoch = max(epoch, @maxEpoch),
             final_train_loss = CASE
               WHEN @hasEpochLoss THEN @epochLoss
               WHEN @hasStepLoss AND NOT EXISTS
                 (SELECT 1 FROM metrics WHERE run_id = runs.id AND name = 'train/loss_epoch') THEN @stepLoss
               ELSE final_train_loss END,
             final_val_accuracy = coalesce(@lastValAccuracy, final_val_accuracy),
             best_val_accuracy = CASE WHEN @bestValAccuracy IS NULL THEN best_val_accuracy
               ELSE max(coalesce(best_val_accuracy, @bestValAccuracy), @bestValAccuracy) END
           WHERE id = @runId`,
        )
        .run({
          ...summary,
          // a loss that went NaN or infinite leaves no final loss (SQLite has no NaN, and a stale one would mislead)
          hasEpochLoss: summary.epochLoss === null ? 0 : 1,
          epochLoss: finite(summary.epochLoss),
          hasStepLoss: summary.stepLoss === null ? 0 : 1,
          stepLoss: finite(summary.stepLoss),
          runId,
        })
      if (updated.changes === 0) return
      const insert = this.sql.get(
        'INSERT INTO metrics (run_id, name, step, epoch, value, wall_time) VALUES (?, ?, ?, ?, ?, ?)',
      )
      for (const p of points)
        insert.run(runId, p.name, p.step, p.epoch, Number.isNaN(p.value) ? null : p.value, ms(p.wallTime))
    })
  }

  /** Inserts or replaces matrices by (run, split, step); runs that no longer exist are skipped. */
  appendConfusion(records: ConfusionRecord[]): void {
    const upsert = this.sql.get(
      `INSERT INTO confusion (run_id, split, step, epoch, classes, counts)
       SELECT @runId, @split, @step, @epoch, @classes, @counts WHERE EXISTS (SELECT 1 FROM runs WHERE id = @runId)
       ON CONFLICT (run_id, split, step) DO UPDATE SET epoch = excluded.epoch, classes = excluded.classes, counts = excluded.counts`,
    )
    this.sql.transaction(() => {
      for (const r of records) upsert.run({ ...r, counts: JSON.stringify(r.counts) })
    })
  }

  saveModel(runId: number, modelJson: string): void {
    this.sql
      .get(
        `INSERT INTO models (run_id, json) SELECT @runId, @json WHERE EXISTS (SELECT 1 FROM runs WHERE id = @runId)
         ON CONFLICT (run_id) DO UPDATE SET json = excluded.json`,
      )
      .run({ runId, json: modelJson })
  }

  /** Every requested (run, name) pair that has points, in request order, each downsampled to `maxPoints`. */
  metricSeries(request: SeriesRequest): Series[] {
    const select = this.sql
      .get('SELECT step, epoch, value, wall_time FROM metrics WHERE run_id = ? AND name = ? ORDER BY step, rowid')
      .raw()
    const series: Series[] = []
    for (const runId of request.runIds) {
      for (const name of request.names) {
        const columns = {
          steps: [] as number[],
          epochs: [] as number[],
          values: [] as number[],
          wallTimes: [] as number[],
        }
        for (const row of select.iterate(runId, name) as Iterable<[number, number, number | null, number]>) {
          columns.steps.push(row[0])
          columns.epochs.push(row[1])
          columns.values.push(row[2] ?? NaN)
          columns.wallTimes.push(row[3])
        }
        if (columns.steps.length === 0) continue
        const shown = request.maxPoints === undefined ? columns : downsample(columns, request.maxPoints)
        series.push({ runId, name: name as MetricName, ...shown })
      }
    }
    return series
  }

  confusion(runId: number): ConfusionRecord[] {
    const rows = this.sql
      .get('SELECT run_id, split, step, epoch, classes, counts FROM confusion WHERE run_id = ? ORDER BY step, split')
      .all(runId) as Array<{
      run_id: number
      split: ConfusionRecord['split']
      step: number
      epoch: number
      classes: number
      counts: string
    }>
    return rows.map((r) => ({
      runId: r.run_id,
      split: r.split,
      step: r.step,
      epoch: r.epoch,
      classes: r.classes,
      counts: JSON.parse(r.counts) as number[],
    }))
  }

  model(runId: number): SavedModelText | null {
    const json = this.sql.get('SELECT json FROM models WHERE run_id = ?').pluck().get(runId) as string | undefined
    return json === undefined ? null : { runId, json }
  }

  /** Each other run's validation accuracy at its evaluation nearest `epoch` (the later one on a tie), by run id. */
  sweepValAccuracyAt(sweepId: number, epoch: number, exceptRunId: number): number[] {
    return this.sql
      .get(
        `SELECT value FROM (
           SELECT m.run_id, m.value,
                  row_number() OVER (PARTITION BY m.run_id ORDER BY abs(m.epoch - @epoch), m.step DESC) AS nearness
           FROM runs r JOIN metrics m ON m.run_id = r.id AND m.name = 'val/accuracy'
           WHERE r.sweep_id = @sweepId AND r.id != @exceptRunId AND m.value IS NOT NULL)
         WHERE nearness = 1 ORDER BY run_id`,
      )
      .pluck()
      .all({ epoch, sweepId, exceptRunId }) as number[]
  }
}

function summarize(points: MetricPoint[]): BatchSummary {
  const summary: BatchSummary = {
    stepLoss: null,
    epochLoss: null,
    lastValAccuracy: null,
    bestValAccuracy: null,
    maxEpoch: 0,
  }
  const lastStep: Record<string, number> = {}
  // the batch is in step order as a trainer sends it, but a later step wins even if it is not
  const isLatest = (p: MetricPoint) => {
    if (p.step < (lastStep[p.name] ?? -Infinity)) return false
    lastStep[p.name] = p.step
    return true
  }
  for (const p of points) {
    summary.maxEpoch = Math.max(summary.maxEpoch, p.epoch)
    if (p.name === 'train/loss' && isLatest(p)) summary.stepLoss = p.value
    else if (p.name === 'train/loss_epoch' && isLatest(p)) summary.epochLoss = p.value
    else if (p.name === 'val/accuracy' && Number.isFinite(p.value)) {
      if (isLatest(p)) summary.lastValAccuracy = p.value
      summary.bestValAccuracy = Math.max(summary.bestValAccuracy ?? -Infinity, p.value)
    }
  }
  return summary
}

const finite = (value: number | null): number | null => (value !== null && Number.isFinite(value) ? value : null)
