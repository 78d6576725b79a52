// Starts the built Electron shell (out/main/index.js) under the electron stand-in, as a separate Node process, and
// talks to it through the stand-in's control channel.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const ROOT = resolve(__dirname, '..', '..', '..')
export const REGISTER = join(__dirname, 'register.cjs')
export const SHELL_ENTRY = join(ROOT, 'out', 'main', 'index.js')

export interface Shell {
  child: ChildProcess
  control<T = unknown>(route: string, body?: unknown): Promise<T>
  /** Resolves with the exit code (or the signal's name) when the shell process has gone. */
  exited: Promise<number | string>
  output(): string
}

/** Resolves once `file` exists, failing early when `gone` settles first. */
export async function waitForFile(
  file: string,
  gone: Promise<unknown>,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  let ended = false
  void gone.then(() => (ended = true))
  const deadline = Date.now() + timeoutMs
  while (!existsSync(file)) {
    if (ended) throw new Error(`${what}: the process exited first`)
    if (Date.now() > deadline) throw new Error(`${what}: not there after ${timeoutMs} ms`)
    await new Promise((done) => setTimeout(done, 50))
  }
}

/** The stand-in's control channel of a shell that writes its port to `controlFile`, once its page is up. */
export async function connectControl(
  controlFile: string,
  exited: Promise<unknown>,
  output: () => string,
): Promise<Shell['control']> {
  await waitForFile(controlFile, exited, "the shell's control channel").catch((error: Error) => {
    throw new Error(`${error.message}\n${output()}`)
  })
  const port = Number(readFileSync(controlFile, 'utf8'))
  const control = async <T>(route: string, body?: unknown): Promise<T> => {
    const response = await fetch(`http://127.0.0.1:${port}/${route}`, {
      method: 'POST',
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const answer = (await response.json()) as { ok: true; value: T } | { ok: false; error: string }
    if (!answer.ok) throw new Error(answer.error)
    return answer.value
  }
  // the page (and with it window.workbench) loads after the control channel is up
  for (let i = 0; ; i++) {
    const state = await control<{ windows: Array<{ exposed: string[] }> }>('state')
    if (state.windows.some((window) => window.exposed.includes('workbench'))) return control
    if (i === 300) throw new Error(`the window never got window.workbench:\n${output()}`)
    await new Promise((done) => setTimeout(done, 50))
  }
}

export function controlFileIn(folder: string): string {
  return join(folder, `control-${Date.now()}-${Math.random().toString(36).slice(2)}`)
}

export async function startShell(options: { folder: string; args: string[]; env?: NodeJS.ProcessEnv }): Promise<Shell> {
  const controlFile = controlFileIn(options.folder)
  const child = spawn(process.execPath, ['--require', REGISTER, SHELL_ENTRY, ...options.args], {
    cwd: ROOT,
    env: {
      ...process.env,
      NNWB_STANDIN_USER_DATA: join(options.folder, 'user-data'),
      ...options.env,
      NNWB_STANDIN_CONTROL_FILE: controlFile,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.on('error', (error) => (output += `spawn error: ${error.message}\n`))
  const exited = new Promise<number | string>((done) =>
    child.on('exit', (code, signal) => done(code ?? signal ?? 'unknown')),
  )
  const control = await connectControl(controlFile, exited, () => output)
  return { child, control, exited, output: () => output }
}
