// Which hyperparameters of the compared runs differ, as rows for the table and axes for the plots.
import { DEFAULT_CONFIG, type TrainConfig } from '../../../../shared/train/config'

/** Config fields in the order the defaults list them (the order a user reads a config in). */
export const CONFIG_FIELDS = Object.keys(DEFAULT_CONFIG) as (keyof TrainConfig)[]

export interface ParamRow {
  field: string
  values: unknown[]
  texts: string[]
  differs: boolean
}

/** A parameter as a cell shows it: lists in brackets, a missing field (a run older than the field) as a dash. */
export function paramText(value: unknown): string {
  if (value === undefined || value === null) return '—'
  if (Array.isArray(value)) return `[${value.join(', ')}]`
  return String(value)
}

// JSON is a faithful equality for config values: numbers, strings, booleans and lists of numbers.
const sameKey = (value: unknown): string => (value === undefined ? 'undefined' : JSON.stringify(value))

/** One row per config field (known fields first, then any others a run carries), each marked when runs disagree. */
export function paramRows(configs: TrainConfig[]): ParamRow[] {
  const extra = new Set<string>()
  for (const config of configs) for (const key of Object.keys(config)) if (!(key in DEFAULT_CONFIG)) extra.add(key)
  return [...CONFIG_FIELDS, ...[...extra].sort()].map((field) => {
    const values = configs.map((config) => (config as unknown as Record<string, unknown>)[field])
    const differs = new Set(values.map(sameKey)).size > 1
    return { field, values, texts: values.map(paramText), differs }
  })
}

/** The fields whose values are not the same in every config. */
export function differingFields(configs: TrainConfig[]): string[] {
  return paramRows(configs)
    .filter((row) => row.differs)
    .map((row) => row.field)
}
