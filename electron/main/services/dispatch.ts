import { kindOfInput, quoteInput } from '../../../shared/format'
import { callSchemas, parseOrExplain } from '../../../shared/ipc/schemas'
import {
  CHANNELS,
  toErrorData,
  type CallName,
  type CallResult,
  type WorkbenchCalls,
} from '../../../shared/ipc/workbench'

function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(CHANNELS, name)
}

/**
 * Runs one call from a window, whatever the transport: checks the name, validates the arguments where they
 * arrive, and turns any failure into data with a sentence to show. Never throws.
 */
export async function dispatchCall(calls: WorkbenchCalls, name: unknown, args: unknown): Promise<CallResult<unknown>> {
  try {
    if (typeof name !== 'string') throw new Error(`a call must be named by text, got ${kindOfInput(name)}`)
    if (!isCallName(name)) throw new Error(`there is no call named ${quoteInput(name)}`)
    const parsed = parseOrExplain(callSchemas[name], args, CHANNELS[name]) as unknown[]
    const method = calls[name] as (...a: unknown[]) => Promise<unknown>
    return { ok: true, value: await method.apply(calls, parsed) }
  } catch (error) {
    return { ok: false, error: toErrorData(error) }
  }
}
