import { randomBytes } from 'node:crypto'
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, STATUS_CODES, type ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { pipeline } from 'node:stream'
import { join, resolve } from 'node:path'
import { WebSocketServer, type WebSocket } from 'ws'
import { quoteInput } from '../../../shared/format'
import type { WorkbenchCalls } from '../../../shared/ipc/workbench'
import type { EventBus } from '../services/events'
import { checkAccess, cookieName } from './access'
import { rendererFile } from '../services/rendererFiles'
import { answer } from './protocol'

export interface ServeOptions {
  calls: WorkbenchCalls
  events: EventBus
  /** The built renderer (out/renderer). */
  rendererDir: string
  /** 0 picks a free port. */
  port?: number
  /** When `port` is taken, serve on a free one instead of failing. */
  fallbackToFreePort?: boolean
  /** Fixed token for tests; a random one per launch otherwise. */
  token?: string
  /** Where the host reports faults it survives (a refused accept, say); console.error by default. */
  log?: (message: string) => void
}

export interface ServeHost {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

const MAX_MESSAGE_BYTES = 8 * 1024 * 1024

/**
 * The headless host: serves the built renderer and the workbench API over WebSocket, on 127.0.0.1 only.
 * Every request needs the token (kept per database by the caller), from `?token=` or the cookie a page load sets.
 */
export function startServeHost(options: ServeOptions): Promise<ServeHost> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  const root = resolve(options.rendererDir)
  if (!existsSync(join(root, 'index.html'))) {
    return Promise.reject(
      new Error(`the renderer is not built (${join(root, 'index.html')} is missing): run npm run build`),
    )
  }
  let port = 0
  const server = createServer((request, response) => {
    // a client that goes away mid-request costs only its own request
    request.on('error', () => request.destroy())
    response.on('error', () => response.destroy())
    const access = checkAccess(request, port, token)
    if ('reason' in access) {
      response.writeHead(access.status, { 'content-type': 'text/plain; charset=utf-8' })
      response.end(`NN Workbench: ${access.reason}.\n`)
      return
    }
    serveFile(root, access.url, response, token, port)
  })

  // what Node does without a listener, stated here: a request that is not HTTP gets 400 and its connection ends
  server.on('clientError', (_error, socket: Duplex) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n')
    else socket.destroy()
  })

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })
  // with noServer the ws server listens on nothing; a handler keeps any error it reports from ending the host
  sockets.on('error', () => {})
  server.on('upgrade', (request, socket, head) => {
    socket.on('error', () => socket.destroy())
    const access = checkAccess(request, port, token)
    const origin = request.headers.origin
    // a page on another site must not drive the workbench through the user's browser
    const sameOrigin = origin === undefined || origin === `http://${request.headers.host}`
    const refusal =
      'reason' in access
        ? access
        : !sameOrigin
          ? { status: 403, reason: `a page from ${quoteInput(origin ?? '')} may not use the workbench` }
          : access.url.pathname !== '/api'
            ? { status: 404, reason: 'the workbench API is at /api' }
            : null
    if (refusal) {
      const body = `NN Workbench: ${refusal.reason}.\n`
      socket.end(
        `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status]}\r\ncontent-type: text/plain; charset=utf-8\r\n` +
          `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      )
      return
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request))
  })
  sockets.on('connection', (ws: WebSocket) => {
    // a malformed frame: ws has already sent its close code (1002, 1007, 1009) and is ending this connection only
    ws.on('error', () => {})
    ws.on('message', (data) => void answer(ws, options.calls, data.toString()))
  })
  const unsubscribe = options.events.subscribe((event, payload) => {
    const text = JSON.stringify({ event, payload })
    for (const client of sockets.clients) if (client.readyState === client.OPEN) client.send(text)
  })

  return new Promise((resolvePromise, reject) => {
    const onListenError = (error: NodeJS.ErrnoException): void => {
      if (error.code === 'EADDRINUSE' && options.fallbackToFreePort && options.port) server.listen(0, '127.0.0.1')
      else reject(error)
    }
    server.on('error', onListenError)
    server.listen(options.port ?? 0, '127.0.0.1')
    server.once('listening', () => {
      server.off('error', onListenError)
      // once listening, an error is a refused accept (too many open files, say): that client only
      server.on('error', (error) => (options.log ?? console.error)(`the serve host: ${error.message}`))
      const address = server.address()
      port = typeof address === 'object' && address ? address.port : 0
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

function serveFile(root: string, url: URL, response: ServerResponse, token: string, port: number): void {
  const file = rendererFile(root, url.pathname)
  if ('status' in file || !existsSync(file.path) || !statSync(file.path).isFile()) {
    const refused = 'status' in file ? file : { status: 404, reason: 'not found' }
    response.writeHead(refused.status, { 'content-type': 'text/plain; charset=utf-8' })
    response.end(refused.status === 404 ? 'not found\n' : `NN Workbench: ${refused.reason}.\n`)
    return
  }
  const headers: Record<string, string> = { 'content-type': file.contentType, 'cache-control': 'no-store' }
  if (url.searchParams.has('token'))
    headers['set-cookie'] = `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`
  response.writeHead(200, headers)
  // pipeline closes the file and the response together when either fails (a vanished file, a client gone)
  pipeline(createReadStream(file.path), response, () => {})
}
