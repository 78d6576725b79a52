import type { SweepSpec, SweepSummary } from '../../../../shared/sweeps/spec'
import { ms } from './rows'
import type { Statements } from './statements'

interface SweepRow {
  id: number
  name: string
  spec: string
  created_at: number
  run_count: number
  counts: string
  best_run_id: number | null
  best_test_accuracy: number | null
  best_val_accuracy: number | null
}

// The best run ranks by test accuracy, then by best validation accuracy (a sweep still training has no test yet).
const SWEEP_SUMMARY = `
  WITH best AS (
    SELECT sweep_id, id, test_accuracy, best_val_accuracy,
           row_number() OVER (PARTITION BY sweep_id ORDER BY test_accuracy IS NULL, test_accuracy DESC,
                                                            best_val_accuracy IS NULL, best_val_accuracy DESC, id) AS rank
    FROM runs
    WHERE sweep_id IS NOT NULL AND (test_accuracy IS NOT NULL OR best_val_accuracy IS NOT NULL))
  SELECT s.id, s.name, s.spec, s.created_at,
         (SELECT count(*) FROM runs WHERE runs.sweep_id = s.id) AS run_count,
         (SELECT json_group_object(status, n)
            FROM (SELECT status, count(*) AS n FROM runs WHERE runs.sweep_id = s.id GROUP BY status)) AS counts,
         best.id AS best_run_id, best.test_accuracy AS best_test_accuracy, best.best_val_accuracy AS best_val_accuracy
  FROM sweeps s LEFT JOIN best ON best.sweep_id = s.id AND best.rank = 1`

export class SweepsRepo {
  constructor(private readonly sql: Statements) {}

  createSweep(name: string, spec: SweepSpec, createdAt = Date.now()): number {
    const result = this.sql
      .get('INSERT INTO sweeps (name, spec, created_at) VALUES (?, ?, ?)')
      .run(name, JSON.stringify(spec), ms(createdAt))
    return Number(result.lastInsertRowid)
  }

  /** Newest first, each with its runs counted by status and its best run. */
  listSweeps(): SweepSummary[] {
    return (this.sql.get(`${SWEEP_SUMMARY} ORDER BY s.id DESC`).all() as SweepRow[]).map(toSweepSummary)
  }

  getSweep(sweepId: number): SweepSummary | null {
    const row = this.sql.get(`${SWEEP_SUMMARY} WHERE s.id = ?`).get(sweepId) as SweepRow | undefined
    return row === undefined ? null : toSweepSummary(row)
  }
}

function toSweepSummary(row: SweepRow): SweepSummary {
  return {
    id: row.id,
    name: row.name,
    spec: JSON.parse(row.spec) as SweepSpec,
    createdAt: row.created_at,
    runCount: row.run_count,
    counts: JSON.parse(row.counts) as Record<string, number>,
    bestRunId: row.best_run_id,
    bestTestAccuracy: row.best_test_accuracy,
    bestValAccuracy: row.best_val_accuracy,
  }
}
