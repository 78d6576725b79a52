import type { WebSocket } from 'ws'
import { kindOfInput } from '../../../shared/format'
import type { WorkbenchCalls } from '../../../shared/ipc/workbench'
import { dispatchCall } from '../services/dispatch'

/** An id is echoed back exactly, so it is kept short enough to echo. */
const MAX_ID_CHARS = 200

type MessageId = number | string | null
type Message = { id: MessageId; call: unknown; args: unknown } | { id: MessageId; problem: string }

/**
 * One request from a window: `{ id, call, args }` → `{ id, result }`, where result is ok/value or ok:false/error.
 * The id may be a number or a short text; a message the host cannot answer by its id gets a ProtocolError.
 */
export async function answer(ws: WebSocket, calls: WorkbenchCalls, text: string): Promise<void> {
  const message = parseMessage(text)
  const result =
    'problem' in message
      ? { ok: false, error: { name: 'ProtocolError', message: message.problem } }
      : await dispatchCall(calls, message.call, message.args)
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: message.id, result }))
}

function parseMessage(text: string): Message {
  let message: unknown
  try {
    message = JSON.parse(text)
  } catch {
    return { id: null, problem: 'the host received a message that is not JSON' }
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message))
    return { id: null, problem: 'the host received JSON that is not a message ({ "id", "call", "args" })' }
  const { id, call, args } = message as { id?: unknown; call?: unknown; args?: unknown }
  if (id === undefined || id === null) return { id: null, call, args }
  if ((typeof id === 'number' && Number.isFinite(id)) || (typeof id === 'string' && id.length <= MAX_ID_CHARS))
    return { id, call, args }
  // the call is not run: its answer could not be told apart from any other
  return {
    id: null,
    problem: `a message's "id" must be a number or a text of at most ${MAX_ID_CHARS} characters, got ${typeof id === 'number' ? String(id) : kindOfInput(id)}; the call was not run`,
  }
}
