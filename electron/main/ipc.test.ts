// The Electron transport with the electron module mocked (the one thing that cannot exist here).
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { CHANNELS, EVENT_CHANNELS, type WorkbenchCalls } from '../../shared/ipc/workbench'
import { EventBus } from './services/events'

const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>()
const sent: Array<[string, unknown]> = []

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => Promise<unknown>) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`)
      handlers.set(channel, handler)
    },
    removeHandler: (channel: string) => handlers.delete(channel),
  },
  BrowserWindow: {
    getAllWindows: () => [
      { webContents: { send: (channel: string, payload: unknown) => sent.push([channel, payload]) } },
    ],
  },
}))

const { registerIpc } = await import('./ipc')

const fromPage = { senderFrame: { url: 'app://workbench/index.html' } }
const from = (url: string) => ({ senderFrame: { url } })

describe('registerIpc', () => {
  let calls: WorkbenchCalls
  let events: EventBus
  beforeEach(() => {
    handlers.clear()
    sent.length = 0
    calls = { version: async () => '1.2.3', getRun: async (id: number) => ({ id }) } as unknown as WorkbenchCalls
    events = new EventBus()
  })

  it('handles every call channel and no other', () => {
    const unregister = registerIpc(calls, events, null)
    expect([...handlers.keys()].sort()).toEqual(Object.values(CHANNELS).sort())
    unregister()
    expect(handlers.size).toBe(0)
  })

  it('dispatches a call from the workbench page and returns the result as data', async () => {
    registerIpc(calls, events, null)
    expect(await handlers.get('app:version')?.(fromPage)).toEqual({ ok: true, value: '1.2.3' })
    expect(await handlers.get('runs:get')?.(fromPage, 'x')).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/^runs:get: /) },
    })
  })

  it('refuses calls from any other page, including look-alikes of the page and the old file:// page', async () => {
    registerIpc(calls, events, null)
    const refused = {
      ok: false,
      error: { name: 'SecurityError', message: 'refused a call from a page that is not the workbench' },
    }
    for (const url of [
      'https://example.com/',
      'file:///app/out/renderer/index.html',
      'app://workbench.evil/index.html',
      'app://workbench/other.html',
      'http://localhost:5173/',
      '',
    ]) {
      expect(await handlers.get('app:version')?.(from(url)), url).toEqual(refused)
    }
  })

  it('accepts the dev server page only when one is configured', async () => {
    registerIpc(calls, events, 'http://localhost:5173/')
    expect(await handlers.get('app:version')?.(from('http://localhost:5173/'))).toEqual({ ok: true, value: '1.2.3' })
    expect(await handlers.get('app:version')?.(from('http://localhost:5173.evil.example/'))).toMatchObject({
      ok: false,
    })
    expect(await handlers.get('app:version')?.(from('http://localhost:51730/'))).toMatchObject({ ok: false })
  })

  it('forwards service events to the windows on their channels', () => {
    registerIpc(calls, events, null)
    events.emit('runsDeleted', { runIds: [4] })
    expect(sent).toEqual([[EVENT_CHANNELS.runsDeleted, { runIds: [4] }]])
  })
})
