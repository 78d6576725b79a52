import Sqlite from 'better-sqlite3'
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { hostname, uptime } from 'node:os'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RUN_STATUSES } from '../../../../shared/runs/run'
import { LATEST_VERSION, openDatabase, schemaVersion } from './database'
import { MIGRATIONS, type Migration } from './migrations'
import { tempFolder, type TempFolder } from './testing'

let folder: TempFolder
beforeEach(() => {
  folder = tempFolder()
})
afterEach(() => folder.cleanup())

const TABLES = [
  'confusion',
  'datasets',
  'drawing_scores',
  'drawings',
  'metrics',
  'models',
  'params',
  'runs',
  'settings',
  'sweeps',
  'tags',
]

describe('openDatabase: schema and migrations', () => {
  it('migrates a fresh file to the latest schema, in WAL mode with foreign keys on', () => {
    const { db } = folder.track(openDatabase(folder.file('fresh.db')))
    expect(schemaVersion(db)).toBe(LATEST_VERSION)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('synchronous', { simple: true })).toBe(1) // NORMAL
    const tables = db
      .prepare(
        `SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
      )
      .all()
    expect(tables).toEqual(TABLES.map((name) => ({ name, strict: 1 })))
  })

  it('numbers the migrations 1, 2, 3, … without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1))
    expect(LATEST_VERSION).toBe(MIGRATIONS.length)
  })

  it('keeps data and applies nothing twice when reopened', () => {
    const path = folder.file('again.db')
    const first = openDatabase(path)
    first.db.prepare(`INSERT INTO settings (key, value) VALUES ('concurrency', '3')`).run()
    first.close()
    const { db } = folder.track(openDatabase(path))
    expect(schemaVersion(db)).toBe(LATEST_VERSION)
    expect(db.prepare('SELECT value FROM settings').pluck().get()).toBe('3')
  })

  it('applies a later migration on top, and rolls back one that fails together with its version bump', () => {
    const path = folder.file('steps.db')
    openDatabase(path).close()
    const failing: Migration = {
      version: LATEST_VERSION + 1,
      name: 'half-done',
      up(db) {
        db.exec('CREATE TABLE half_done (id INTEGER PRIMARY KEY) STRICT')
        throw new Error('disk on fire')
      },
    }
    expect(() => openDatabase(path, { migrations: [...MIGRATIONS, failing] })).toThrow('disk on fire')
    const { db } = folder.track(openDatabase(path))
    expect(schemaVersion(db)).toBe(LATEST_VERSION)
    expect(db.prepare(`SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'`).pluck().get()).toBe(0)
    expect(existsSync(`${path}.lock`)).toBe(true) // the failed open released its lock; this one holds it
  })

  it('lets every run status through the status check and nothing else', () => {
    const { db } = folder.track(openDatabase(folder.file('status.db')))
    const insert = db.prepare(
      `INSERT INTO runs (name, status, config, seed, dataset, created_at) VALUES ('r', ?, '{}', 1, 'mnist', 0)`,
    )
    for (const status of RUN_STATUSES) expect(() => insert.run(status)).not.toThrow()
    expect(() => insert.run('paused')).toThrow(/CHECK constraint/)
  })

  it('migrating a version-1 file with data keeps the data', () => {
    const path = folder.file('v1.db')
    const v1 = openDatabase(path, { migrations: MIGRATIONS.slice(0, 1) })
    expect(schemaVersion(v1.db)).toBe(1)
    const runId = Number(
      v1.db
        .prepare(
          `INSERT INTO runs (name, status, config, seed, dataset, created_at, test_accuracy) VALUES ('old run', 'finished', '{}', 1, 'mnist', 5, 0.93)`,
        )
        .run().lastInsertRowid,
    )
    v1.db.prepare(`INSERT INTO models (run_id, json) VALUES (?, '{}')`).run(runId)
    v1.close()

    const { db } = folder.track(openDatabase(path))
    expect(schemaVersion(db)).toBe(LATEST_VERSION)
    expect(db.prepare('SELECT name, test_accuracy FROM runs').all()).toEqual([{ name: 'old run', test_accuracy: 0.93 }])
    expect(db.prepare('SELECT count(*) FROM models').pluck().get()).toBe(1)
    // the new tables are there and work with the old rows
    db.prepare(
      `INSERT INTO drawing_scores (run_id, accuracy, count, confusion, scored_at) VALUES (?, 0.5, 2, '{}', 9)`,
    ).run(runId)
    db.prepare('DELETE FROM runs WHERE id = ?').run(runId)
    expect(db.prepare('SELECT count(*) FROM drawing_scores').pluck().get()).toBe(0)
  })

  it('keeps drawings to 28×28 bytes with a label of 0–255, and scores to real runs', () => {
    const { db } = folder.track(openDatabase(folder.file('drawings.db')))
    const insert = db.prepare('INSERT INTO drawings (label, pixels, created_at) VALUES (?, ?, 0)')
    expect(() => insert.run(7, Buffer.alloc(784))).not.toThrow()
    expect(() => insert.run(7, Buffer.alloc(783))).toThrow(/CHECK constraint/)
    expect(() => insert.run(256, Buffer.alloc(784))).toThrow(/CHECK constraint/)
    expect(() => insert.run(7, 'not bytes')).toThrow(/cannot store TEXT value in BLOB column/)
    const score = db.prepare(
      `INSERT INTO drawing_scores (run_id, accuracy, count, confusion, scored_at) VALUES (?, ?, 1, '{}', 0)`,
    )
    expect(() => score.run(42, 0.5)).toThrow(/FOREIGN KEY constraint/)
  })

  it('refuses a database written by a newer version, saying what to do', () => {
    const path = folder.file('future.db')
    const future = new Sqlite(path)
    future.pragma('user_version = 7')
    future.close()
    expect(() => openDatabase(path)).toThrow(
      `${path} was written by a newer NN Workbench (schema 7; this build knows up to ${LATEST_VERSION}). Update the app or choose another database file.`,
    )
    expect(() => openDatabase(path, { readonly: true })).toThrow('was written by a newer NN Workbench (schema 7')
    expect(existsSync(`${path}.lock`)).toBe(false)
  })

  it('refuses a file that is not SQLite, naming it, and leaves the file alone', () => {
    const path = folder.file('notes.txt')
    const text = 'these are my notes, not a database\n'.repeat(20)
    writeFileSync(path, text)
    expect(() => openDatabase(path)).toThrow(
      `${path} is not an NN Workbench database (it is not an SQLite file, or it is damaged).`,
    )
    expect(() => openDatabase(path, { readonly: true })).toThrow(`${path} is not an NN Workbench database`)
    expect(readFileSync(path, 'utf8')).toBe(text)
    expect(existsSync(`${path}.lock`)).toBe(false)
  })
})

describe('openDatabase: one writer per file', () => {
  const lockOf = (path: string) =>
    JSON.parse(readFileSync(`${path}.lock`, 'utf8')) as { pid: number; host: string; startedAt: number }
  const writeLock = (path: string, pid: number, startedAt = Date.now()) =>
    writeFileSync(`${path}.lock`, JSON.stringify({ pid, host: hostname(), startedAt }))

  it('writes a lock with pid, host and start time, and removes it on close', () => {
    const path = folder.file('locked.db')
    const database = openDatabase(path)
    expect(lockOf(path)).toEqual({ pid: process.pid, host: hostname(), startedAt: expect.any(Number) })
    database.close()
    expect(existsSync(`${path}.lock`)).toBe(false)
    database.close() // twice is harmless
  })

  it('refuses a second writer while the first is open', () => {
    const path = folder.file('busy.db')
    folder.track(openDatabase(path))
    expect(() => openDatabase(path)).toThrow(
      `${path} is already open in another NN Workbench (pid ${process.pid}). Close it first, or pass another --db.`,
    )
  })

  it('refuses when another live process holds the lock', () => {
    const path = folder.file('other.db')
    writeLock(path, process.ppid)
    expect(() => openDatabase(path)).toThrow(`is already open in another NN Workbench (pid ${process.ppid}).`)
    expect(lockOf(path).pid).toBe(process.ppid) // not ours to remove
  })

  it('takes over a lock left by a process that has exited', () => {
    const path = folder.file('stale.db')
    const exited = spawnSync(process.execPath, ['-e', '']).pid!
    writeLock(path, exited)
    folder.track(openDatabase(path))
    expect(lockOf(path).pid).toBe(process.pid)
  })

  it('takes over a lock written before this machine last started, whatever runs under that pid now', () => {
    const path = folder.file('reboot.db')
    writeLock(path, process.ppid, Date.now() - uptime() * 1000 - 60_000)
    folder.track(openDatabase(path))
    expect(lockOf(path).pid).toBe(process.pid)
  })

  it('takes over a lock file that holds garbage once it is no longer fresh', () => {
    const path = folder.file('garbage.db')
    writeFileSync(`${path}.lock`, '')
    expect(() => openDatabase(path)).toThrow('is being opened by another NN Workbench right now')
    const old = new Date(Date.now() - 60_000)
    utimesSync(`${path}.lock`, old, old)
    folder.track(openDatabase(path))
    expect(lockOf(path).pid).toBe(process.pid)
  })

  it('lets a reader open beside a writer without a lock, and keeps it from writing', () => {
    const path = folder.file('shared.db')
    const writer = folder.track(openDatabase(path))
    writer.db.prepare(`INSERT INTO settings (key, value) VALUES ('theme', '"dark"')`).run()
    const reader = folder.track(openDatabase(path, { readonly: true }))
    expect(reader.db.prepare('SELECT value FROM settings').pluck().get()).toBe('"dark"')
    expect(() => reader.db.prepare(`DELETE FROM settings`).run()).toThrow(/readonly/)
    reader.close()
    expect(lockOf(path).pid).toBe(process.pid) // the reader's close leaves the writer's lock alone
  })

  it('says so when a reader is pointed at a file that does not exist', () => {
    const path = folder.file('missing.db')
    expect(() => openDatabase(path, { readonly: true })).toThrow(`${path} does not exist.`)
    expect(existsSync(path)).toBe(false)
  })
})
