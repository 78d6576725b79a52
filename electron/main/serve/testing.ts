// Helpers for tests that drive a serve host over its WebSocket, in-process or as a child process.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { connect as connectTcp, type Socket } from 'node:net'
import { join } from 'node:path'
import { WebSocket } from 'ws'
import type { RunSummary } from '../../../shared/runs/run'
import { createSocketClient, type SocketLike } from '../../../shared/ipc/socketClient'
import type { WorkbenchApi } from '../../../shared/ipc/workbench'

export const ENDED = (run: RunSummary): boolean => run.status !== 'queued' && run.status !== 'running'

export function connect(port: number, token: string): { api: WorkbenchApi; close(): void } {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/api?token=${token}`)
  // a refused or dropped connection reaches the client as 'close', which rejects its pending calls
  socket.on('error', () => {})
  return { api: createSocketClient(socket as unknown as SocketLike), close: () => socket.close() }
}

/** Resolves when every run in `runIds` has an update for which `done` holds. */
export function waitForRuns(
  api: WorkbenchApi,
  runIds: number[],
  done: (run: RunSummary) => boolean,
  timeoutMs = 60_000,
): Promise<Map<number, RunSummary>> {
  const settled = new Map<number, RunSummary>()
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe()
      reject(new Error(`runs ${runIds.filter((id) => !settled.has(id)).join(', ')} did not settle in ${timeoutMs} ms`))
    }, timeoutMs)
    const unsubscribe = api.onRunUpdated((run) => {
      if (runIds.includes(run.id) && done(run)) settled.set(run.id, run)
      if (settled.size === runIds.length) {
        clearTimeout(timer)
        unsubscribe()
        resolve(settled)
      }
    })
  })
}

export interface HostProcess {
  child: ChildProcess
  port: number
  token: string
  output: () => string
}

/**
 * Starts `npm run serve`'s entry from source as a separate process and waits for the URL it prints. It serves on a
 * free port unless `portArgs` says otherwise (`[]`: the port the database remembers, as a user's host would).
 */
export function startHostProcess(
  dbPath: string,
  extraArgs: string[] = [],
  portArgs: string[] = ['--port', '0'],
): Promise<HostProcess> {
  const entry = join(__dirname, 'index.ts')
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', entry, '--db', dbPath, ...portArgs, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${output}`)), 30_000)
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      const match = /Open http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve({ child, port: Number(match[1]), token: match[2], output: () => output })
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`host exited with ${code}:\n${output}`))
    })
  })
}

/** A TCP connection to the host after a WebSocket handshake done by hand, for frames no WebSocket library sends. */
export interface RawSocket {
  socket: Socket
  /** The status line of the host's answer to the handshake, e.g. `HTTP/1.1 101 Switching Protocols`. */
  status: string
  /** Every byte the host sends after the handshake, once it closes the connection. */
  closed: Promise<Buffer>
}

export function rawUpgrade(port: number, token: string, host = `127.0.0.1:${port}`): Promise<RawSocket> {
  const socket = connectTcp(port, '127.0.0.1')
  const request = [
    `GET /api?token=${token} HTTP/1.1`,
    `Host: ${host}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    'Sec-WebSocket-Version: 13',
    '',
    '',
  ].join('\r\n')
  socket.write(request)
  // a write into a connection the host has dropped is expected here, not a failure of the test
  socket.on('error', () => {})
  let buffered = Buffer.alloc(0)
  let head: string | null = null
  let settleClosed: (bytes: Buffer) => void = () => {}
  const closed = new Promise<Buffer>((resolve) => (settleClosed = resolve))
  return new Promise((resolve, reject) => {
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk])
      if (head !== null) return
      const end = buffered.indexOf('\r\n\r\n')
      if (end < 0) return
      head = buffered.subarray(0, end).toString('latin1')
      buffered = buffered.subarray(end + 4)
      resolve({ socket, status: head.split('\r\n')[0], closed })
    })
    socket.on('close', () => {
      if (head === null) reject(new Error(`the host closed the connection before answering the handshake`))
      settleClosed(buffered)
    })
  })
}

/** One client frame; masked unless told otherwise, as RFC 6455 requires of clients. */
export function frame(options: {
  opcode: number
  payload?: Buffer
  rsv1?: boolean
  masked?: boolean
  /** A length to declare instead of the payload's own (for a header that lies). */
  declaredLength?: number
}): Buffer {
  const payload = options.payload ?? Buffer.alloc(0)
  const length = options.declaredLength ?? payload.length
  const masked = options.masked ?? true
  const first = 0x80 | (options.rsv1 ? 0x40 : 0) | options.opcode
  const maskBit = masked ? 0x80 : 0
  let header: Buffer
  if (length < 126) header = Buffer.from([first, maskBit | length])
  else if (length < 65536) {
    header = Buffer.from([first, maskBit | 126, 0, 0])
    header.writeUInt16BE(length, 2)
  } else {
    header = Buffer.from([first, maskBit | 127, 0, 0, 0, 0, 0, 0, 0, 0])
    header.writeBigUInt64BE(BigInt(length), 2)
  }
  if (!masked) return Buffer.concat([header, payload])
  const mask = randomBytes(4)
  const body = Buffer.from(payload)
  for (let i = 0; i < body.length; i++) body[i] ^= mask[i % 4]
  return Buffer.concat([header, mask, body])
}

/** The status code of the close frame among the host's frames (events may come first), or null when it sent none. */
export function closeCode(bytes: Buffer): number | null {
  let at = 0
  while (at + 2 <= bytes.length) {
    const opcode = bytes[at] & 0x0f
    let length = bytes[at + 1] & 0x7f
    let start = at + 2
    if (length === 126) {
      length = bytes.readUInt16BE(at + 2)
      start += 2
    } else if (length === 127) {
      length = Number(bytes.readBigUInt64BE(at + 2))
      start += 8
    }
    if (opcode === 0x8) return length >= 2 ? bytes.readUInt16BE(start) : null
    at = start + length
  }
  return null
}

/** Sends bytes as they are (no HTTP client would send them); resolves with all the host answers once it closes. */
export function rawRequest(port: number, bytes: string): Promise<string> {
  const socket = connectTcp(port, '127.0.0.1')
  socket.on('error', () => {})
  const chunks: Buffer[] = []
  socket.on('data', (chunk: Buffer) => chunks.push(chunk))
  socket.write(bytes, 'latin1')
  return new Promise((resolve) => socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8'))))
}
