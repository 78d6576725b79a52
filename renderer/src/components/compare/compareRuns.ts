// Which runs the compare view shows, and the final numbers it compares them by.
import { formatPercent } from '../../../../shared/format'
import type { LocationQuery } from 'vue-router'
import type { RunSummary } from '../../../../shared/runs/run'

export type CompareSource = { kind: 'runs'; ids: number[] } | { kind: 'sweep'; sweepId: number } | { kind: 'selection' }

const first = (value: LocationQuery[string]): string | null => (Array.isArray(value) ? (value[0] ?? null) : value)

/** Run ids from `runs=1,2,3` (any separators, duplicates dropped, order kept). */
export function parseRunIds(text: string | null | undefined): number[] {
  const ids = (text ?? '')
    .split(/[^0-9]+/)
    .filter(Boolean)
    .map(Number)
    .filter((id) => Number.isSafeInteger(id) && id > 0)
  return [...new Set(ids)]
}

/** `?runs=` wins, then `?sweep=`, then whatever is selected in the runs view. */
export function compareSource(query: LocationQuery): CompareSource {
  const runs = first(query.runs)
  if (runs !== null && runs !== undefined) return { kind: 'runs', ids: parseRunIds(runs) }
  const sweep = Number(first(query.sweep))
  if (query.sweep !== undefined && Number.isSafeInteger(sweep) && sweep > 0) return { kind: 'sweep', sweepId: sweep }
  return { kind: 'selection' }
}

export type FinalMetricKey = 'testAccuracy' | 'myDigitsAccuracy' | 'bestValAccuracy' | 'finalTrainLoss'

export interface FinalMetric {
  key: FinalMetricKey
  label: string
  /** Whether a larger number is better (accuracy) or worse (loss). */
  higherIsBetter: boolean
  format(value: number): string
}

export const percent = (value: number): string => formatPercent(value, 2)

export const FINAL_METRICS: FinalMetric[] = [
  { key: 'testAccuracy', label: 'test accuracy', higherIsBetter: true, format: percent },
  { key: 'myDigitsAccuracy', label: 'accuracy on my digits', higherIsBetter: true, format: percent },
  { key: 'bestValAccuracy', label: 'best val accuracy', higherIsBetter: true, format: percent },
  { key: 'finalTrainLoss', label: 'final train loss', higherIsBetter: false, format: (v) => v.toPrecision(4) },
]

export function finalMetric(key: FinalMetricKey): FinalMetric {
  return FINAL_METRICS.find((m) => m.key === key) ?? FINAL_METRICS[0]
}

/** "1m 05s", "42.3s", "2h 03m": a duration as a table cell shows it. */
export function durationText(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—'
  if (seconds < 60) return `${seconds.toFixed(1)}s`
  const s = Math.round(seconds)
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
}

/** The config plus the final metrics of a run, keyed by name, for the plots that treat both alike. */
export function runRecord(run: RunSummary): Record<string, unknown> {
  return {
    ...run.config,
    testAccuracy: run.testAccuracy,
    myDigitsAccuracy: run.myDigitsAccuracy,
    bestValAccuracy: run.bestValAccuracy,
    finalTrainLoss: run.finalTrainLoss,
  }
}
