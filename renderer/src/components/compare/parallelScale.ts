// Axes of the parallel-coordinates plot: each maps a value to a height from 0 (bottom) to 1 (top).
import { paramText } from './configDiff'

export type AxisKind = 'linear' | 'log' | 'category'

export interface AxisTick {
  position: number
  label: string
}

export interface ParallelAxis {
  key: string
  label: string
  kind: AxisKind
  ticks: AxisTick[]
  /** Height of a value on this axis, or null for a run without one (e.g. no test accuracy yet). */
  position(value: unknown): number | null
}

/** Hyperparameters that are searched over orders of magnitude, so they are drawn on a log axis when positive. */
export const LOG_FIELDS = new Set(['lr', 'weightDecay', 'epsilon', 'minLr'])

/** Above this many distinct numbers, ticks are evenly spaced instead of one per value. */
const MAX_VALUE_TICKS = 8

export interface AxisOptions {
  label?: string
  log?: boolean
  format?: (value: number) => string
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

/** Builds an axis over the values the runs have: numeric (linear or log) when all are numbers, else categorical. */
export function buildAxis(key: string, values: unknown[], options: AxisOptions = {}): ParallelAxis {
  const label = options.label ?? key
  const present = values.filter((v) => v !== undefined && v !== null)
  if (present.length > 0 && present.every(isNumber)) {
    const log = (options.log ?? LOG_FIELDS.has(key)) && present.every((v) => v > 0)
    return numericAxis(key, label, present, log, options.format ?? ((v) => String(Number(v.toPrecision(4)))))
  }
  return categoryAxis(key, label, present)
}

function numericAxis(
  key: string,
  label: string,
  values: number[],
  log: boolean,
  format: (v: number) => string,
): ParallelAxis {
  const t = log ? Math.log10 : (v: number) => v
  const lo = t(Math.min(...values))
  const hi = t(Math.max(...values))
  const scale = (v: number): number => (hi === lo ? 0.5 : (t(v) - lo) / (hi - lo))
  const distinct = [...new Set(values)].sort((a, b) => a - b)
  const tickValues =
    distinct.length <= MAX_VALUE_TICKS
      ? distinct
      : Array.from({ length: 5 }, (_, i) => {
          const u = lo + ((hi - lo) * i) / 4
          return log ? 10 ** u : u
        })
  return {
    key,
    label,
    kind: log ? 'log' : 'linear',
    ticks: tickValues.map((v) => ({ position: scale(v), label: format(v) })),
    position: (value) => (isNumber(value) && (!log || value > 0) ? scale(value) : null),
  }
}

function categoryAxis(key: string, label: string, values: unknown[]): ParallelAxis {
  const byText = new Map<string, unknown>()
  for (const v of values) if (!byText.has(paramText(v))) byText.set(paramText(v), v)
  const categories = [...byText.keys()].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))
  const at = (i: number): number => (categories.length === 1 ? 0.5 : i / (categories.length - 1))
  return {
    key,
    label,
    kind: 'category',
    ticks: categories.map((text, i) => ({ position: at(i), label: text })),
    position: (value) => {
      const i = categories.indexOf(paramText(value))
      return value === undefined || value === null || i < 0 ? null : at(i)
    },
  }
}

/** Each run's heights on each axis, in axis order. */
export function parallelLines(rows: Array<Record<string, unknown>>, axes: ParallelAxis[]): Array<Array<number | null>> {
  return rows.map((row) => axes.map((axis) => axis.position(row[axis.key])))
}

/** A data range widened a little at both ends (in log space on a log axis), so points at the ends are not cut in half. */
export function paddedRange(values: number[], log: boolean, fraction = 0.06): { min: number; max: number } | null {
  const usable = values.filter((v) => Number.isFinite(v) && (!log || v > 0))
  if (usable.length === 0) return null
  const t = log ? Math.log10 : (v: number) => v
  const back = log ? (u: number) => 10 ** u : (u: number) => u
  const lo = t(Math.min(...usable))
  const hi = t(Math.max(...usable))
  const pad = hi > lo ? (hi - lo) * fraction : log ? 0.1 : Math.abs(lo) * 0.1 || 1
  return { min: back(lo - pad), max: back(hi + pad) }
}

/** Round values for a log axis: 1, 2 and 5 times each power of ten between min and max (just 1s over many decades). */
export function logTicks(min: number, max: number): number[] {
  if (!(min > 0) || !(max > min)) return []
  const low = Math.floor(Math.log10(min))
  const high = Math.ceil(Math.log10(max))
  const steps = high - low > 4 ? [1] : [1, 2, 5]
  const ticks: number[] = []
  for (let e = low; e <= high; e++) {
    for (const m of steps) {
      // toPrecision keeps 0.1 from becoming 0.30000000000000004-style noise in the labels
      const value = Number((m * 10 ** e).toPrecision(12))
      if (value >= min && value <= max) ticks.push(value)
    }
  }
  return ticks
}
