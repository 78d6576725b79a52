// Trainers as Electron utility processes: the TrainerSpawner the Electron host uses (the serve host and tests fork Node).
import { utilityProcess } from 'electron'
import type { Readable } from 'node:stream'
import { LineTail, type TrainerHandle, type TrainerSpawner } from './services/trainers/spawner'

const STDERR_LINES_KEPT = 20
// stderr can still be draining when 'exit' fires; wait this long at most for its end
const STDERR_DRAIN_MS = 200

/** `entry` is the built trainer, out/main/trainer.js (beside this file once bundled). */
export function utilityTrainerSpawner(entry: string, options: { maxOldSpaceMb?: number } = {}): TrainerSpawner {
  return {
    spawn(): TrainerHandle {
      const child = utilityProcess.fork(entry, [], {
        stdio: 'pipe',
        serviceName: 'NN Workbench trainer',
        // Electron keeps only an allow-list of Node switches in execArgv; V8's go through --js-flags
        execArgv: [`--js-flags=--max-old-space-size=${options.maxOldSpaceMb ?? 2048}`],
      })
      const stderr = new LineTail(STDERR_LINES_KEPT)
      const stream = child.stderr
      let stderrEnded = stream === null
      stream?.setEncoding('utf8')
      const onData = (chunk: string): void => stderr.push(chunk)
      stream?.on('data', onData)
      child.stdout?.resume() // nobody reads it; keep the pipe from filling up
      // V8's fatal errors (running out of heap among them) are reported here before the exit
      child.on('error', (type, location) => stderr.push(`${type}: ${location}\n`))

      const exitListeners: Array<(code: number | null, signal: string | null) => void> = []
      let exitCode: number | null = null
      let exited = false
      let reported = false
      const report = (): void => {
        if (reported) return
        reported = true
        for (const listener of exitListeners) listener(exitCode, null)
      }
      const onEnd = (): void => {
        stderrEnded = true
        if (exited) report()
      }
      stream?.on('end', onEnd)
      child.once('exit', (code) => {
        exited = true
        exitCode = code
        // Right after emitting 'exit', Electron calls removeAllListeners() on the stderr stream while the pipe into
        // it may still carry the crash reason: listen again once that has happened, so the last lines are kept.
        if (stream && !stderrEnded)
          queueMicrotask(() => {
            if (!stream.listeners('data').includes(onData)) stream.on('data', onData)
            if ((stream as Readable).readableEnded) onEnd()
            else if (!stream.listeners('end').includes(onEnd)) stream.on('end', onEnd)
          })
        if (stderrEnded) report()
        else setTimeout(report, STDERR_DRAIN_MS)
      })

      return {
        pid: child.pid,
        send: (message) => {
          if (!exited) child.postMessage(message)
        },
        onMessage: (listener) => child.on('message', listener),
        onExit: (listener) => exitListeners.push(listener),
        kill: () => {
          if (!exited) child.kill()
        },
        stderrTail: () => stderr.lines(),
      }
    },
  }
}
