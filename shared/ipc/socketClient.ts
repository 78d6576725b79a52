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

/** `connecting` until the first open; `lost` from a drop until a new socket opens. */
export type ConnectionState = 'connecting' | 'open' | 'lost'

/** What the window shows about its link to the host. */
export interface Connection {
  state(): ConnectionState
  onChange(listener: (state: ConnectionState) => void): () => void
}

export interface SocketClient {
  api: WorkbenchApi
  connection: Connection
  /** Closes the socket and stops reconnecting. */
  close(): void
}

export interface ReconnectOptions {
  /** Waits before each new attempt; the last repeats. */
  delaysMs?: number[]
}

const OPEN = 1
const EVENT_NAMES: EventName[] = ['runUpdated', 'runsDeleted', 'metrics', 'sweepUpdated']
// quick at first, for a host that is restarting; then every few seconds, for one that is not
const BACKOFF_MS = [250, 500, 1000, 2000, 4000, 5000]
const CLOSED = 'the connection to the workbench host was closed; restart it and reload this page'
const LOST = 'the connection to the workbench host is lost; reconnecting…'

type Waiter = { resolve: (v: unknown) => void; reject: (e: Error) => void }

/**
 * The workbench API over a WebSocket to the serve host: the same WorkbenchApi the Electron preload exposes, so the
 * renderer cannot tell the transports apart. Calls made before the socket opens wait for it. One socket: once it
 * closes, every call fails with a ConnectionError.
 */
export function createSocketClient(socket: SocketLike): WorkbenchApi {
  let first = true
  return connectSocketClient(() => {
    if (!first) throw new Error('a single-socket client does not reconnect')
    first = false
    return socket
  }, null).api
}

/**
 * As createSocketClient, but a dropped socket is replaced: `openSocket` is called again after a backoff until a new
 * one opens. While the link is lost, calls fail at once with a ConnectionError (the window shows why); event
 * listeners stay subscribed across sockets.
 */
export function connectSocketClient(openSocket: () => SocketLike, options: ReconnectOptions | null = {}): SocketClient {
  const delays = options === null ? null : (options.delaysMs ?? BACKOFF_MS)
  let nextId = 1
  let state: ConnectionState = 'connecting'
  let stopped = false
  let attempts = 0
  let retry: ReturnType<typeof setTimeout> | null = null
  let current: SocketLike | null = null
  const pending = new Map<number, Waiter>()
  // calls made before the first socket opens
  const early: Array<{ go: () => void; fail: (e: Error) => void }> = []
  const listeners = new Map<EventName, Set<(payload: never) => void>>(EVENT_NAMES.map((name) => [name, new Set()]))
  const stateListeners = new Set<(state: ConnectionState) => void>()

  const setState = (next: ConnectionState): void => {
    if (next === state) return
    state = next
    for (const listener of [...stateListeners]) listener(next)
  }

  const receive = (event: { data: unknown }): void => {
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
  }

  const dropped = (socket: SocketLike): void => {
    if (socket !== current) return
    current = null
    const reason = new WorkbenchError(delays && !stopped ? LOST : CLOSED, 'ConnectionError')
    for (const waiter of pending.values()) waiter.reject(reason)
    pending.clear()
    for (const call of early.splice(0)) call.fail(reason)
    setState('lost')
    if (!delays || stopped) {
      stopped = true
      return
    }
    const delay = delays[Math.min(attempts, delays.length - 1)]
    attempts++
    retry = setTimeout(open, delay)
  }

  function open(): void {
    retry = null
    if (stopped) return
    let socket: SocketLike
    try {
      socket = openSocket()
    } catch {
      stopped = true
      setState('lost')
      return
    }
    current = socket
    const opened = (): void => {
      if (socket !== current) return
      attempts = 0
      setState('open')
      for (const call of early.splice(0)) call.go()
    }
    if (socket.readyState === OPEN) queueMicrotask(opened)
    else socket.addEventListener('open', opened)
    socket.addEventListener('message', receive)
    socket.addEventListener('close', () => dropped(socket))
  }

  function send(name: CallName, args: unknown[]): Promise<unknown> {
    const socket = current
    if (state !== 'open' || !socket) {
      return Promise.reject(new WorkbenchError(delays && !stopped ? LOST : CLOSED, 'ConnectionError'))
    }
    const id = nextId++
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject })
      socket.send(JSON.stringify({ id, call: name, args }))
    })
  }

  function call(name: CallName, args: unknown[]): Promise<unknown> {
    if (state !== 'connecting') return send(name, args)
    return new Promise((resolve, reject) => {
      early.push({ go: () => send(name, args).then(resolve, reject), fail: reject })
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
  open()
  return {
    api: { ...calls, ...subscriptions } as unknown as WorkbenchApi,
    connection: {
      state: () => state,
      onChange: (listener) => {
        stateListeners.add(listener)
        return () => stateListeners.delete(listener)
      },
    },
    close: () => {
      stopped = true
      if (retry) clearTimeout(retry)
      current?.close()
    },
  }
}
