// How the CLI shows a run's fields in a table cell. Pure formatting, no I/O.
import type { RunSummary } from '../../shared/runs/run'
import type { TrainConfig } from '../../shared/train/config'
import { formatDuration } from '../../shared/format'
import { percent } from './report'

export const NONE = '–'

/** A hyperparameter's value as typed on the command line: 0.1, 128-64 (hidden layers), none, adam. */
export function paramText(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.join('-')
  if (typeof value === 'number' && Number.isFinite(value) && !Number.isInteger(value))
    return String(Number(value.toPrecision(6)))
  return String(value)
}

/** "lr=0.1 hidden=128-64". */
export function paramsText(config: TrainConfig, fields: readonly string[]): string {
  return fields.map((field) => `${field}=${paramText(config[field as keyof TrainConfig])}`).join(' ')
}

export function percentOr(fraction: number | null): string {
  return fraction === null || !Number.isFinite(fraction) ? NONE : percent(fraction)
}

/** How long the run trained, or has been training; null before it started. */
export function durationSeconds(run: RunSummary, now: number): number | null {
  return run.startedAt === null ? null : ((run.finishedAt ?? now) - run.startedAt) / 1000
}

export function durationText(run: RunSummary, now: number): string {
  const seconds = durationSeconds(run, now)
  return seconds === null ? NONE : formatDuration(seconds)
}

/** "1.50/2" epochs, or "120/400" steps when the run counts iterations; a dash before it starts. */
export function positionText(run: RunSummary): string {
  if (run.status === 'queued' || run.totalSteps === null) return NONE
  return run.config.epochs > 0 ? `${run.epoch.toFixed(2)}/${run.config.epochs}` : `${run.step}/${run.totalSteps}`
}

/** What to show of a config when nothing varies: its shape and how it learns. */
export const KEY_FIELDS: readonly (keyof TrainConfig)[] = ['hidden', 'optimizer', 'lr', 'batchSize', 'epochs']
