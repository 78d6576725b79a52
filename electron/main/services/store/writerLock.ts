import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { hostname, uptime } from 'node:os'
import { StoreError } from './storeError'

/** What a lock file holds: enough to tell a live owner from one that died without cleaning up. */
export interface LockOwner {
  pid: number
  host: string
  startedAt: number
}

export interface WriterLock {
  readonly path: string
  readonly owner: LockOwner
  release(): void
}

// A lock file this young with unreadable content is another instance between creating and writing it.
const WRITING_GRACE_MS = 2000

/**
 * Takes `<dbPath>.lock` so that a second app instance on the same database gets a clear refusal instead of two
 * schedulers fighting over the same runs. A lock left by a process that no longer runs (or by a previous boot) is
 * taken over.
 */
export function acquireWriterLock(dbPath: string): WriterLock {
  const path = `${dbPath}.lock`
  const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: Date.now() }
  // a stale lock is removed and the create retried; a rival doing the same at once makes one of us retry again
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(owner), { flag: 'wx' })
      return { path, owner, release: () => releaseIfOurs(path, owner) }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const holder = readOwner(path)
    if (holder === 'missing') continue
    if (holder === 'unreadable') {
      if (ageMs(path) < WRITING_GRACE_MS) throw heldError(dbPath, null)
    } else if (isAlive(holder)) {
      throw heldError(dbPath, holder)
    }
    rmSync(path, { force: true })
  }
  throw heldError(dbPath, null)
}

function heldError(dbPath: string, holder: LockOwner | null): StoreError {
  if (holder === null) {
    return new StoreError(
      `${dbPath} is being opened by another NN Workbench right now. Close it first, or pass another --db.`,
    )
  }
  const where = holder.host === hostname() ? `pid ${holder.pid}` : `pid ${holder.pid} on ${holder.host}`
  const remote = holder.host === hostname() ? '' : ` If that machine no longer uses it, delete ${dbPath}.lock.`
  return new StoreError(
    `${dbPath} is already open in another NN Workbench (${where}). Close it first, or pass another --db.${remote}`,
  )
}

function readOwner(path: string): LockOwner | 'missing' | 'unreadable' {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing'
    throw error
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>
    const ok = Number.isInteger(parsed.pid) && typeof parsed.host === 'string' && typeof parsed.startedAt === 'number'
    return ok ? (parsed as LockOwner) : 'unreadable'
  } catch {
    return 'unreadable'
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs
  } catch {
    return Infinity
  }
}

/** Whether the lock's owner may still be running. Another host cannot be checked, so it counts as alive. */
export function isAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true
  // a lock written before this machine last booted cannot belong to a running process, whatever its pid is now
  const bootedAt = Date.now() - uptime() * 1000
  if (owner.startedAt < bootedAt - 1000) return false
  try {
    process.kill(owner.pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function releaseIfOurs(path: string, owner: LockOwner): void {
  const holder = readOwner(path)
  if (
    typeof holder === 'object' &&
    holder.pid === owner.pid &&
    holder.startedAt === owner.startedAt &&
    holder.host === owner.host
  ) {
    rmSync(path, { force: true })
  }
}
