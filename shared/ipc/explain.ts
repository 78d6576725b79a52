import { type z } from 'zod'
import { WorkbenchError } from './workbench'

/**
 * Turning a failed check into one sentence a user can act on — `runs:list: "limit" must be a whole number from 1 to
 * 10000, got -5` — never `[object Object]` or zod's vocabulary. The checks themselves are in schemas.ts.
 */

export const NOT_HYPERPARAMETER = 'is not a hyperparameter'
export const NOT_KNOWN_FIELD = 'is not a known field'
const PLURALS: Record<string, string> = {
  [NOT_HYPERPARAMETER]: 'are not hyperparameters',
  [NOT_KNOWN_FIELD]: 'are not known fields',
}

/** Argument names per call schema, so a problem reads `"limit"` or `"tags[3]"` rather than `[0].limit`. */
export const ARGUMENT_NAMES = new WeakMap<z.ZodType, string[]>()

type Issue = z.core.$ZodIssue
type RawIssue = z.core.$ZodRawIssue

const TYPE_WORDS: Record<string, string> = {
  number: 'must be a finite number',
  int: 'must be a whole number',
  string: 'must be text',
  boolean: 'must be true or false',
  object: 'must be an object',
  array: 'must be a list',
  tuple: 'must be a list',
  null: 'must be null',
}

// The wording of checks that do not bring their own: what the value must be, never zod's internal vocabulary.
function requirementOf(issue: RawIssue): string {
  const i = issue as RawIssue & Record<string, unknown>
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? 'is missing'
        : (TYPE_WORDS[String(i.expected)] ?? `must be ${String(i.expected)}`)
    case 'too_big':
      return bound('at most', i.maximum, i.origin)
    case 'too_small':
      return bound('at least', i.minimum, i.origin)
    case 'invalid_value':
      return `must be one of ${(i.values as unknown[]).map(String).join(', ')}`
    case 'unrecognized_keys':
      return NOT_KNOWN_FIELD
    case 'invalid_union':
      return i.discriminator
        ? `must be one of ${(i.options as unknown[]).map(String).join(', ')}`
        : 'does not match any allowed form'
    default:
      return 'is not valid'
  }
}

function bound(which: 'at most' | 'at least', limit: unknown, origin: unknown): string {
  if (origin === 'string') return `must be ${which} ${limit} characters`
  return origin === 'array' ? `must have ${which} ${limit} items` : `must be ${which} ${limit}`
}

/** A value as the sentence shows it: short, and never a dump. */
function show(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (typeof value === 'string')
    return value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}…` : JSON.stringify(value)
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`
  if (value === null || typeof value !== 'object')
    return typeof value === 'function' || typeof value === 'symbol' ? `a ${typeof value}` : String(value)
  return 'an object'
}

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let value = root
  for (const key of path)
    value = typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined
  return value
}

/** `limit`, `params[0].value`, `tags[3]`: argument names instead of tuple positions where the schema has them. */
function pathName(path: PropertyKey[], argumentNames: string[] | undefined): string {
  let segments = path
  let name = ''
  if (argumentNames && typeof path[0] === 'number') {
    const argument = argumentNames[path[0]] ?? `argument ${path[0] + 1}`
    // a lone object argument's fields read as names of their own (`limit`, not `query.limit`)
    if (argumentNames.length > 1 || typeof path[1] !== 'string') name = argument
    segments = path.slice(1)
  }
  for (const key of segments) {
    const field = String(key).length > 40 ? `${String(key).slice(0, 40)}…` : String(key)
    name += typeof key === 'number' ? `[${key}]` : name ? `.${field}` : field
  }
  return name
}

function sentence(issue: Issue, input: unknown, argumentNames: string[] | undefined): string {
  const value = valueAt(input, issue.path)
  const where = pathName(issue.path, argumentNames)
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.slice(0, 5).map((key) => `"${pathName([...issue.path, key], argumentNames)}"`)
    if (issue.keys.length > 5) keys.push(`${issue.keys.length - 5} more`)
    return `${keys.join(', ')} ${keys.length === 1 ? issue.message : (PLURALS[issue.message] ?? issue.message)}`
  }
  if (argumentNames && issue.path.length === 0) {
    if (!Array.isArray(input)) return `the arguments must be a list, got ${show(input)}`
    const n = argumentNames.length
    return `takes ${n} argument${n === 1 ? '' : 's'}${n ? ` (${argumentNames.join(', ')})` : ''}, got ${input.length}`
  }
  // a text or list that is too long or short is described by its length, not its content
  const origin = issue.code === 'too_big' || issue.code === 'too_small' ? issue.origin : null
  const length = origin === 'string' || origin === 'array' ? (value as unknown[] | string).length : null
  const got = length !== null ? `${length} ${origin === 'string' ? 'characters' : 'items'}` : show(value)
  const tail = issue.message === 'is missing' || issue.code === 'custom' || length === 0 ? '' : `, got ${got}`
  return where ? `"${where}" ${issue.message}${tail}` : `${issue.message}${tail}`
}

/**
 * The parsed value, or a WorkbenchError whose message is one sentence naming the first problem:
 * `runs:list: "limit" must be a whole number from 1 to 10000, got -5`.
 */
export function parseOrExplain<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value, { error: requirementOf })
  if (result.success) return result.data
  const [first, ...rest] = result.error.issues
  const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length === 1 ? '' : 's'})` : ''
  throw new WorkbenchError(`${what}: ${sentence(first, value, ARGUMENT_NAMES.get(schema))}${more}`)
}
