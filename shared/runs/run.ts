import type { TrainConfig } from '../train/config'

/** A run's life: queued → running → finished | failed | cancelled | diverged | pruned; `interrupted` if the app died. */
export const RUN_STATUSES = [
  'queued',
  'running',
  'finished',
  'failed',
  'cancelled',
  'diverged',
  'pruned',
  'interrupted',
] as const
export type RunStatus = (typeof RUN_STATUSES)[number]

export const ACTIVE_STATUSES: readonly RunStatus[] = ['queued', 'running']

/** One row of the runs table: what a list shows without loading series. */
export interface RunSummary {
  id: number
  name: string
  sweepId: number | null
  status: RunStatus
  /** Plain-words reason for failed / diverged / pruned / cancelled / interrupted runs. */
  error: string | null
  dataset: string
  seed: number
  config: TrainConfig
  createdAt: number
  startedAt: number | null
  finishedAt: number | null
  progress: number
  etaSeconds: number | null
  step: number
  totalSteps: number | null
  epoch: number
  bestValAccuracy: number | null
  finalValAccuracy: number | null
  testAccuracy: number | null
  finalTrainLoss: number | null
  /** Accuracy on the user's own drawings ("my digits") when last scored, and on how many; null until scored. */
  myDigitsAccuracy: number | null
  myDigitsCount: number | null
  tags: string[]
  notes: string
}

/** Metric names the trainer reports. Per step: train/loss, lr. Per evaluation: the rest. */
export const METRIC_NAMES = [
  'train/loss',
  'lr',
  'train/loss_epoch',
  'train/accuracy',
  'val/loss',
  'val/accuracy',
] as const
export type MetricName = (typeof METRIC_NAMES)[number]

export interface MetricPoint {
  name: MetricName
  step: number
  epoch: number
  value: number
  /** Milliseconds since the Unix epoch. */
  wallTime: number
}

export interface ConfusionRecord {
  runId: number
  split: 'validation' | 'test'
  step: number
  epoch: number
  classes: number
  counts: number[]
}

export interface RunQuery {
  text?: string
  statuses?: RunStatus[]
  sweepId?: number
  /** Hyperparameter filters on the params table, e.g. { key: 'lr', op: '<', value: 0.1 }. */
  params?: Array<{ key: string; op: '=' | '<' | '<=' | '>' | '>=' | '!='; value: string | number }>
  sortBy?: 'createdAt' | 'testAccuracy' | 'bestValAccuracy' | 'duration' | 'status' | 'name' | `param:${string}`
  sortDir?: 'asc' | 'desc'
  limit?: number
  offset?: number
}

export interface SeriesRequest {
  runIds: number[]
  names: MetricName[]
  /** Downsample each series to at most this many points (min/max preserving). */
  maxPoints?: number
}

export interface Series {
  runId: number
  name: MetricName
  steps: number[]
  epochs: number[]
  values: number[]
  wallTimes: number[]
}
