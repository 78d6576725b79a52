// The Electron shell itself (out/main/index.js, the preload, utility-process trainers) run under the electron
// stand-in: the real IPC registration, the real preload's window.workbench, a real trainer in a "utility process".
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { RunSummary } from '../../shared/runs/run'
import { QUICK_RUN } from '../testing/workbenchPage'
import { startShell, waitForFile, type Shell } from '../testing/electronStandIn/shell'
import { SqliteStore } from './services/store/sqliteStore'
import { CONTENT_SECURITY_POLICY } from './appProtocol'
import { READY_FILE_ENV } from './shellArgs'

const folder = mkdtempSync(join(tmpdir(), 'nnwb-shell-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

interface WindowState {
  url: string
  page: { status: number; headers: Record<string, string> } | null
  visible: boolean
  focused: number
  webPreferences: Record<string, unknown>
  exposed: string[]
  opensWindows: unknown
}
interface ShellState {
  windows: WindowState[]
  windowsCreated: number
  privilegedSchemes: Array<{ scheme: string; privileges: Record<string, boolean> }>
  protocols: string[]
  utilityProcesses: Array<{ modulePath: string; execArgv: string[]; ignored: string[] }>
}
type Call = <T>(name: string, ...args: unknown[]) => Promise<T>

const caller =
  (shell: Shell): Call =>
  <T>(name: string, ...args: unknown[]) =>
    shell.control<T>('call', { name, args })

async function runStatus(shell: Shell, runId: number, done: (run: RunSummary) => boolean): Promise<RunSummary> {
  const call = caller(shell)
  for (let i = 0; i < 600; i++) {
    const run = await call<RunSummary>('getRun', runId)
    if (done(run)) return run
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`run ${runId} did not get there:\n${shell.output()}`)
}

function storedRun(db: string, runId: number): RunSummary | null {
  const store = SqliteStore.open(db, { readonly: true })
  try {
    return store.getRun(runId)
  } finally {
    store.close()
  }
}

describe('the Electron shell under the stand-in', () => {
  it('opens the app:// page with the preload, trains in a utility process, and cancels live runs on quit', async () => {
    const db = join(folder, 'quit', 'workbench.db')
    const readyFile = join(folder, 'quit', 'ready')
    const shell = await startShell({ folder, args: ['--db', db], env: { [READY_FILE_ENV]: readyFile } })
    await waitForFile(readyFile, shell.exited, 'the window')
    const state = await shell.control<ShellState>('state')
    expect(state.windows).toHaveLength(1)
    const [window] = state.windows
    expect(window.url).toBe('app://workbench/index.html')
    expect(window.page?.status).toBe(200)
    expect(window.page?.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY)
    expect(window.visible).toBe(true)
    expect(window.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false })
    expect(window.exposed).toEqual(['workbench'])
    expect(window.opensWindows).toEqual({ action: 'deny' })
    expect(state.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ])
    // nothing outside the built renderer is served, and a broken escape is answered
    expect((await shell.control<{ status: number }>('fetch', { url: 'app://workbench/../main/index.js' })).status).toBe(
      404,
    )
    expect((await shell.control<{ status: number }>('fetch', { url: 'app://workbench/%E0%A4%A' })).status).toBe(400)
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read'])
      expect(await shell.control('permission', { permission }), permission).toEqual({
        requested: false,
        checked: false,
      })

    // calls go through the real preload and the real ipcMain registration, errors as sentences
    const call = caller(shell)
    expect(await call('version')).toMatch(/^\d+\.\d+\.\d+/)
    await expect(call('getRun', 'seven')).rejects.toThrow(/runs:get/)
    expect((await call<{ runs: unknown[] }>('listRuns', {})).runs).toEqual([])

    // one run trains to the end in a utility process, with the heap limit passed the way Electron reads it
    const quick = (await call<{ runId: number }>('launchRun', { ...QUICK_RUN, name: 'utility run' })).runId
    const finished = await runStatus(shell, quick, (run) => run.status !== 'queued' && run.status !== 'running')
    expect(finished.status, shell.output()).toBe('finished')
    const events = await shell.control<Array<{ event: string }>>('events')
    expect(events.map((e) => e.event)).toContain('onRunUpdated')
    const [trainer] = (await shell.control<ShellState>('state')).utilityProcesses
    expect(trainer.modulePath).toMatch(/out[/\\]main[/\\]trainer\.js$/)
    expect(trainer.execArgv).toContain('--max-old-space-size=2048')
    expect(trainer.ignored).toEqual([])

    // a long run is live when the app quits: it ends cancelled, not interrupted
    const long = (await call<{ runId: number }>('launchRun', { ...QUICK_RUN, epochs: 200, name: 'live at quit' })).runId
    await runStatus(shell, long, (run) => run.status === 'running')
    await shell.control('quit')
    expect(await shell.exited).toBe(0)
    expect(storedRun(db, long)?.status).toBe('cancelled')
    expect(storedRun(db, quick)?.status).toBe('finished')
  })

  it('quits gracefully on SIGINT, as Electron does on the first Ctrl+C, leaving live runs cancelled', async () => {
    const db = join(folder, 'sigint', 'workbench.db')
    const shell = await startShell({ folder, args: [`--db=${db}`] })
    const call = caller(shell)
    const { runId } = await call<{ runId: number }>('launchRun', { ...QUICK_RUN, epochs: 200, name: 'ctrl-c' })
    await runStatus(shell, runId, (run) => run.status === 'running')
    shell.child.kill('SIGINT')
    expect(await shell.exited).toBe(0)
    expect(storedRun(db, runId)?.status).toBe('cancelled')
  })

  it('opens a new window when a second launch finds none (macOS keeps running with no window)', async () => {
    const db = join(folder, 'mac', 'workbench.db')
    const shell = await startShell({ folder, args: ['--db', db], env: { NNWB_STANDIN_PLATFORM: 'darwin' } })
    expect(await shell.control('closeWindows')).toBe(0)
    expect(shell.child.exitCode).toBe(null) // window-all-closed does not quit on macOS
    expect(await shell.control('secondInstance')).toBe(1)
    await new Promise((resolve) => setTimeout(resolve, 200))
    const state = await shell.control<ShellState>('state')
    expect(state.windowsCreated).toBe(2)
    expect(state.windows[0].url).toBe('app://workbench/index.html')
    // with a window open, a second launch focuses it instead of opening another
    await shell.control('secondInstance')
    expect((await shell.control<ShellState>('state')).windows.map((w) => w.focused)).toEqual([1])
    await shell.control('quit')
    expect(await shell.exited).toBe(0)
  })
})
