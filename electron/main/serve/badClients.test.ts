// Malformed frames, requests and addresses against a real host process: a bad client loses only itself.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { tempFolder, type TempFolder } from '../services/store/testing'
import {
  closeCode,
  connect,
  ENDED,
  frame,
  rawRequest,
  rawUpgrade,
  startHostProcess,
  waitForRuns,
  type HostProcess,
} from './testing'

const TEXT = 0x1
const CLOSE = 0x8
const MAX_MESSAGE_BYTES = 8 * 1024 * 1024

let folder: TempFolder
let host: HostProcess

beforeAll(async () => {
  folder = tempFolder()
  host = await startHostProcess(folder.file('frames.db'), ['--concurrency', '1'])
})

afterAll(async () => {
  host?.child.kill('SIGKILL')
  folder?.cleanup()
})

const closeWith = (code: number): Buffer => {
  const payload = Buffer.alloc(2)
  payload.writeUInt16BE(code)
  return payload
}

// each frame, and the close code RFC 6455 gives for it: 1007 invalid data, 1002 protocol error, 1009 too big
const BAD_FRAMES: Array<[string, Buffer, number]> = [
  ['a text frame that is not UTF-8', frame({ opcode: TEXT, payload: Buffer.from([0xff, 0xfe, 0xfd]) }), 1007],
  ['an unmasked client frame', frame({ opcode: TEXT, payload: Buffer.from('hello'), masked: false }), 1002],
  ['a reserved opcode', frame({ opcode: 0x3, payload: Buffer.from('x') }), 1002],
  ['RSV1 without compression', frame({ opcode: TEXT, payload: Buffer.from('{}'), rsv1: true }), 1002],
  ['close code 999', frame({ opcode: CLOSE, payload: closeWith(999) }), 1002],
  ['a frame over the payload limit', frame({ opcode: TEXT, payload: Buffer.alloc(MAX_MESSAGE_BYTES + 1, 0x20) }), 1009],
  // the 2-byte head, the 8-byte length and the mask: no payload at all
  ['a 14-byte header claiming 9 MB', frame({ opcode: TEXT, declaredLength: 9 * 1024 * 1024 }).subarray(0, 14), 1009],
]

it('drops only the client that sends a malformed frame, while a run keeps training', async () => {
  const watcher = connect(host.port, host.token)
  const { runId } = await watcher.api.launchRun({
    preset: 'keras-mlp',
    hidden: [32],
    lr: 0.1,
    batchSize: 16,
    // long enough (several seconds) to be mid-training through every frame below
    epochs: 40,
    trainLimit: 3000,
    validationSize: 300,
    testLimit: 200,
    name: 'keeps training',
  })
  const finished = waitForRuns(watcher.api, [runId], ENDED, 120_000)
  // the frames arrive while the trainer is mid-run, not before it starts
  await new Promise<void>((resolve) => {
    const stop = watcher.api.onMetrics(({ runId: id }) => {
      if (id !== runId) return
      stop()
      resolve()
    })
  })

  for (const [what, bytes, expectedCode] of BAD_FRAMES) {
    const raw = await rawUpgrade(host.port, host.token)
    expect(raw.status, what).toBe('HTTP/1.1 101 Switching Protocols')
    raw.socket.write(bytes)
    expect(closeCode(await raw.closed), what).toBe(expectedCode)
    expect(host.child.exitCode, `${what}: the host exited\n${host.output()}`).toBeNull()
    // a new client is answered, and the client that was already connected still is
    const fresh = connect(host.port, host.token)
    expect(await fresh.api.version(), what).toMatch(/^\d+\.\d+\.\d+/)
    fresh.close()
    expect((await watcher.api.getRun(runId)).status, what).toBe('running')
  }

  const run = (await finished).get(runId)
  expect(run?.status).toBe('finished')
  expect(run?.error).toBeNull()
  watcher.close()
})

it('answers a request that is not HTTP with 400 and keeps serving', async () => {
  expect(await rawRequest(host.port, '\x00\x01 not a request line\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /)
  const fresh = connect(host.port, host.token)
  expect(await fresh.api.version()).toMatch(/^\d+\.\d+\.\d+/)
  fresh.close()
})

it('answers an address with a broken %-escape with 400 and keeps serving', async () => {
  for (const path of ['/%', '/assets/%ZZ', '/%E0%A4%A']) {
    const response = await fetch(`http://127.0.0.1:${host.port}${path}?token=${host.token}`)
    expect(response.status, path).toBe(400)
    expect(await response.text(), path).toMatch(/broken %-escape/)
  }
  expect(host.child.exitCode, host.output()).toBeNull()
  expect((await fetch(`http://127.0.0.1:${host.port}/?token=${host.token}`)).status).toBe(200)
})

it('answers a request target that is not a path with 400, with or without the token', async () => {
  for (const target of ['http://[', `http://[?token=${host.token}`, '*']) {
    const answer = await rawRequest(
      host.port,
      `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nconnection: close\r\n\r\n`,
    )
    expect(answer, target).toMatch(/^HTTP\/1\.1 400 /)
  }
  expect(host.child.exitCode, host.output()).toBeNull()
  expect((await fetch(`http://127.0.0.1:${host.port}/?token=${host.token}`)).status).toBe(200)
})
