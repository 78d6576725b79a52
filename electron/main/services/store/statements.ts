import type { Database, Statement } from 'better-sqlite3'

// listRuns builds its SQL from the shape of a query (which filters, which sort), so there are many but finitely
// many texts; the cap only guards against a caller that somehow makes every text unique.
const MAX_CACHED = 500

/**
 * Prepared statements by SQL text: each is compiled once per connection, not once per call. A statement keeps
 * its pluck/raw mode, so each SQL text is used in one mode only.
 */
export class Statements {
  private readonly cache = new Map<string, Statement>()

  constructor(readonly db: Database) {}

  get(sql: string): Statement {
    let statement = this.cache.get(sql)
    if (statement === undefined) {
      if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string)
      statement = this.db.prepare(sql)
      this.cache.set(sql, statement)
    }
    return statement
  }

  /** Runs `fn` in one transaction (a savepoint when nested). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)()
  }
}
