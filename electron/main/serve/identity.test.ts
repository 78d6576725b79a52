// The serve host's token and port per database, in real files: kept, private, and replaced when not trustworthy.
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tempFolder, type TempFolder } from '../services/store/testing'
import { identityPath, loadIdentity, rememberPort } from './identity'

let folder: TempFolder
let dbPath: string
beforeEach(() => {
  folder = tempFolder()
  dbPath = folder.file('workbench.db')
})
afterEach(() => folder.cleanup())

const modeOf = (path: string): number => statSync(path).mode & 0o777

describe('loadIdentity', () => {
  it('makes a token once, in a file only the user can read, and gives it back every time after', () => {
    const first = loadIdentity(dbPath)
    expect(first).toEqual({ token: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/), port: null, notes: [] })
    expect(modeOf(identityPath(dbPath))).toBe(0o600)
    expect(loadIdentity(dbPath)).toEqual(first)
    expect(loadIdentity(folder.file('other.db')).token).not.toBe(first.token)
  })

  it('remembers the port a host served on, and keeps the token and the mode', () => {
    const identity = loadIdentity(dbPath)
    rememberPort(dbPath, identity, 51234)
    expect(loadIdentity(dbPath)).toEqual({ token: identity.token, port: 51234, notes: [] })
    expect(modeOf(identityPath(dbPath))).toBe(0o600)
  })

  it('replaces a token other users could read, and says so', () => {
    const leaked = loadIdentity(dbPath)
    chmodSync(identityPath(dbPath), 0o644)
    const fresh = loadIdentity(dbPath)
    expect(fresh.token).not.toBe(leaked.token)
    expect(fresh.notes).toEqual([expect.stringMatching(/could be read by other users, so its token was replaced/)])
    expect(modeOf(identityPath(dbPath))).toBe(0o600)
  })

  it('replaces a file that is not a token file, and ignores a port that is not one', () => {
    writeFileSync(identityPath(dbPath), 'not json', { mode: 0o600 })
    const replaced = loadIdentity(dbPath)
    expect(replaced.notes).toEqual([expect.stringMatching(/could not be read as the host's token file/)])
    expect(JSON.parse(readFileSync(identityPath(dbPath), 'utf8'))).toEqual({ token: replaced.token, port: null })
    writeFileSync(identityPath(dbPath), JSON.stringify({ token: replaced.token, port: 70000 }), { mode: 0o600 })
    expect(loadIdentity(dbPath)).toEqual({ token: replaced.token, port: null, notes: [] })
  })
})
