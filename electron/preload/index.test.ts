// The preload with the electron module mocked: exactly one method per call, one on… per event, nothing else.
import { describe, expect, it, vi } from 'vitest'
import { CHANNELS, EVENT_CHANNELS, WorkbenchError, type WorkbenchApi } from '../../shared/ipc/workbench'

const exposed: Record<string, unknown> = {}
const invoked: unknown[][] = []
const listeners = new Map<string, (event: unknown, payload: unknown) => void>()

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer: {
    invoke: async (...args: unknown[]) => {
      invoked.push(args)
      return args[0] === 'runs:get'
        ? { ok: false, error: { name: 'WorkbenchError', message: 'run 9 does not exist' } }
        : { ok: true, value: 'v' }
    },
    on: (channel: string, listener: (event: unknown, payload: unknown) => void) => listeners.set(channel, listener),
    removeListener: (channel: string) => listeners.delete(channel),
  },
}))

await import('./index')
const api = exposed.workbench as WorkbenchApi

describe('preload', () => {
  it('exposes only window.workbench, with one function per call and per event', () => {
    expect(Object.keys(exposed)).toEqual(['workbench'])
    const events = Object.keys(EVENT_CHANNELS).map((e) => `on${e[0].toUpperCase()}${e.slice(1)}`)
    expect(Object.keys(api).sort()).toEqual([...Object.keys(CHANNELS), ...events].sort())
    expect(Object.values(api).every((f) => typeof f === 'function')).toBe(true)
  })

  it('invokes the call channel and unwraps the result or rebuilds the error', async () => {
    expect(await api.version()).toBe('v')
    expect(invoked).toContainEqual(['app:version'])
    await expect(api.getRun(9)).rejects.toEqual(new WorkbenchError('run 9 does not exist'))
    expect(invoked).toContainEqual(['runs:get', 9])
  })

  it('subscribes to an event channel and unsubscribes', () => {
    const seen: unknown[] = []
    const off = api.onRunsDeleted((payload) => seen.push(payload))
    listeners.get(EVENT_CHANNELS.runsDeleted)?.({}, { runIds: [1] })
    expect(seen).toEqual([{ runIds: [1] }])
    off()
    expect(listeners.has(EVENT_CHANNELS.runsDeleted)).toBe(false)
  })
})
