import Sqlite, { type Database } from 'better-sqlite3'
import { existsSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { LATEST_VERSION, MIGRATIONS, type Migration } from './migrations'
import { StoreError } from './storeError'
import { acquireWriterLock, type WriterLock } from './writerLock'

export interface OpenOptions {
  /** A reader: no lock, no migration, no writes (for the CLI or a second window that only looks). */
  readonly?: boolean
  /** For tests: the migrations to apply instead of the app's own. */
  migrations?: readonly Migration[]
}

export interface OpenDatabase {
  readonly db: Database
  readonly path: string
  readonly readonly: boolean
  /** Closes the connection and, for a writer, releases the lock file. Safe to call twice. */
  close(): void
}

const BUSY_TIMEOUT_MS = 5000

/**
 * Opens (creating if needed) the workbench database at `path` and brings its schema up to date.
 * A writer holds `<path>.lock` until `close()`; every failure is a StoreError naming the file.
 */
export function openDatabase(path: string, options: OpenOptions = {}): OpenDatabase {
  const readonly = options.readonly ?? false
  const migrations = options.migrations ?? MIGRATIONS
  if (readonly && !existsSync(path))
    throw new StoreError(`${path} does not exist. Choose an existing NN Workbench database.`)
  if (!readonly) mkdirSync(dirname(path), { recursive: true })

  const lock: WriterLock | null = readonly ? null : acquireWriterLock(path)
  let db: Database | null = null
  try {
    db = new Sqlite(path, {
      readonly,
      fileMustExist: readonly,
      timeout: BUSY_TIMEOUT_MS,
    })
    configure(db, path, readonly)
    if (readonly) checkVersion(db, path, migrations, true)
    else migrate(db, path, migrations)
  } catch (error) {
    db?.close()
    lock?.release()
    throw error
  }
  const opened = db
  let open = true
  return {
    db: opened,
    path,
    readonly,
    close() {
      if (!open) return
      open = false
      opened.close()
      lock?.release()
    },
  }
}

function configure(db: Database, path: string, readonly: boolean): void {
  try {
    // the first statement to read the file header is where "not a database" shows up
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
    if (!readonly) db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    db.pragma('user_version', { simple: true })
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new StoreError(
        `${path} is not an NN Workbench database (it is not an SQLite file, or it is damaged). Choose another database file.`,
      )
    }
    throw error
  }
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number
}

function checkVersion(db: Database, path: string, migrations: readonly Migration[], readonly: boolean): number {
  const known = migrations.length === 0 ? 0 : migrations[migrations.length - 1].version
  const current = schemaVersion(db)
  if (current > known) {
    throw new StoreError(
      `${path} was written by a newer NN Workbench (schema ${current}; this build knows up to ${known}). Update the app or choose another database file.`,
    )
  }
  if (readonly && current < known) {
    throw new StoreError(
      `${path} uses an older schema (${current}; this build needs ${known}). Open it once in the app, npm run serve or npm run sweep to update it.`,
    )
  }
  return current
}

/** Applies every migration above the file's `user_version`, each in its own transaction with the version bump. */
export function migrate(db: Database, path: string, migrations: readonly Migration[] = MIGRATIONS): void {
  const current = checkVersion(db, path, migrations, false)
  for (const migration of migrations) {
    if (migration.version <= current) continue
    db.transaction(() => {
      migration.up(db)
      db.pragma(`user_version = ${migration.version}`)
    }).immediate()
  }
}

export { LATEST_VERSION, StoreError }
