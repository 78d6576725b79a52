import type { Database } from 'better-sqlite3'
import type { Migration } from './migration'

/**
 * The first schema. Frozen once released: a later change is a new migration file, never an edit here, so the
 * status list below is spelled out rather than taken from RUN_STATUSES.
 */
export const initial: Migration = {
  version: 1,
  name: 'initial',
  up(db: Database): void {
    db.exec(`
      CREATE TABLE sweeps (
        id          INTEGER PRIMARY KEY,
        name        TEXT    NOT NULL,
        spec        TEXT    NOT NULL CHECK (json_valid(spec)),
        created_at  INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE runs (
        id                  INTEGER PRIMARY KEY,
        sweep_id            INTEGER REFERENCES sweeps (id) ON DELETE CASCADE,
        name                TEXT    NOT NULL,
        status              TEXT    NOT NULL CHECK (status IN
                              ('queued', 'running', 'finished', 'failed', 'cancelled', 'diverged', 'pruned', 'interrupted')),
        config              TEXT    NOT NULL CHECK (json_valid(config)),
        seed                INTEGER NOT NULL,
        dataset             TEXT    NOT NULL,
        created_at          INTEGER NOT NULL,
        started_at          INTEGER,
        finished_at         INTEGER,
        error               TEXT,
        progress            REAL    NOT NULL DEFAULT 0,
        eta_seconds         REAL,
        step                INTEGER NOT NULL DEFAULT 0,
        total_steps         INTEGER,
        epoch               REAL    NOT NULL DEFAULT 0,
        best_val_accuracy   REAL,
        final_val_accuracy  REAL,
        test_accuracy       REAL,
        test_loss           REAL,
        final_train_loss    REAL,
        notes               TEXT    NOT NULL DEFAULT ''
      ) STRICT;
      CREATE INDEX runs_by_sweep ON runs (sweep_id);
      CREATE INDEX runs_by_status ON runs (status);

      -- One row per TrainConfig field, for filtering and sorting by hyperparameter. value is the text form
      -- (lists as JSON); num is the number when the field is one (booleans as 0/1), so comparisons are numeric.
      CREATE TABLE params (
        run_id  INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        key     TEXT    NOT NULL,
        value   TEXT    NOT NULL,
        num     REAL,
        PRIMARY KEY (run_id, key)
      ) STRICT;
      CREATE INDEX params_by_key_num ON params (key, num);

      -- value is NULL where the trainer reported NaN (a diverged loss): SQLite has no NaN.
      CREATE TABLE metrics (
        run_id     INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        name       TEXT    NOT NULL,
        step       INTEGER NOT NULL,
        epoch      REAL    NOT NULL,
        value      REAL,
        wall_time  INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX metrics_by_run_name_step ON metrics (run_id, name, step);

      CREATE TABLE confusion (
        run_id   INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        split    TEXT    NOT NULL CHECK (split IN ('validation', 'test')),
        step     INTEGER NOT NULL,
        epoch    REAL    NOT NULL,
        classes  INTEGER NOT NULL,
        counts   TEXT    NOT NULL CHECK (json_valid(counts)),
        PRIMARY KEY (run_id, split, step)
      ) STRICT;

      -- The model as modelToJson wrote it (architecture, base64 float32 weights, meta).
      CREATE TABLE models (
        run_id  INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
        json    TEXT NOT NULL
      ) STRICT;

      CREATE TABLE tags (
        run_id  INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        tag     TEXT    NOT NULL,
        PRIMARY KEY (run_id, tag)
      ) STRICT;

      CREATE TABLE datasets (
        id            INTEGER PRIMARY KEY,
        name          TEXT    NOT NULL UNIQUE,
        built_in      INTEGER NOT NULL CHECK (built_in IN (0, 1)),
        train_images  TEXT    NOT NULL,
        train_labels  TEXT    NOT NULL,
        test_images   TEXT,
        test_labels   TEXT,
        train_count   INTEGER NOT NULL,
        test_count    INTEGER NOT NULL,
        rows          INTEGER NOT NULL,
        cols          INTEGER NOT NULL,
        classes       INTEGER NOT NULL,
        created_at    INTEGER NOT NULL
      ) STRICT;

      -- value is JSON, so a setting keeps its type.
      CREATE TABLE settings (
        key    TEXT PRIMARY KEY,
        value  TEXT NOT NULL CHECK (json_valid(value))
      ) STRICT;
    `)
  },
}
