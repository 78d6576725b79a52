import type { DrawingScore } from '../../../../shared/sketch/drawing'
import { ms } from './rows'
import type { Statements } from './statements'

/** A saved drawing as the store keeps it: the preprocessed 28×28 as bytes. */
export interface DrawingRecord {
  id: number
  label: number
  pixels: Uint8Array
  createdAt: number
}

interface DrawingRow {
  id: number
  label: number
  pixels: Buffer
  created_at: number
}

/** "My digits": the user's labelled drawings and each run's latest score on them. */
export class DrawingsRepo {
  constructor(private readonly sql: Statements) {}

  saveDrawing(label: number, pixels: Uint8Array, createdAt = Date.now()): DrawingRecord {
    const result = this.sql
      .get('INSERT INTO drawings (label, pixels, created_at) VALUES (?, ?, ?)')
      .run(label, Buffer.from(pixels), ms(createdAt))
    return { id: Number(result.lastInsertRowid), label, pixels: Uint8Array.from(pixels), createdAt: ms(createdAt) }
  }

  listDrawings(): DrawingRecord[] {
    const rows = this.sql.get('SELECT id, label, pixels, created_at FROM drawings ORDER BY id').all() as DrawingRow[]
    return rows.map((row) => ({
      id: row.id,
      label: row.label,
      pixels: new Uint8Array(row.pixels),
      createdAt: row.created_at,
    }))
  }

  deleteDrawing(drawingId: number): boolean {
    return this.sql.get('DELETE FROM drawings WHERE id = ?').run(drawingId).changes > 0
  }

  /** Replaces the run's score; a run deleted meanwhile is skipped rather than an error (nothing to show it on). */
  saveDrawingScore(score: DrawingScore): void {
    this.sql
      .get(
        `INSERT INTO drawing_scores (run_id, accuracy, count, confusion, scored_at)
         SELECT @runId, @accuracy, @count, @confusion, @scoredAt WHERE EXISTS (SELECT 1 FROM runs WHERE id = @runId)
         ON CONFLICT (run_id) DO UPDATE SET accuracy = excluded.accuracy, count = excluded.count,
           confusion = excluded.confusion, scored_at = excluded.scored_at`,
      )
      .run({ ...score, confusion: JSON.stringify(score.confusion), scoredAt: ms(score.scoredAt) })
  }

  drawingScore(runId: number): DrawingScore | null {
    const row = this.sql
      .get('SELECT run_id, accuracy, count, confusion, scored_at FROM drawing_scores WHERE run_id = ?')
      .get(runId) as
      { run_id: number; accuracy: number; count: number; confusion: string; scored_at: number } | undefined
    if (!row) return null
    return {
      runId: row.run_id,
      accuracy: row.accuracy,
      count: row.count,
      confusion: JSON.parse(row.confusion) as DrawingScore['confusion'],
      scoredAt: row.scored_at,
    }
  }
}
