import type { RunSummary, Series } from '../../../shared/runs/run'
import type { ExportResult } from '../../../shared/ipc/workbench'
import { CONFIG_FIELDS } from '../../../shared/train/configFields'

/** One row per run: identity, every hyperparameter, final metrics, tags and notes — what a spreadsheet wants. */
export function runsToCsv(runs: RunSummary[]): ExportResult {
  const header = [
    'id',
    'name',
    'status',
    'sweep_id',
    'dataset',
    'seed',
    'created_at',
    'duration_s',
    ...CONFIG_FIELDS.map((f) => `param.${f}`),
    'best_val_accuracy',
    'final_val_accuracy',
    'test_accuracy',
    'my_digits_accuracy',
    'my_digits_count',
    'final_train_loss',
    'tags',
    'notes',
    'error',
  ]
  const rows = runs.map((run) => [
    run.id,
    run.name,
    run.status,
    run.sweepId,
    run.dataset,
    run.seed,
    new Date(run.createdAt).toISOString(),
    run.startedAt && run.finishedAt ? ((run.finishedAt - run.startedAt) / 1000).toFixed(1) : null,
    ...CONFIG_FIELDS.map((f) => paramText(run.config[f])),
    run.bestValAccuracy,
    run.finalValAccuracy,
    run.testAccuracy,
    run.myDigitsAccuracy,
    run.myDigitsCount,
    run.finalTrainLoss,
    run.tags.join(' '),
    run.notes,
    run.error,
  ])
  return { fileName: 'runs.csv', mimeType: 'text/csv', content: toCsv(header, rows) }
}

/** Every metric point of the runs, long format: run, metric, step, epoch, value, wall time. */
export function seriesToCsv(series: Series[]): ExportResult {
  const rows: unknown[][] = []
  for (const s of series) {
    for (let i = 0; i < s.steps.length; i++) {
      rows.push([s.runId, s.name, s.steps[i], s.epochs[i], s.values[i], new Date(s.wallTimes[i]).toISOString()])
    }
  }
  return {
    fileName: 'metrics.csv',
    mimeType: 'text/csv',
    content: toCsv(['run_id', 'metric', 'step', 'epoch', 'value', 'wall_time'], rows),
  }
}

export function seriesToJson(series: Series[]): ExportResult {
  return { fileName: 'metrics.json', mimeType: 'application/json', content: JSON.stringify(series) }
}

function paramText(value: unknown): unknown {
  return Array.isArray(value) ? value.join('-') : value
}

/** RFC 4180: fields with commas, quotes or line breaks are quoted, quotes doubled. */
export function toCsv(header: string[], rows: unknown[][]): string {
  const cell = (value: unknown): string => {
    if (value === null || value === undefined) return ''
    const text = String(value)
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
  }
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n'
}
