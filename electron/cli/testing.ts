// Helpers for the CLI's end-to-end tests: a command as a real child process, started as `npm run` starts it.
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))

export interface Finished {
  code: number | null
  stdout: string
  stderr: string
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv
  /** Its own process group, as a terminal's foreground job is: signal the whole group with process.kill(-pid). */
  detached?: boolean
  /** May act on the output so far (to send a signal, say). */
  onStdout?: (soFar: string, child: ChildProcess) => void
}

/** Runs `electron/cli/<command>.ts` with `args` to the end. */
export function runCli(command: string, args: string[], options: CliOptions = {}): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join('electron', 'cli', `${command}.ts`), ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env ?? process.env,
      detached: options.detached ?? false,
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
      options.onStdout?.(stdout, child)
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

export const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '')
