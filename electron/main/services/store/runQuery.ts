import { RUN_STATUSES, type RunQuery, type RunSummary } from '../../../../shared/runs/run'
import { RUN_COLUMNS, toRunSummary, type RunRow } from './rows'
import type { Statements } from './statements'
import { StoreError } from './storeError'

const OPERATORS = new Set(['=', '<', '<=', '>', '>=', '!='])

// Sort keys and the SQL they order by; `param:<key>` is handled apart (it joins the params table).
const SORT_COLUMNS: Record<string, string> = {
  createdAt: 'runs.created_at',
  testAccuracy: 'runs.test_accuracy',
  bestValAccuracy: 'runs.best_val_accuracy',
  duration: '(coalesce(runs.finished_at, @now) - runs.started_at)',
  // life-cycle order rather than alphabetical: running, then queued, then the outcomes
  status: `(CASE runs.status ${['running', ...RUN_STATUSES.filter((s) => s !== 'running')].map((s, i) => `WHEN '${s}' THEN ${i}`).join(' ')} END)`,
  name: 'runs.name COLLATE NOCASE',
}

type Bindings = Record<string, string | number>

/**
 * Runs matching `query`, one page of them, and how many match in all. Filters are SQL over indexed columns, so a
 * page of a few thousand runs is a few milliseconds; the SQL's shape depends only on which filters are used, so it
 * is prepared once per shape.
 */
export function listRuns(sql: Statements, query: RunQuery): { runs: RunSummary[]; total: number } {
  const bindings: Bindings = {}
  const where = whereClause(query, bindings)
  const { join, orderBy } = ordering(query, bindings)
  const limit = query.limit === undefined ? -1 : wholeNumber(query.limit, 'limit')
  const offset = query.offset === undefined ? 0 : wholeNumber(query.offset, 'offset')

  const total = sql.get(`SELECT count(*) FROM runs ${where}`).pluck().get(bindings) as number
  // choose the page by id first, so only its runs pay for their columns (config text, tags) rather than every match
  const pageIds = sql
    .get(`SELECT runs.id FROM runs ${join} ${where} ORDER BY ${orderBy} LIMIT @limit OFFSET @offset`)
    .pluck()
    .all({ ...bindings, limit, offset }) as number[]
  const byId = new Map(
    (
      sql
        .get(`SELECT ${RUN_COLUMNS} FROM runs WHERE runs.id IN (SELECT value FROM json_each(?))`)
        .all(JSON.stringify(pageIds)) as RunRow[]
    ).map((row) => [row.id, row]),
  )
  const rows = pageIds.map((id) => byId.get(id)!)
  return { runs: rows.map(toRunSummary), total }
}

/** The SQL text of the WHERE clause of `query`, filling `bindings`; exported for the query-plan test. */
export function whereClause(query: RunQuery, bindings: Bindings): string {
  const conditions: string[] = []

  if (query.statuses !== undefined && query.statuses.length > 0) {
    const unknown = query.statuses.filter((s) => !RUN_STATUSES.includes(s))
    if (unknown.length > 0)
      throw new StoreError(`unknown run status ${unknown.join(', ')}; one of ${RUN_STATUSES.join(', ')}`)
    bindings.statuses = JSON.stringify(query.statuses)
    conditions.push('runs.status IN (SELECT value FROM json_each(@statuses))')
  }

  if (query.sweepId !== undefined) {
    bindings.sweepId = query.sweepId
    conditions.push('runs.sweep_id = @sweepId')
  }

  // every word must appear somewhere: in the name, notes, a tag, the dataset or a config value
  const words = (query.text ?? '').split(/\s+/).filter((w) => w.length > 0)
  words.forEach((word, i) => {
    bindings[`word${i}`] = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    const like = `LIKE @word${i} ESCAPE '\\'`
    conditions.push(`(runs.name ${like} OR runs.notes ${like} OR runs.dataset ${like}
      OR EXISTS (SELECT 1 FROM tags WHERE tags.run_id = runs.id AND tags.tag ${like})
      OR EXISTS (SELECT 1 FROM params WHERE params.run_id = runs.id AND params.value ${like}))`)
  })

  ;(query.params ?? []).forEach((filter, i) => {
    if (!OPERATORS.has(filter.op))
      throw new StoreError(`unknown comparison "${filter.op}" for ${filter.key}; one of ${[...OPERATORS].join(' ')}`)
    const number = asNumber(filter.value)
    bindings[`key${i}`] = filter.key
    bindings[`value${i}`] = number ?? String(filter.value)
    // a numeric filter compares `num` (0.1 < 0.02 is false), a text one compares the text form
    const column = number === null ? 'value' : 'num'
    conditions.push(`runs.id IN (SELECT run_id FROM params WHERE key = @key${i} AND ${column} ${filter.op} @value${i})`)
  })

  return conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`
}

function ordering(query: RunQuery, bindings: Bindings): { join: string; orderBy: string } {
  const sortBy = query.sortBy ?? 'createdAt'
  const dir = query.sortDir === 'asc' ? 'ASC' : 'DESC'
  // runs without the value (no test yet, no such param) go last whichever way the list is sorted
  if (sortBy.startsWith('param:')) {
    bindings.sortKey = sortBy.slice('param:'.length)
    return {
      join: 'LEFT JOIN params AS sort_param ON sort_param.run_id = runs.id AND sort_param.key = @sortKey',
      orderBy: `sort_param.run_id IS NULL, sort_param.num ${dir}, sort_param.value ${dir}, runs.id ${dir}`,
    }
  }
  const column = SORT_COLUMNS[sortBy]
  if (column === undefined)
    throw new StoreError(
      `cannot sort runs by "${sortBy}"; one of ${Object.keys(SORT_COLUMNS).join(', ')} or param:<name>`,
    )
  if (sortBy === 'duration') bindings.now = Date.now()
  return { join: '', orderBy: `${column} IS NULL, ${column} ${dir}, runs.id ${dir}` }
}

/** A filter value that is a number, or text that reads as one (a search box sends text). */
function asNumber(value: string | number): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  const trimmed = value.trim()
  if (trimmed === '') return null
  const number = Number(trimmed)
  return Number.isFinite(number) ? number : null
}

function wholeNumber(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0)
    throw new StoreError(`${what} must be a whole number of runs, got ${value}`)
  return value
}
