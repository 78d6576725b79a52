// Command line of `npm run runs`, turned into the RunQuery the runs list uses. Pure: no I/O.
import { RUN_STATUSES, type RunQuery, type RunStatus } from '../../shared/runs/run'
import { CONFIG_FIELDS } from '../../shared/train/configFields'
import { DEFAULT_CONFIG, type TrainConfig } from '../../shared/train/config'
import { parseFlags, UsageError, wholeNumberFlag } from './flags'

export interface RunsArgs {
  db: string | null
  query: RunQuery
  json: boolean
}

export type RunsCommand = { kind: 'help' } | { kind: 'runs'; args: RunsArgs }

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  db: { type: 'string' },
  status: { type: 'string', multiple: true },
  sweep: { type: 'string' },
  where: { type: 'string', multiple: true },
  search: { type: 'string' },
  sort: { type: 'string' },
  asc: { type: 'boolean' },
  desc: { type: 'boolean' },
  limit: { type: 'string' },
  json: { type: 'boolean' },
} as const

type SortKey = NonNullable<RunQuery['sortBy']>

/** --sort names, what they sort by and which way first: best accuracy and newest first, names A to Z. */
const SORTS: Record<string, { sortBy: SortKey; dir: 'asc' | 'desc' }> = {
  test: { sortBy: 'testAccuracy', dir: 'desc' },
  val: { sortBy: 'bestValAccuracy', dir: 'desc' },
  created: { sortBy: 'createdAt', dir: 'desc' },
  duration: { sortBy: 'duration', dir: 'desc' },
  name: { sortBy: 'name', dir: 'asc' },
  status: { sortBy: 'status', dir: 'asc' },
}

export const DEFAULT_LIMIT = 50
const MAX_LIMIT = 100_000

export const RUNS_USAGE = `Usage: npm run runs -- [--db PATH] [filters] [--sort KEY] [--limit N] [--json]

Lists the runs in the workbench database as a table. Opens it read-only, so it works while the app has it open.

  --db PATH              the database (default: $NNWB_DB, else the app's own in its user-data folder)
  --status S1,S2         only runs with these statuses: ${RUN_STATUSES.join(', ')}
  --sweep ID             only the runs of this sweep
  --where 'FIELD OP V'   a hyperparameter filter, OP one of = != < <= > >= (quote it: < and > are shell
                         redirections); repeat for more: --where 'lr<0.1' --where optimizer=adam
  --search TEXT          every word must appear in the name, notes, tags, dataset or a hyperparameter
  --sort KEY             ${Object.keys(SORTS).join(' | ')} | param:FIELD (default: created, newest first)
  --asc | --desc         the other way round from the default
  --limit N              at most N runs (default ${DEFAULT_LIMIT}; 0 = all)
  --json                 {"total": N, "runs": [RunSummary, …]} instead of the table
  --help

Example: npm run runs -- --status finished --where 'lr<0.1' --sort test --limit 10`

export function parseRunsArgs(argv: string[]): RunsCommand {
  const { values } = parseFlags(argv, OPTIONS)
  if (values.help) return { kind: 'help' }
  if (values.asc && values.desc) throw new UsageError('--asc and --desc: choose one')

  const query: RunQuery = {}
  const statuses = (values.status ?? [])
    .flatMap((list) => list.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '')
  if (statuses.length > 0) query.statuses = statuses.map(checkStatus)
  if (values.sweep !== undefined) query.sweepId = wholeNumberFlag('--sweep', values.sweep, 1, Number.MAX_SAFE_INTEGER)
  if (values.where !== undefined) query.params = values.where.map(parseWhere)
  if (values.search !== undefined && values.search.trim() !== '') query.text = values.search
  const sort = parseSort(values.sort ?? 'created')
  query.sortBy = sort.sortBy
  query.sortDir = values.asc ? 'asc' : values.desc ? 'desc' : sort.dir
  const limit = values.limit === undefined ? DEFAULT_LIMIT : wholeNumberFlag('--limit', values.limit, 0, MAX_LIMIT)
  if (limit > 0) query.limit = limit

  return { kind: 'runs', args: { db: values.db ?? null, query, json: values.json ?? false } }
}

function checkStatus(status: string): RunStatus {
  if ((RUN_STATUSES as readonly string[]).includes(status)) return status as RunStatus
  throw new UsageError(`--status: must be among ${RUN_STATUSES.join(', ')}, got "${status}"`)
}

const WHERE = /^\s*([A-Za-z][\w]*)\s*(<=|>=|!=|=|<|>)\s*(.*?)\s*$/

/** 'lr<0.1' → { key: 'lr', op: '<', value: 0.1 }; a value that reads as a number compares as one. */
export function parseWhere(text: string): NonNullable<RunQuery['params']>[number] {
  const match = WHERE.exec(text)
  if (!match || match[3] === '')
    throw new UsageError(`--where: must read FIELD OP VALUE, such as 'lr<0.1' or optimizer=adam, got "${text}"`)
  const [, key, op, raw] = match
  checkField('--where', key)
  if (Array.isArray(DEFAULT_CONFIG[key as keyof TrainConfig]))
    return { key, op: op as '=', value: JSON.stringify(layerList(raw, text)) }
  const number = Number(raw)
  return { key, op: op as '=', value: Number.isFinite(number) ? number : raw }
}

// The store keeps a list as JSON ("[128,64]"); people type it as on the train command line: 128,64 or 128-64 or none.
function layerList(raw: string, text: string): number[] {
  if (raw === 'none' || raw === '[]') return []
  const sizes = raw
    .replace(/^\[|\]$/g, '')
    .split(/[,-]/)
    .map((size) => Number(size.trim()))
  if (sizes.every((size) => Number.isInteger(size) && size > 0)) return sizes
  throw new UsageError(
    `--where: layer sizes are whole numbers separated by commas (hidden=128,64) or "none", got "${text}"`,
  )
}

function parseSort(text: string): { sortBy: SortKey; dir: 'asc' | 'desc' } {
  if (text.startsWith('param:')) {
    const field = text.slice('param:'.length)
    checkField('--sort', field)
    return { sortBy: `param:${field}`, dir: 'asc' }
  }
  const sort = SORTS[text]
  if (!sort)
    throw new UsageError(`--sort: must be one of ${Object.keys(SORTS).join(', ')} or param:FIELD, got "${text}"`)
  return sort
}

function checkField(flag: string, field: string): void {
  if ((CONFIG_FIELDS as string[]).includes(field)) return
  const near = CONFIG_FIELDS.find((name) => name.toLowerCase() === field.toLowerCase().replace(/[-_]/g, ''))
  throw new UsageError(
    `${flag}: "${field}" is not a hyperparameter${near ? `; did you mean ${near}?` : ` (one of ${CONFIG_FIELDS.join(', ')})`}`,
  )
}
