// How the scheduler starts a trainer process: an interface, and its Node implementation (child_process.fork).
// The Electron one (utilityProcess.fork) lives in electron/main/utilityTrainer.ts, the only place that may import electron.
import { fork } from 'node:child_process'
import type { ToTrainer } from '../../../../shared/ipc/trainer'

export interface TrainerSpawner {
  spawn(): TrainerHandle
}

/** One trainer process as the scheduler sees it. Messages arrive unchecked: the scheduler validates them. */
export interface TrainerHandle {
  send(message: ToTrainer): void
  onMessage(listener: (message: unknown) => void): void
  /** Called once, after the process has gone and its stderr is read to the end. */
  onExit(listener: (code: number | null, signal: string | null) => void): void
  /** Ends the process at once (SIGKILL where there is a choice). */
  kill(): void
  /** The last lines the process wrote to stderr, oldest first: the best witness of a crash. */
  stderrTail?(): string[]
  pid?: number
}

/** Run the TypeScript entry directly under tsx (tests, the dev CLI); the built trainer needs none. */
export const TSX_EXEC_ARGV = ['--require', 'tsx/cjs']

export interface NodeSpawnerOptions {
  /** Heap limit of each trainer in MB; typed-array data (the dataset, the weights) lives outside it. */
  maxOldSpaceMb?: number
  env?: NodeJS.ProcessEnv
}

const STDERR_LINES_KEPT = 20

/** Trainers as Node child processes: `entry` is out/main/trainer.js, or electron/trainer/index.ts with TSX_EXEC_ARGV. */
export function nodeTrainerSpawner(
  entry: string,
  execArgv: string[] = [],
  options: NodeSpawnerOptions = {},
): TrainerSpawner {
  const heapFlag = `--max-old-space-size=${options.maxOldSpaceMb ?? 2048}`
  return {
    spawn(): TrainerHandle {
      const child = fork(entry, [], {
        execArgv: [...execArgv, heapFlag],
        serialization: 'advanced',
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        env: options.env ?? process.env,
      })
      const stderr = new LineTail(STDERR_LINES_KEPT)
      child.stderr?.setEncoding('utf8')
      child.stderr?.on('data', (chunk: string) => stderr.push(chunk))
      const exitListeners: Array<(code: number | null, signal: string | null) => void> = []
      let exited = false
      const reportExit = (code: number | null, signal: string | null): void => {
        if (exited) return
        exited = true
        for (const listener of exitListeners) listener(code, signal)
      }
      child.once('close', reportExit)
      // without a listener, a failed spawn (bad entry path, no executable) would be an uncaught 'error' in the host
      child.on('error', (error) => {
        stderr.push(`${error.message}\n`)
        if (child.pid === undefined) reportExit(null, null)
      })
      return {
        pid: child.pid,
        send: (message) => {
          // a send to a process that just died fails; its exit is reported through onExit
          if (child.connected) child.send(message, (error) => error && stderr.push(`send failed: ${error.message}\n`))
        },
        onMessage: (listener) => child.on('message', listener),
        onExit: (listener) => exitListeners.push(listener),
        kill: () => child.kill('SIGKILL'),
        stderrTail: () => stderr.lines(),
      }
    },
  }
}

/** Keeps the last few lines of a text stream. */
export class LineTail {
  private readonly kept: string[] = []
  private partial = ''

  constructor(private readonly max: number) {}

  push(chunk: string): void {
    const parts = (this.partial + chunk).split(/\r?\n/)
    this.partial = parts.pop() ?? ''
    for (const line of parts) if (line.trim()) this.keep(line)
    // a line with no end in sight (a huge dump) must not grow without bound
    if (this.partial.length > 4000) {
      this.keep(this.partial.slice(0, 4000))
      this.partial = ''
    }
  }

  lines(): string[] {
    return this.partial.trim() ? [...this.kept, this.partial] : [...this.kept]
  }

  private keep(line: string): void {
    this.kept.push(line)
    if (this.kept.length > this.max) this.kept.shift()
  }
}
