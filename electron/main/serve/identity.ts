// The serve host's address per database: one token and one port kept beside the database, so a host started again on
// the same database is reachable from a tab that is already open, and a reload keeps working.
import { randomBytes } from 'node:crypto'
import { lstatSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'

/** The port a host takes when this database has none yet and nothing else holds it. */
export const DEFAULT_PORT = 4754

export interface HostIdentity {
  token: string
  /** The port the last host on this database served on; null before the first. */
  port: number | null
  /** Why the stored identity could not be kept, for the console; empty when it was. */
  notes: string[]
}

const TOKEN = /^[A-Za-z0-9_-]{32,64}$/
const MAX_FILE_BYTES = 4096

/** `<db>.host.json`: readable by the user alone (mode 0600), because its token opens the workbench. */
export function identityPath(dbPath: string): string {
  return `${dbPath}.host.json`
}

/** The stored token and port of this database, or a new token (written at once) when there is none to trust. */
export function loadIdentity(dbPath: string, platform: NodeJS.Platform = process.platform): HostIdentity {
  const path = identityPath(dbPath)
  const stored = readStored(path, platform)
  if ('token' in stored) return { token: stored.token, port: stored.port, notes: [] }
  const identity = { token: randomBytes(24).toString('base64url'), port: null }
  writeIdentity(dbPath, identity)
  return { ...identity, notes: stored.note ? [stored.note] : [] }
}

/** Records the port a host now serves this database on, for the next host to take again. */
export function rememberPort(dbPath: string, identity: HostIdentity, port: number): void {
  if (identity.port !== port) writeIdentity(dbPath, { token: identity.token, port })
}

function readStored(
  path: string,
  platform: NodeJS.Platform,
): { token: string; port: number | null } | { note?: string } {
  let stat
  try {
    stat = lstatSync(path)
  } catch {
    return {}
  }
  if (!stat.isFile() || stat.size > MAX_FILE_BYTES)
    return { note: `${path} is not a small regular file; the host made a new token and replaced it` }
  // Windows has no such mode bits; elsewhere a token others could read is no secret any more
  if (platform !== 'win32' && (stat.mode & 0o077) !== 0)
    return { note: `${path} could be read by other users, so its token was replaced: open the new address below` }
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { token?: unknown; port?: unknown }
    if (typeof parsed.token !== 'string' || !TOKEN.test(parsed.token)) throw new Error('no token')
    const port = Number.isInteger(parsed.port) && (parsed.port as number) > 0 && (parsed.port as number) < 65536
    return { token: parsed.token, port: port ? (parsed.port as number) : null }
  } catch {
    return { note: `${path} could not be read as the host's token file; the host made a new token and replaced it` }
  }
}

function writeIdentity(dbPath: string, identity: { token: string; port: number | null }): void {
  const path = identityPath(dbPath)
  const partial = `${path}.${process.pid}.partial`
  // written whole under a temporary name and renamed: a reader never sees half a file, nor a file with wider mode
  rmSync(partial, { force: true })
  writeFileSync(partial, `${JSON.stringify(identity)}\n`, { mode: 0o600, flag: 'wx' })
  try {
    renameSync(partial, path)
  } catch (error) {
    rmSync(partial, { force: true })
    throw error
  }
}
