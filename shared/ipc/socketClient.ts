import {
  CHANNELS,
  unwrapResult,
  WorkbenchError,
  type CallName,
  type CallResult,
  type EventName,
  type WorkbenchApi,
  type WorkbenchEvents,
} from './workbench'

/** The part of a browser WebSocket (or the `ws` package's) this client uses. */
export interface SocketLike {
  readyState: number
  send(text: string): void
  close(): void
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void
}

const OPEN = 1
const EVENT_NAMES: EventName[] = ['runUpdated', 'runsDeleted', 'metrics', 'sweepUpdated']

/**
 * The workbench API over a WebSocket to the serve host: the same WorkbenchApi the Electron preload exposes, so the
 * renderer cannot tell the transports apart. Calls made before the socket opens wait for it.
 */
export function createSocketClient(socket: SocketLike): WorkbenchApi {
  let nextId = 1
  let closedReason: string | null = null
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  const listeners = new Map<EventName, Set<(payload: never) => void>>(EVENT_NAMES.map((name) => [name, new Set()]))
  const opened = new Promise<void>((resolve) => {
    if (socket.readyState === OPEN) resolve()
    else socket.addEventListener('open', () => resolve())
  })

  socket.addEventListener('message', (event) => {
    let message: { id?: unknown; result?: CallResult<unknown>; event?: EventName; payload?: unknown }
    try {
      message = JSON.parse(String(event.data)) as typeof message
    } catch {
      return
    }
    if (message.event && listeners.has(message.event)) {
      for (const listener of listeners.get(message.event) ?? []) (listener as (p: unknown) => void)(message.payload)
      return
    }
    const waiter = typeof message.id === 'number' ? pending.get(message.id) : undefined
    if (!waiter) return
    pending.delete(message.id as number)
    try {
      waiter.resolve(unwrapResult(message.result as CallResult<unknown>))
    } catch (error) {
      waiter.reject(error as Error)
    }
  })
  socket.addEventListener('close', () => {
    closedReason = 'the connection to the workbench host was closed; restart it and reload this page'
    for (const waiter of pending.values()) waiter.reject(new WorkbenchError(closedReason, 'ConnectionError'))
    pending.clear()
  })

  async function call(name: CallName, args: unknown[]): Promise<unknown> {
    await opened
    if (closedReason) throw new WorkbenchError(closedReason, 'ConnectionError')
    const id = nextId++
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject })
      socket.send(JSON.stringify({ id, call: name, args }))
    })
  }

  const calls = Object.fromEntries(
    (Object.keys(CHANNELS) as CallName[]).map((name) => [name, (...args: unknown[]) => call(name, args)]),
  )
  const subscriptions = Object.fromEntries(
    EVENT_NAMES.map((name) => [
      `on${name[0].toUpperCase()}${name.slice(1)}`,
      (listener: (payload: WorkbenchEvents[typeof name]) => void) => {
        const set = listeners.get(name) as Set<(payload: never) => void>
        set.add(listener as (payload: never) => void)
        return () => set.delete(listener as (payload: never) => void)
      },
    ]),
  )
  return { ...calls, ...subscriptions } as unknown as WorkbenchApi
}
