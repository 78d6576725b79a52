// The two transports a trainer can be started with, behind the Port that runTrainer talks to.
import type { FromTrainer } from '../../shared/ipc/trainer'
import type { Port } from './trainerMain'

/** What Electron gives a utility process as `process.parentPort` (typed here so the trainer never imports electron). */
export interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown
  postMessage(message: unknown): void
}

/** The port of whichever way this process was started, or null when it was started by hand. */
export function detectPort(proc: NodeJS.Process = process): Port | null {
  const parentPort = (proc as { parentPort?: ParentPortLike }).parentPort
  if (parentPort) return utilityPort(parentPort)
  if (proc.send) return forkPort(proc)
  return null
}

/** Electron utilityProcess.fork: messages through parentPort, the payload in `event.data`. */
export function utilityPort(parentPort: ParentPortLike): Port {
  return {
    post: (message) => parentPort.postMessage(message),
    onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
    // postMessage has no completion callback; a moment lets the last messages leave before the process goes
    exit: (code) => setTimeout(() => process.exit(code), 100),
  }
}

/** Node child_process.fork: process.send / process.on('message'); exits only once every send has completed. */
export function forkPort(proc: NodeJS.Process): Port {
  let pending = 0
  let exitCode: number | null = null
  const exitWhenSent = (): void => {
    if (exitCode !== null && pending === 0) proc.exit(exitCode)
  }
  // the host is gone (crashed or killed): nobody is left to report to
  proc.on('disconnect', () => proc.exit(exitCode ?? 1))
  return {
    post: (message: FromTrainer) => {
      if (!proc.connected) return
      pending += 1
      proc.send!(message, undefined, undefined, () => {
        pending -= 1
        exitWhenSent()
      })
    },
    onMessage: (listener) => proc.on('message', listener),
    exit: (code) => {
      exitCode = code
      exitWhenSent()
    },
  }
}
