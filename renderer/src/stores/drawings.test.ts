// The drawings store against a mocked api/ that rejects any call a test did not name.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { WorkbenchError, type WorkbenchCalls } from '../../../shared/ipc/workbench'
import type { Drawing, DrawingScore } from '../../../shared/sketch/drawing'
import { fromBase64, toBase64, useDrawingsStore } from './drawings'
import { useNotifyStore } from './notify'

const api = vi.hoisted(() => {
  const answers = new Map<string, (...args: never[]) => unknown>()
  const calls: Array<{ name: string; args: unknown[] }> = []
  const workbench = new Proxy(
    {},
    {
      get(_target, name: string) {
        return (...args: never[]) => {
          calls.push({ name, args })
          const answer = answers.get(name)
          return answer
            ? Promise.resolve().then(() => answer(...args))
            : Promise.reject(new Error(`the test did not expect a call to ${name}`))
        }
      },
    },
  )
  return { workbench, answers, calls }
})

vi.mock('../api', () => ({ workbench: api.workbench }))

function answer<K extends keyof WorkbenchCalls>(
  name: K,
  reply: (...args: Parameters<WorkbenchCalls[K]>) => Awaited<ReturnType<WorkbenchCalls[K]>>,
): void {
  api.answers.set(name, reply as (...args: never[]) => unknown)
}

const drawing = (id: number, label: number): Drawing => ({
  id,
  label,
  pixels: toBase64(new Uint8Array(784).fill(id)),
  createdAt: id,
})

beforeEach(() => {
  setActivePinia(createPinia())
  api.answers.clear()
  api.calls.length = 0
  vi.useFakeTimers()
})

describe('drawings store', () => {
  it('loads, saves (as base64 of the bytes) and deletes drawings', async () => {
    const store = useDrawingsStore()
    answer('listDrawings', () => [drawing(1, 7), drawing(2, 7)])
    await store.load()
    expect(store.countsByLabel.get(7)).toBe(2)

    answer('saveDrawing', ({ label, pixels }) => ({ id: 3, label, pixels, createdAt: 3 }))
    const pixels = Uint8Array.from({ length: 784 }, (_, i) => i % 256)
    expect(await store.save(4, pixels)).toBe(true)
    expect(fromBase64((api.calls.at(-1)!.args[0] as { pixels: string }).pixels)).toEqual(pixels)
    expect(store.drawings.map((d) => d.label)).toEqual([7, 7, 4])
    expect(useNotifyStore().notices.at(-1)?.text).toBe('saved as a 4 (3 saved digits now)')

    answer('deleteDrawing', () => ({ deleted: 1 }))
    await store.remove(1)
    expect(store.drawings.map((d) => d.id)).toEqual([2, 3])
  })

  it('keeps the scores of this session by run, and says why a scoring failed', async () => {
    const store = useDrawingsStore()
    const score: DrawingScore = {
      runId: 5,
      accuracy: 0.5,
      count: 2,
      confusion: { classes: 2, counts: [1, 1, 0, 0] },
      scoredAt: 1,
    }
    answer('scoreOnDrawings', () => [score])
    expect(await store.score([5])).toEqual([score])
    expect(store.scores.get(5)).toEqual(score)
    expect(store.scoring).toBe(false)

    answer('scoreOnDrawings', () => {
      throw new WorkbenchError('there are no saved digits yet')
    })
    expect(await store.score([6])).toBeUndefined()
    expect(useNotifyStore().notices.at(-1)).toMatchObject({
      kind: 'error',
      text: 'scoring on my digits: there are no saved digits yet',
    })
    expect(store.scores.has(6)).toBe(false)
  })

  it('turns bytes into base64 and back', () => {
    const bytes = Uint8Array.from([0, 1, 127, 128, 255])
    expect(toBase64(bytes)).toBe('AAF/gP8=')
    expect(fromBase64(toBase64(bytes))).toEqual(bytes)
  })
})
