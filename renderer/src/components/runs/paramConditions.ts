import { DEFAULT_CONFIG, type TrainConfig } from '../../../../shared/train/config'
import type { RunFilter } from '../../stores/runs'

export type ParamCondition = RunFilter['params'][number]

/** Short names people type for the columns they see. */
const ALIASES: Record<string, keyof TrainConfig> = {
  batch: 'batchSize',
  layers: 'hidden',
  act: 'activation',
  opt: 'optimizer',
  wd: 'weightDecay',
  iters: 'iterations',
}

const KEYS = new Map((Object.keys(DEFAULT_CONFIG) as (keyof TrainConfig)[]).map((key) => [key.toLowerCase(), key]))
const CONDITION = /^([A-Za-z]\w*)(<=|>=|!=|==|=|<|>)(.*)$/

/**
 * Reads conditions such as `lr<0.1 optimizer=adam batch>=64`, separated by spaces. The ones that make sense become
 * filter conditions; each one that does not gets a sentence, so the box can say what is wrong while the rest apply.
 */
export function parseParamConditions(text: string): { params: ParamCondition[]; problems: string[] } {
  const params: ParamCondition[] = []
  const problems: string[] = []
  // `lr < 0.1` is the same condition as `lr<0.1`
  const tokens = text
    .replace(/\s*(<=|>=|!=|==|=|<|>)\s*/g, '$1')
    .split(/\s+/)
    .filter(Boolean)
  for (const token of tokens) {
    const parsed = parseOne(token)
    if (typeof parsed === 'string') problems.push(parsed)
    else params.push(parsed)
  }
  return { params, problems }
}

function parseOne(token: string): ParamCondition | string {
  const match = CONDITION.exec(token)
  if (!match) return `"${token}" is not a condition; write it like lr<0.1 or optimizer=adam`
  const [, name, rawOp, rawValue] = match
  const key = ALIASES[name.toLowerCase()] ?? KEYS.get(name.toLowerCase())
  if (!key) return `there is no hyperparameter "${name}" (try lr, batch, optimizer, activation, layers, epochs)`
  const op = rawOp === '==' ? '=' : (rawOp as ParamCondition['op'])
  if (rawValue === '') return `${token} needs a value after ${rawOp}`
  const example = DEFAULT_CONFIG[key]
  if (typeof example === 'number') {
    if (!Number.isFinite(Number(rawValue))) return `${key} is a number, and "${rawValue}" is not`
    return { key, op, value: rawValue }
  }
  if (op !== '=' && op !== '!=') return `${key} is not a number, so only = and != work with it`
  // layers read 64-32 in the table and are stored as a list
  const value = Array.isArray(example) ? rawValue.replace(/-/g, ',') : rawValue
  return { key, op, value }
}
