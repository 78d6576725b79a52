// Text that `npm run sweep` prints: the preview, the progress table, status lines and the best run. Pure, no I/O.
import { RUN_STATUSES, type RunSummary } from '../../shared/runs/run'
import type { SweepPreview, SweepSpec } from '../../shared/sweeps/spec'
import { bestBy } from '../../shared/sweeps/pruning'
import type { TrainConfig } from '../../shared/train/config'
import { formatDuration } from '../../shared/format'
import { durationText, KEY_FIELDS, NONE, paramsText, paramText, percentOr, positionText } from './runFields'
import { hasEnded } from './runWatcher'
import { alignedTable, type Column } from './table'

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

/** `sweep "lr sweep" (spec.json): 6 runs · varying lr, seed`. */
export function describeSweep(spec: SweepSpec, file: string, preview: SweepPreview): string {
  const varying = preview.varying.length > 0 ? ` · varying ${preview.varying.join(', ')}` : ''
  return `sweep "${spec.name}" (${file}): ${plural(preview.runCount, 'run')}${varying}`
}

/** The fields a sweep's tables show: those that vary, or the key ones when a sweep is one config. */
export function shownFields(preview: SweepPreview): string[] {
  return preview.varying.length > 0 ? preview.varying : [...KEY_FIELDS]
}

/** --dry-run: one row per run in launch order, its varying fields. */
export function previewTable(preview: SweepPreview): string[] {
  const fields = shownFields(preview)
  return alignedTable(
    [
      { title: '#', right: true },
      ...fields.map((field) => ({ title: field, right: isNumeric(preview.configs, field) })),
    ],
    preview.configs.map((config, i) => [
      String(i + 1),
      ...fields.map((field) => paramText(config[field as keyof TrainConfig])),
    ]),
  )
}

/**
 * The live table: one row per run (id, varying fields, status, epoch, validation and test accuracy, ETA). With
 * `maxRows`, a sweep taller than the terminal shows its running runs first, then the latest to end, then the next
 * queued, and one line for the rest.
 */
export function progressTable(runs: RunSummary[], fields: string[], maxRows = Infinity): string[] {
  const { shown, hidden } = fitRows(runs, maxRows)
  const configs = runs.map((run) => run.config)
  const position = configs.every((c) => c.epochs > 0)
    ? 'epoch'
    : configs.every((c) => c.epochs === 0)
      ? 'step'
      : 'progress'
  // the widest each column will get ("cancelled", "20.00/20", "2m 05s"), so the live table does not shift
  const longest = Math.max(
    0,
    ...configs.map((c) => (c.epochs > 0 ? `${c.epochs}.00/${c.epochs}` : `${c.iterations}/${c.iterations}`).length),
  )
  const columns: Column[] = [
    { title: 'run', right: true },
    ...fields.map((field) => ({ title: field, right: isNumeric(configs, field), max: 24 })),
    { title: 'status', min: 'cancelled'.length },
    { title: position, right: true, min: longest },
    { title: 'val acc', right: true },
    { title: 'test acc', right: true },
    { title: 'ETA', right: true, min: '2m 05s'.length },
  ]
  const rows = shown.map((run) => [
    String(run.id),
    ...fields.map((field) => paramText(run.config[field as keyof TrainConfig])),
    run.status,
    positionText(run),
    percentOr(run.finalValAccuracy),
    percentOr(run.testAccuracy),
    run.status === 'running' && run.etaSeconds !== null ? formatDuration(run.etaSeconds) : NONE,
  ])
  const lines = alignedTable(columns, rows)
  if (hidden.length > 0) lines.push(`… ${plural(hidden.length, 'more run')} (${tally(hidden, false)})`)
  return lines
}

function fitRows(runs: RunSummary[], maxRows: number): { shown: RunSummary[]; hidden: RunSummary[] } {
  if (runs.length <= maxRows) return { shown: runs, hidden: [] }
  const room = Math.max(1, maxRows - 1)
  const rank = (run: RunSummary): number => (run.status === 'running' ? 0 : hasEnded(run) ? 1 : 2)
  const byInterest = [...runs].sort(
    (a, b) => rank(a) - rank(b) || (rank(a) === 1 ? (b.finishedAt ?? 0) - (a.finishedAt ?? 0) : a.id - b.id),
  )
  const chosen = new Set(byInterest.slice(0, room))
  return { shown: runs.filter((run) => chosen.has(run)), hidden: runs.filter((run) => !chosen.has(run)) }
}

/** "4 runs: 1 running · 1 queued · 2 finished", statuses in life-cycle order. */
export function tally(runs: RunSummary[], withTotal = true): string {
  const counts = RUN_STATUSES.map((status) => [status, runs.filter((run) => run.status === status).length] as const)
  const parts = counts.filter(([, n]) => n > 0).map(([status, n]) => `${n} ${status}`)
  return withTotal ? `${plural(runs.length, 'run')}: ${parts.join(' · ')}` : parts.join(' · ')
}

/** One line per status change, for a log: `run 5 finished · lr=0.1 · val 82.50% · test 65.00% · 2.1s`. */
export function statusLine(run: RunSummary, fields: string[], now: number): string {
  const parts = [`run ${run.id} ${run.status}`, paramsText(run.config, fields)]
  if (run.status === 'finished' || run.status === 'pruned') {
    parts.push(`val ${percentOr(run.finalValAccuracy)}`, `test ${percentOr(run.testAccuracy)}`, durationText(run, now))
  }
  if (run.status !== 'finished' && run.error) parts.push(run.error)
  return parts.filter((part) => part !== '').join(' · ')
}

/** Why each failed or diverged run ended, one line each. */
export function problemLines(runs: RunSummary[]): string[] {
  return runs
    .filter((run) => run.status === 'failed' || run.status === 'diverged')
    .map((run) => `run ${run.id} ${run.status}: ${run.error ?? 'no reason recorded'}`)
}

/** `best: run 7 · lr=0.1 · test 91.00% · best val 90.50%`, by test accuracy. */
export function bestRunLine(runs: RunSummary[], fields: string[]): string {
  const best = bestBy(runs, 'testAccuracy')
  if (!best) return 'best: none (no run has a test accuracy)'
  return [
    `best: run ${best.id}`,
    paramsText(best.config, fields),
    `test ${percentOr(best.testAccuracy)}`,
    `best val ${percentOr(best.bestValAccuracy)}`,
  ]
    .filter((part) => part !== '')
    .join(' · ')
}

function isNumeric(configs: TrainConfig[], field: string): boolean {
  return configs.every((config) => typeof config[field as keyof TrainConfig] === 'number')
}
