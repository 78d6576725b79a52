// Which hyperparameters of the compared runs differ, as rows for the table and axes for the plots.
import type { TrainConfig } from '../../../../shared/train/config'
import { configValueKey, fieldsOf, fieldValue } from '../../../../shared/train/configFields'

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

/** One row per config field (known fields first, then any others a run carries), each marked when runs disagree. */
export function paramRows(configs: TrainConfig[]): ParamRow[] {
  return fieldsOf(configs).map((field) => {
    const values = configs.map((config) => fieldValue(config, field))
    const differs = new Set(values.map(configValueKey)).size > 1
    return { field, values, texts: values.map(paramText), differs }
  })
}
