import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { shellArgs } from './shellArgs'

const userData = join('/home', 'u', '.config', 'nn-workbench')

describe('shellArgs', () => {
  it('honours --db PATH and --db=PATH, as the lock error tells the user to pass', () => {
    expect(shellArgs(['electron', '/app', '--db', 'other.db'], false, userData, {}).db).toBe('other.db')
    expect(shellArgs(['electron', '/app', '--no-sandbox', '--db=x/w.db'], false, userData, {}).db).toBe('x/w.db')
    expect(shellArgs(['NN Workbench', '--db', 'p.db'], true, userData, {}).db).toBe('p.db')
  })

  it('falls back to $NNWB_DB, then workbench.db in userData', () => {
    expect(shellArgs(['electron', '/app'], false, userData, { NNWB_DB: 'env.db' }).db).toBe('env.db')
    expect(shellArgs(['electron', '/app'], false, userData, {}).db).toBe(join(userData, 'workbench.db'))
    // the app folder Electron is given is not a user argument, even if it were called --db
    expect(shellArgs(['electron', '--db'], false, userData, {}).db).toBe(join(userData, 'workbench.db'))
    expect(shellArgs(['electron', '/app', '--db'], false, userData, {}).db).toBe(join(userData, 'workbench.db'))
  })
})
