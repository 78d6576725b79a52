import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { WebSocketServer, type WebSocket } from 'ws'
import type { WorkbenchCalls } from '../../../shared/ipc/workbench'
import { dispatchCall } from '../services/dispatch'
import type { EventBus } from '../services/events'

export interface ServeOptions {
  calls: WorkbenchCalls
  events: EventBus
  /** The built renderer (out/renderer). */
  rendererDir: string
  /** 0 picks a free port. */
  port?: number
  /** Fixed token for tests; a random one per launch otherwise. */
  token?: string
}

export interface ServeHost {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}

const COOKIE = 'nnwb_token'
const MAX_MESSAGE_BYTES = 8 * 1024 * 1024

/**
 * The headless host: serves the built renderer and the workbench API over WebSocket, on 127.0.0.1 only.
 * Every request needs the per-launch token, from the URL (`?token=`) or the cookie the first page load sets.
 */
export function startServeHost(options: ServeOptions): Promise<ServeHost> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  const root = resolve(options.rendererDir)
  if (!existsSync(join(root, 'index.html'))) {
    return Promise.reject(
      new Error(`the renderer is not built (${join(root, 'index.html')} is missing): run npm run build`),
    )
  }
  const authorized = (request: IncomingMessage): boolean => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    const given = url.searchParams.get('token') ?? cookieValue(request.headers.cookie, COOKIE)
    return given !== null && sameSecret(given, token)
  }

  const server = createServer((request, response) => {
    if (!authorized(request)) {
      response.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' })
      response.end('NN Workbench: this address needs the token printed when the host started (…/?token=…).\n')
      return
    }
    serveFile(root, request, response, token)
  })

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })
  server.on('upgrade', (request, socket, head) => {
    const origin = request.headers.origin
    const host = request.headers.host
    // a page on another site must not drive the workbench through the user's browser
    const sameOrigin = origin === undefined || origin === `http://${host}`
    if (!authorized(request) || !sameOrigin || new URL(request.url ?? '/', 'http://x').pathname !== '/api') {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n')
      socket.destroy()
      return
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request))
  })
  sockets.on('connection', (ws: WebSocket) => {
    ws.on('message', (data) => void answer(ws, options.calls, data.toString()))
  })
  const unsubscribe = options.events.subscribe((event, payload) => {
    const text = JSON.stringify({ event, payload })
    for (const client of sockets.clients) if (client.readyState === client.OPEN) client.send(text)
  })

  return new Promise((resolvePromise, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      resolvePromise({
        url: `http://127.0.0.1:${port}/?token=${token}`,
        port,
        token,
        close: () =>
          new Promise<void>((done) => {
            unsubscribe()
            for (const client of sockets.clients) client.terminate()
            sockets.close()
            server.close(() => done())
            server.closeAllConnections()
          }),
      })
    })
  })
}

/** One request from a window: `{ id, call, args }` → `{ id, result }`, where result is ok/value or ok:false/error. */
async function answer(ws: WebSocket, calls: WorkbenchCalls, text: string): Promise<void> {
  let id: unknown = null
  let message: { id?: unknown; call?: unknown; args?: unknown }
  try {
    message = JSON.parse(text) as typeof message
    if (typeof message !== 'object' || message === null) throw new Error('not an object')
  } catch {
    ws.send(
      JSON.stringify({
        id,
        result: {
          ok: false,
          error: { name: 'ProtocolError', message: 'the host received a message that is not JSON' },
        },
      }),
    )
    return
  }
  id = typeof message.id === 'number' ? message.id : null
  const result = await dispatchCall(calls, message.call, message.args)
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, result }))
}

function serveFile(root: string, request: IncomingMessage, response: ServerResponse, token: string): void {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1')
  const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '')
  const path = normalize(join(root, relative))
  if (!(path === root || path.startsWith(root + sep)) || !existsSync(path) || !statSync(path).isFile()) {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
    response.end('not found\n')
    return
  }
  const headers: Record<string, string> = {
    'content-type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
    'cache-control': 'no-store',
  }
  if (url.searchParams.has('token')) headers['set-cookie'] = `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`
  response.writeHead(200, headers)
  createReadStream(path).pipe(response)
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return rest.join('=')
  }
  return null
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}
