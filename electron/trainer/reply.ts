import type { FromTrainer } from '../../shared/ipc/trainer'

/** The trainer's answer to one message from main, or undefined when there is nothing to say. */
export function reply(message: unknown): FromTrainer | undefined {
  const type = typeof message === 'object' && message !== null ? (message as { type?: unknown }).type : undefined
  return type === 'ping' ? { type: 'pong' } : undefined
}
