// The serve host end to end over real sockets: token, origin, static files, the API with real forked trainers.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import type { RunSummary } from '../../../shared/runs/run'
import { createSocketClient, type SocketLike } from '../../../shared/ipc/socketClient'
import type { WorkbenchApi } from '../../../shared/ipc/workbench'
import { tempFolder, type TempFolder } from '../services/store/testing'
import { nodeTrainerSpawner, TSX_EXEC_ARGV } from '../services/trainers/spawner'
import { openWorkbench, type Workbench } from '../services/workbench'
import { startServeHost, type ServeHost } from './server'
import { rawRequest, rawUpgrade } from './testing'

const TRAINER = join(__dirname, '../../trainer/index.ts')
// small and quick, yet well above chance: 2 epochs of batch 16 over 600 images
const SMALL = { hidden: [32], lr: 0.1, batchSize: 16, epochs: 2, trainLimit: 600, validationSize: 300, testLimit: 200 }

let folder: TempFolder
let workbench: Workbench
let host: ServeHost
let api: WorkbenchApi
let socket: WebSocket

beforeAll(async () => {
  folder = tempFolder()
  const rendererDir = join(folder.dir, 'renderer')
  mkdirSync(rendererDir)
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>NN Workbench</title>')
  workbench = openWorkbench({
    dbPath: folder.file('workbench.db'),
    spawner: nodeTrainerSpawner(TRAINER, TSX_EXEC_ARGV),
    concurrency: 2,
  })
  host = await startServeHost({ calls: workbench.calls, events: workbench.events, rendererDir })
  socket = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`)
  api = createSocketClient(socket as unknown as SocketLike)
})

afterAll(async () => {
  socket.close()
  await host.close()
  await workbench.close()
  folder.cleanup()
})

function waitForRun(runId: number, done: (run: RunSummary) => boolean, timeoutMs = 30_000): Promise<RunSummary> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`run ${runId} did not settle in ${timeoutMs} ms`)), timeoutMs)
    const unsubscribe = api.onRunUpdated((run) => {
      if (run.id === runId && done(run)) {
        clearTimeout(timer)
        unsubscribe()
        resolve(run)
      }
    })
  })
}

const protocolError = (message: string): object => ({
  id: null,
  result: { ok: false, error: { name: 'ProtocolError', message } },
})

/** Sends raw messages over a fresh socket and resolves with one reply each, in order. */
async function rawExchange(messages: string[]): Promise<Array<{ text: string; json: unknown }>> {
  const raw = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`)
  await new Promise((resolve) => raw.on('open', resolve))
  const replies: Array<{ text: string; json: unknown }> = []
  const done = new Promise<void>((resolve) =>
    raw.on('message', (data) => {
      const text = String(data)
      const json = JSON.parse(text) as { event?: string }
      if (json.event) return
      replies.push({ text, json })
      if (replies.length === messages.length) resolve()
    }),
  )
  // one at a time, so the replies come back in the order sent
  for (const message of messages) {
    const before = replies.length
    raw.send(message)
    await expect.poll(() => replies.length).toBe(before + 1)
  }
  await done
  raw.close()
  return replies
}

const ended = (run: RunSummary): boolean => !['queued', 'running'].includes(run.status)

describe('serve host: access', () => {
  it('refuses pages and sockets without the token, and serves with it', async () => {
    expect((await fetch(`http://127.0.0.1:${host.port}/`)).status).toBe(403)
    expect((await fetch(`http://127.0.0.1:${host.port}/?token=wrong`)).status).toBe(403)
    const page = await fetch(host.url)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('NN Workbench')
    const cookie = page.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/HttpOnly/)
    // the cookie stands in for the token on later requests (the page's scripts carry none)
    const asset = await fetch(`http://127.0.0.1:${host.port}/index.html`, { headers: { cookie: cookie.split(';')[0] } })
    expect(asset.status).toBe(200)
  })

  it('never serves files outside the renderer folder', async () => {
    const response = await fetch(`http://127.0.0.1:${host.port}/..%2fworkbench.db?token=${host.token}`)
    expect(response.status).toBe(404)
  })

  it('refuses a WebSocket without the token or from another origin', async () => {
    const attempt = (url: string, headers: Record<string, string> = {}): Promise<string> =>
      new Promise((resolve) => {
        const ws = new WebSocket(url, { headers })
        ws.on('open', () => {
          ws.close()
          resolve('open')
        })
        ws.on('error', (error) => resolve(error.message))
      })
    expect(await attempt(`ws://127.0.0.1:${host.port}/api`)).toMatch(/403/)
    expect(
      await attempt(`ws://127.0.0.1:${host.port}/api?token=${host.token}`, { origin: 'http://evil.example' }),
    ).toMatch(/403/)
    expect(await attempt(`ws://127.0.0.1:${host.port}/api?token=${host.token}`)).toBe('open')
  })
})

describe('serve host: the Host header', () => {
  const get = (host: string | null): Promise<string> =>
    rawRequest(
      host_().port,
      `GET /?token=${host_().token} HTTP/1.1\r\n${host === null ? '' : `Host: ${host}\r\n`}connection: close\r\n\r\n`,
    )
  const host_ = (): ServeHost => host

  it('answers at 127.0.0.1, localhost and [::1] with its own port', async () => {
    for (const name of ['127.0.0.1', 'localhost', 'LocalHost', '[::1]'])
      expect(await get(`${name}:${host.port}`), name).toMatch(/^HTTP\/1\.1 200 /)
  })

  it('refuses any other name or port with 421 and a sentence, before looking at the token', async () => {
    for (const name of ['evil.example', `evil.example:${host.port}`, `127.0.0.1:${host.port + 1}`, '127.0.0.1']) {
      const answer = await get(name)
      expect(answer, name).toMatch(/^HTTP\/1\.1 421 /)
      expect(answer, name).toContain(
        `answers only at 127.0.0.1:${host.port}, localhost:${host.port} or [::1]:${host.port}`,
      )
    }
    expect(await get(`${'a'.repeat(5000)}.example`)).toMatch(/Host "a{100}"…/)
    // HTTP/1.1 without a Host is refused too (by Node's parser, before the host sees it)
    expect(await get(null)).toMatch(/^HTTP\/1\.1 4\d\d /)
  })

  it('refuses a WebSocket addressed to another name with 421', async () => {
    const raw = await rawUpgrade(host.port, host.token, `rebound.example:${host.port}`)
    expect(raw.status).toBe('HTTP/1.1 421 Misdirected Request')
    expect((await raw.closed).toString()).toMatch(/answers only at 127\.0\.0\.1/)
    const good = await rawUpgrade(host.port, host.token, `localhost:${host.port}`)
    expect(good.status).toBe('HTTP/1.1 101 Switching Protocols')
    good.socket.destroy()
  })
})

describe('serve host: the API', () => {
  it('answers simple calls', async () => {
    expect(await api.version()).toMatch(/^\d+\.\d+\.\d+/)
    const datasets = await api.listDatasets()
    expect(datasets.map((d) => d.name)).toContain('mnist')
  })

  it('turns a malformed payload into a sentence, not a crash', async () => {
    const before = await api.listRuns({})
    await expect(api.listRuns({ limit: -5 })).rejects.toThrow(/limit/)
    await expect(api.getRun('seven' as unknown as number)).rejects.toThrow(/runs:get/)
    await expect(api.getRun(999_999)).rejects.toThrow('run 999999 does not exist')
    await expect(api.launchRun({ epochs: -1 } as never)).rejects.toThrow(/epochs/)
    // the host still answers afterwards, with what the store holds, and the refused calls recorded nothing
    const after = await api.listRuns({})
    expect(after).toEqual(await workbench.calls.listRuns({}))
    expect(after).toEqual(before)
    expect(after.total).toBe(after.runs.length)
  })

  it('answers raw garbage and unknown calls with an error reply', async () => {
    const replies: unknown[] = []
    const raw = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`)
    await new Promise((resolve) => raw.on('open', resolve))
    const got = new Promise<void>((resolve) =>
      raw.on('message', (data) => {
        replies.push(JSON.parse(String(data)))
        if (replies.length === 2) resolve()
      }),
    )
    raw.send('this is not json')
    raw.send(JSON.stringify({ id: 5, call: 'dropDatabase', args: [] }))
    await got
    raw.close()
    expect(replies).toContainEqual({
      id: null,
      result: { ok: false, error: { name: 'ProtocolError', message: 'the host received a message that is not JSON' } },
    })
    expect(replies).toContainEqual({
      id: 5,
      result: { ok: false, error: expect.objectContaining({ message: 'there is no call named "dropDatabase"' }) },
    })
  })

  it('echoes at most 100 characters of an unknown call name, even one of 7.9 MB', async () => {
    const [reply] = await rawExchange([JSON.stringify({ id: 6, call: 'x'.repeat(7_900_000), args: [] })])
    expect(reply.text.length).toBeLessThan(400)
    expect(reply.json).toEqual({
      id: 6,
      result: {
        ok: false,
        error: expect.objectContaining({ message: `there is no call named "${'x'.repeat(100)}"…` }),
      },
    })
  })

  it('names the kind of a call name that is not text, without echoing it', async () => {
    const [reply] = await rawExchange([JSON.stringify({ id: 8, call: { secret: 'y'.repeat(1000) }, args: [] })])
    expect(reply.json).toEqual({
      id: 8,
      result: { ok: false, error: expect.objectContaining({ message: 'a call must be named by text, got an object' }) },
    })
  })

  it('answers a message with a text id under that id, and refuses ids it could not echo', async () => {
    const version = await api.version()
    const replies = await rawExchange([
      JSON.stringify({ id: 'req-1', call: 'version', args: [] }),
      JSON.stringify({ id: 'z'.repeat(300), call: 'deleteRuns', args: [[1]] }),
      JSON.stringify({ id: { nested: true }, call: 'version', args: [] }),
      JSON.stringify([1, 2]),
    ])
    expect(replies.map((r) => r.json)).toEqual([
      { id: 'req-1', result: { ok: true, value: version } },
      protocolError(
        'a message\'s "id" must be a number or a text of at most 200 characters, got a text of 300 characters; the call was not run',
      ),
      protocolError(
        'a message\'s "id" must be a number or a text of at most 200 characters, got an object; the call was not run',
      ),
      protocolError('the host received JSON that is not a message ({ "id", "call", "args" })'),
    ])
  })

  it('launches a run in a trainer process, streams its progress and records its metrics', async () => {
    let pointsSeen = 0
    const stopCounting = api.onMetrics(({ points }) => {
      pointsSeen += points.length
    })
    const { runId } = await api.launchRun({ preset: 'keras-mlp', ...SMALL, name: 'api run' })
    const run = await waitForRun(runId, ended)
    stopCounting()
    expect(run.status).toBe('finished')
    expect(run.testAccuracy).toBeGreaterThan(0.5)
    const series = await api.metricSeries({
      runIds: [runId],
      names: ['train/loss', 'lr', 'train/loss_epoch', 'train/accuracy', 'val/loss', 'val/accuracy'],
    })
    const stored = series.reduce((n, s) => n + s.steps.length, 0)
    expect(stored).toBe(pointsSeen)
    expect((await api.confusion(runId)).map((c) => c.split)).toContain('test')
    expect(JSON.parse((await api.model(runId)).json).format).toBe('nn-workbench-model')
    const csv = await api.exportRuns({ runIds: [runId], format: 'runs-csv' })
    expect(csv.content.split('\r\n')[1]).toMatch(new RegExp(`^${runId},api run,finished,`))
  })

  it('rejects bad sweep specs with their reason and writes nothing', async () => {
    const before = (await api.listRuns({})).total
    const base = { name: 'bad', base: { ...SMALL } }
    const bad: Array<[object, RegExp]> = [
      [{ ...base, grid: { lr: [] } }, /no values/],
      [{ ...base, grid: { lr: [-0.1] } }, /learning rate/],
      [{ ...base, grid: { lr: [Number.NaN] } }, /lr|learning rate|finite|number/],
      [{ ...base, grid: { hidden: [[0]] } }, /units/],
      [{ ...base, grid: { hidden: [[100_000]] } }, /units/],
      [{ ...base, grid: { activation: ['swish'] } }, /activation/],
    ]
    for (const [spec, message] of bad)
      await expect(api.launchSweep(spec as never), JSON.stringify(spec)).rejects.toThrow(message)
    expect((await api.listRuns({})).total).toBe(before)
    expect(await api.listSweeps()).toEqual([])
  })

  it('rejects a bad dataset import with the file and the fault, and records nothing', async () => {
    const images = folder.file('bad-images.idx')
    writeFileSync(images, Buffer.from([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2, 3]))
    const labels = folder.file('labels.idx')
    writeFileSync(labels, Buffer.from([0, 0, 8, 1, 0, 0, 0, 2, 1, 2]))
    await expect(api.importDataset({ name: 'broken', trainImages: images, trainLabels: labels })).rejects.toThrow(
      /bad-images\.idx.*truncated at byte 19/,
    )
    expect((await api.listDatasets()).map((d) => d.name)).toEqual(['mnist'])
  })
})

describe('serve host: test examples behind a confusion cell', () => {
  it('returns the test images of a cell with their probabilities, and the cell total', async () => {
    const { runId } = await api.launchRun({ preset: 'keras-mlp', ...SMALL, name: 'examples' })
    await waitForRun(runId, ended)
    const [test] = (await api.confusion(runId)).filter((c) => c.split === 'test')
    const cell = (t: number, p: number): number => test.counts[t * test.classes + p]
    const correctSevens = cell(7, 7)
    const result = await api.testExamples({ runId, trueClass: 7, predictedClass: 7, limit: 3 })
    expect(result.total).toBe(correctSevens)
    expect(result.examples).toHaveLength(Math.min(3, correctSevens))
    for (const example of result.examples) {
      expect(example).toMatchObject({ trueClass: 7, predictedClass: 7 })
      expect(example.probabilities).toHaveLength(10)
      expect(Math.max(...example.probabilities)).toBe(example.probabilities[7])
      expect(Buffer.from(example.pixels, 'base64')).toHaveLength(28 * 28)
    }
    await expect(api.testExamples({ runId: 999_999, trueClass: 0, predictedClass: 0, limit: 1 })).rejects.toThrow(
      /does not exist/,
    )
  })
})
