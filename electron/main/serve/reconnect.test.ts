// A host that goes and comes back: the same address per database (real processes), and a client that reconnects.
import { mkdirSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { connectSocketClient, type ConnectionState, type SocketLike } from '../../../shared/ipc/socketClient'
import { tempFolder, type TempFolder } from '../services/store/testing'
import { nodeTrainerSpawner, TSX_EXEC_ARGV } from '../services/trainers/spawner'
import { openWorkbench } from '../services/workbench'
import { startServeHost, type ServeHost } from './server'
import { startHostProcess, type HostProcess } from './testing'

let folder: TempFolder | null = null
const cleanups: Array<() => unknown> = []

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  folder?.cleanup()
})

async function stop(host: HostProcess): Promise<void> {
  const exited = new Promise((resolve) => host.child.once('exit', resolve))
  host.child.kill('SIGTERM')
  await exited
}

/** As a user starts it: no --port, so the host takes the port the database remembers. */
async function startAsUser(dbPath: string): Promise<HostProcess> {
  const host = await startHostProcess(dbPath, [], [])
  cleanups.push(() => host.child.kill('SIGKILL'))
  return host
}

describe('serve host: one address per database', () => {
  it('serves a database again at the same port and token', async () => {
    folder = tempFolder()
    const dbPath = folder.file('same.db')
    const first = await startAsUser(dbPath)
    await stop(first)
    const second = await startAsUser(dbPath)
    expect({ port: second.port, token: second.token }).toEqual({ port: first.port, token: first.token })
    const page = await fetch(`http://127.0.0.1:${second.port}/?token=${first.token}`)
    expect(page.status).toBe(200)
  })

  it('takes a free port when its own is taken, prints it, and keeps the new one', async () => {
    folder = tempFolder()
    const dbPath = folder.file('moved.db')
    const first = await startAsUser(dbPath)
    await stop(first)
    const squatter: Server = createServer()
    await new Promise<void>((resolve) => squatter.listen(first.port, '127.0.0.1', resolve))
    cleanups.push(() => new Promise((resolve) => squatter.close(resolve)))

    const moved = await startAsUser(dbPath)
    expect(moved.port).not.toBe(first.port)
    expect(moved.token).toBe(first.token)
    expect(moved.output()).toContain(
      `port ${first.port} is in use by another program; serving on ${moved.port}, which this database keeps`,
    )
    await stop(moved)
    const again = await startAsUser(dbPath)
    expect(again.port).toBe(moved.port)
    expect(again.output()).not.toMatch(/is in use/)
  })
})

describe('socket client: reconnecting', () => {
  it('reports the loss at once, fails calls with a sentence meanwhile, and is back with its listeners', async () => {
    folder = tempFolder()
    const rendererDir = join(folder.dir, 'renderer')
    mkdirSync(rendererDir)
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>NN Workbench</title>')
    const workbench = openWorkbench({
      dbPath: folder.file('client.db'),
      spawner: nodeTrainerSpawner(join(__dirname, '../../trainer/index.ts'), TSX_EXEC_ARGV),
    })
    cleanups.push(() => workbench.close())
    const serve = (port = 0): Promise<ServeHost> =>
      startServeHost({ calls: workbench.calls, events: workbench.events, rendererDir, port, token: 'x'.repeat(32) })
    let host = await serve()
    const port = host.port
    cleanups.push(() => host.close())

    const client = connectSocketClient(
      () => {
        const socket = new WebSocket(`ws://127.0.0.1:${port}/api?token=${'x'.repeat(32)}`)
        socket.on('error', () => {})
        return socket as unknown as SocketLike
      },
      { delaysMs: [50, 100] },
    )
    cleanups.push(() => client.close())
    const states: ConnectionState[] = []
    client.connection.onChange((state) => states.push(state))
    expect(await client.api.version()).toMatch(/^\d+\.\d+\.\d+/)
    const deletions: number[][] = []
    client.api.onRunsDeleted(({ runIds }) => deletions.push(runIds))

    await host.close()
    await expect.poll(() => client.connection.state()).toBe('lost')
    await expect(client.api.version()).rejects.toThrow('the connection to the workbench host is lost; reconnecting…')
    // several attempts fail while nothing listens; the client keeps trying
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(client.connection.state()).toBe('lost')

    host = await serve(port)
    await expect.poll(() => client.connection.state(), { timeout: 5000 }).toBe('open')
    expect(states).toEqual(['open', 'lost', 'open'])
    expect(await client.api.version()).toMatch(/^\d+\.\d+\.\d+/)
    workbench.events.emit('runsDeleted', { runIds: [7] })
    await expect.poll(() => deletions).toEqual([[7]])
  })
})
