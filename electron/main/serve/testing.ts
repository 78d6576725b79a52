// Helpers for tests that drive a serve host over its WebSocket, in-process or as a child process.
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { WebSocket } from 'ws'
import type { RunSummary } from '../../../shared/runs/run'
import { createSocketClient, type SocketLike } from '../../../shared/ipc/socketClient'
import type { WorkbenchApi } from '../../../shared/ipc/workbench'

export const ENDED = (run: RunSummary): boolean => run.status !== 'queued' && run.status !== 'running'

export function connect(port: number, token: string): { api: WorkbenchApi; close(): void } {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/api?token=${token}`)
  return { api: createSocketClient(socket as unknown as SocketLike), close: () => socket.close() }
}

/** Resolves when every run in `runIds` has an update for which `done` holds. */
export function waitForRuns(
  api: WorkbenchApi,
  runIds: number[],
  done: (run: RunSummary) => boolean,
  timeoutMs = 60_000,
): Promise<Map<number, RunSummary>> {
  const settled = new Map<number, RunSummary>()
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe()
      reject(new Error(`runs ${runIds.filter((id) => !settled.has(id)).join(', ')} did not settle in ${timeoutMs} ms`))
    }, timeoutMs)
    const unsubscribe = api.onRunUpdated((run) => {
      if (runIds.includes(run.id) && done(run)) settled.set(run.id, run)
      if (settled.size === runIds.length) {
        clearTimeout(timer)
        unsubscribe()
        resolve(settled)
      }
    })
  })
}

export interface HostProcess {
  child: ChildProcess
  port: number
  token: string
  output: () => string
}

/** Starts `npm run serve`'s entry from source as a separate process and waits for the URL it prints. */
export function startHostProcess(dbPath: string, extraArgs: string[] = []): Promise<HostProcess> {
  const entry = join(__dirname, 'index.ts')
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', entry, '--db', dbPath, '--port', '0', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${output}`)), 30_000)
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      const match = /Open http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve({ child, port: Number(match[1]), token: match[2], output: () => output })
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`host exited with ${code}:\n${output}`))
    })
  })
}
