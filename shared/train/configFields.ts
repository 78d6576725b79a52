// Which fields a config has and which of them differ between runs: one answer for sweeps, tables and the CLI.
import { DEFAULT_CONFIG, type TrainConfig } from './config'

/** Every config field, in the order the defaults list them (the order a user reads a config in). */
export const CONFIG_FIELDS = Object.keys(DEFAULT_CONFIG) as (keyof TrainConfig)[]

/** A config value as an equality key: JSON is faithful for numbers, strings, booleans and lists of numbers. */
export const configValueKey = (value: unknown): string => (value === undefined ? 'undefined' : JSON.stringify(value))

/** The known fields first, then any other field a config carries (a run recorded by a later version), sorted. */
export function fieldsOf(configs: readonly TrainConfig[]): string[] {
  const extra = new Set<string>()
  for (const config of configs) for (const key of Object.keys(config)) if (!(key in DEFAULT_CONFIG)) extra.add(key)
  return [...CONFIG_FIELDS, ...[...extra].sort()]
}

export const fieldValue = (config: TrainConfig, field: string): unknown =>
  (config as unknown as Record<string, unknown>)[field]

/** The fields whose values are not the same in every config, in the order of `fieldsOf`. */
export function varyingFields(configs: readonly TrainConfig[]): string[] {
  return fieldsOf(configs).filter(
    (field) => new Set(configs.map((config) => configValueKey(fieldValue(config, field)))).size > 1,
  )
}
