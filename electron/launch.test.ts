// `npm start`'s launcher (electron/launch.cjs) with a fake Electron binary (ELECTRON_OVERRIDE_DIST_PATH): one that
// dies as Ubuntu's AppArmor makes Electron die, and one that runs the real shell under the electron stand-in.
import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { RunSummary } from '../shared/runs/run'
import { connect } from './main/serve/testing'
import { connectControl, controlFileIn, REGISTER } from './testing/electronStandIn/shell'
import { QUICK_RUN } from './testing/workbenchPage'
import { SqliteStore } from './main/services/store/sqliteStore'

const { explainEarlyExit } = createRequire(import.meta.url)('./launchFailure.cjs') as {
  explainEarlyExit(output: string, code: number | null, signal: string | null, sandboxPath: string): string
}

const LAUNCHER = join(__dirname, 'launch.cjs')
const SUID_ABORT =
  '[1:FATAL:sandbox/linux/suid/client/setuid_sandbox_host.cc:166] The SUID sandbox helper binary was found, but ' +
  "is not configured correctly. Rather than run without sandboxing I'm aborting now. You need to make sure that " +
  '/x/node_modules/electron/dist/chrome-sandbox is owned by root and has mode 4755.'

const folder = mkdtempSync(join(tmpdir(), 'nnwb-launch-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))
const started: ChildProcess[] = []
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGKILL')
})

function storedStatus(db: string, runId: number): string | undefined {
  const store = SqliteStore.open(db, { readonly: true })
  try {
    return store.getRun(runId)?.status
  } finally {
    store.close()
  }
}

/** A folder holding an executable `electron` with this shell script as its body. */
function fakeElectron(name: string, script: string): string {
  const dir = join(folder, name)
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'electron'), `#!/bin/sh\n${script}\n`)
  chmodSync(join(dir, 'electron'), 0o755)
  return dir
}

function startLauncher(args: string[], env: NodeJS.ProcessEnv) {
  // its own process group, as a shell runs a job: a signal to -pid is what Ctrl+C in the terminal sends
  const child = spawn(process.execPath, [LAUNCHER, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  started.push(child)
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<number | string>((done) => child.on('exit', (code, signal) => done(code ?? signal ?? '?')))
  const waitFor = async (pattern: RegExp): Promise<void> => {
    for (let i = 0; i < 600 && !pattern.test(output); i++) await new Promise((done) => setTimeout(done, 50))
    expect(output).toMatch(pattern)
  }
  return { child, exited, output: () => output, waitFor }
}

describe('explainEarlyExit', () => {
  it('names the cause and the remedy of the ways Electron dies before its window', () => {
    const sandbox = explainEarlyExit(SUID_ABORT, null, 'SIGTRAP', '/x/chrome-sandbox')
    expect(sandbox).toContain('sudo chown root:root /x/chrome-sandbox && sudo chmod 4755 /x/chrome-sandbox')
    expect(sandbox).toContain('kernel.apparmor_restrict_unprivileged_userns=0')
    expect(explainEarlyExit('[9:ERROR:ozone_platform_x11.cc] Missing X server or $DISPLAY', 1, null, 's')).toMatch(
      /no display/,
    )
    expect(
      explainEarlyExit(
        'electron: error while loading shared libraries: libnss3.so: cannot open shared object',
        127,
        null,
        's',
      ),
    ).toMatch(/system library libnss3\.so, which is not installed/)
    expect(explainEarlyExit('something odd\nfinal words\n', 3, null, 's')).toBe(
      'Electron exited with code 3 before its window opened; its last words: final words.',
    )
  })
})

describe('npm start', () => {
  it('explains an Electron that dies at start (the AppArmor sandbox abort) and serves instead', async () => {
    const dist = fakeElectron('suid', `echo "${SUID_ABORT.replace(/"/g, '\\"')}" >&2\nkill -TRAP $$`)
    const db = join(folder, 'suid.db')
    const launcher = startLauncher(['--db', db, '--port', '0'], { ELECTRON_OVERRIDE_DIST_PATH: dist, DISPLAY: ':99' })
    await launcher.waitFor(/Open http:\/\/127\.0\.0\.1:\d+/)
    expect(launcher.output()).toContain(`sudo chmod 4755 ${join(dist, 'chrome-sandbox')}`)
    expect(launcher.output()).toContain('Starting the headless serve host instead.')
  })

  it('serves at once where there is no display', async () => {
    const dist = fakeElectron('never', 'echo "should not have been started" >&2; exit 1')
    const env: NodeJS.ProcessEnv = { ELECTRON_OVERRIDE_DIST_PATH: dist, DISPLAY: '', WAYLAND_DISPLAY: '' }
    const launcher = startLauncher(['--db', join(folder, 'nodisplay.db'), '--port', '0'], env)
    await launcher.waitFor(/Open http:\/\/127\.0\.0\.1:\d+/)
    expect(launcher.output()).toMatch(/^No display to open a window on/m)
    expect(launcher.output()).not.toContain('should not have been started')
  })

  it('stops the window gracefully on Ctrl+C, even when npm forwards a second SIGINT: live runs end cancelled', async () => {
    const dist = fakeElectron(
      'standin',
      `app="$1"; shift\nexec "${process.execPath}" --require "${REGISTER}" "$app/out/main/index.js" "$@"`,
    )
    const db = join(folder, 'ctrl-c.db')
    const controlFile = controlFileIn(folder)
    const launcher = startLauncher(['--db', db], {
      ELECTRON_OVERRIDE_DIST_PATH: dist,
      DISPLAY: ':99',
      NNWB_STANDIN_CONTROL_FILE: controlFile,
      NNWB_STANDIN_USER_DATA: join(folder, 'user-data'),
    })
    const control = await connectControl(controlFile, launcher.exited, launcher.output)
    const call = <T>(name: string, ...args: unknown[]) => control<T>('call', { name, args })
    const { runId } = await call<{ runId: number }>('launchRun', { ...QUICK_RUN, epochs: 200, name: 'ctrl-c' })
    for (let i = 0; i < 300 && (await call<RunSummary>('getRun', runId)).status !== 'running'; i++)
      await new Promise((done) => setTimeout(done, 100))

    process.kill(-(launcher.child.pid as number), 'SIGINT') // the terminal's Ctrl+C, to the whole job
    await new Promise((done) => setTimeout(done, 100))
    launcher.child.kill('SIGINT') // npm's forwarded copy, a moment later
    const code = await launcher.exited
    expect(storedStatus(db, runId), launcher.output()).toBe('cancelled')
    expect(code).toBe(0)
    expect(launcher.output()).toContain('Stopping NN Workbench')
  })

  it('stops the serve host gracefully on Ctrl+C in its terminal: live runs end cancelled, not failed', async () => {
    const db = join(folder, 'serve-ctrl-c.db')
    const launcher = startLauncher(['--serve', '--db', db, '--port', '0'], {})
    await launcher.waitFor(/Open http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/)
    const [, port, token] = /127\.0\.0\.1:(\d+)\/\?token=(\S+)/.exec(launcher.output()) as RegExpExecArray
    const { api, close } = connect(Number(port), token)
    const { runId } = await api.launchRun({ ...QUICK_RUN, epochs: 200, name: 'serve ctrl-c' })
    for (let i = 0; i < 300 && (await api.getRun(runId)).status !== 'running'; i++)
      await new Promise((done) => setTimeout(done, 100))
    close()

    // the terminal sends SIGINT to the whole job: the launcher, the host and (unless kept apart) its trainers
    process.kill(-(launcher.child.pid as number), 'SIGINT')
    await new Promise((done) => setTimeout(done, 100))
    launcher.child.kill('SIGINT') // npm's forwarded copy
    const code = await launcher.exited
    expect(storedStatus(db, runId), launcher.output()).toBe('cancelled')
    expect(code).toBe(0)
  })
})
