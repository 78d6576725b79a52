import type { Database } from 'better-sqlite3'
import type { Migration } from './migration'

/** "My digits": the user's own drawings, preprocessed as a model sees them, and each run's score on them. */
export const myDigits: Migration = {
  version: 2,
  name: 'my-digits',
  up(db: Database): void {
    db.exec(`
      -- pixels: the 28×28 grey levels (0–255, white ink on black) the sketchpad fed the model, row by row.
      CREATE TABLE drawings (
        id          INTEGER PRIMARY KEY,
        label       INTEGER NOT NULL CHECK (label BETWEEN 0 AND 255),
        pixels      BLOB    NOT NULL CHECK (length(pixels) = 784),
        created_at  INTEGER NOT NULL
      ) STRICT;

      -- A run's latest score on the drawings there were when it was scored (count says how many).
      CREATE TABLE drawing_scores (
        run_id     INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
        accuracy   REAL    NOT NULL CHECK (accuracy BETWEEN 0 AND 1),
        count      INTEGER NOT NULL CHECK (count >= 0),
        confusion  TEXT    NOT NULL CHECK (json_valid(confusion)),
        scored_at  INTEGER NOT NULL
      ) STRICT;
    `)
  },
}
