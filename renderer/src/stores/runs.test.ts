// @vitest-environment happy-dom
// The runs store against a mocked api/: the mock answers only the calls a test names and rejects any other, so a
// call nobody expected shows up as a failure (Directus settings.test.ts style).
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { RunSummary } from '../../../shared/runs/run'
import type { SweepSummary } from '../../../shared/sweeps/spec'
import { WorkbenchError, type WorkbenchCalls } from '../../../shared/ipc/workbench'
import { DEFAULT_CONFIG, type TrainConfig } from '../../../shared/train/config'
import { parseParamConditions } from '../components/runs/paramConditions'
import { useNotifyStore } from './notify'
import { useRunsStore } from './runs'

const api = vi.hoisted(() => {
  const answers = new Map<string, (...args: never[]) => unknown>()
  const listeners = new Map<string, (payload: never) => void>()
  const calls: Array<{ name: string; args: unknown[] }> = []
  const unexpected: string[] = []
  const workbench = new Proxy(
    {},
    {
      get(_target, name: string) {
        if (name.startsWith('on')) {
          return (listener: (payload: never) => void) => {
            listeners.set(name, listener)
            return () => listeners.delete(name)
          }
        }
        return (...args: never[]) => {
          calls.push({ name, args })
          const answer = answers.get(name)
          if (!answer) {
            unexpected.push(name)
            return Promise.reject(new Error(`the test did not expect a call to ${name}`))
          }
          return Promise.resolve().then(() => answer(...args))
        }
      },
    },
  )
  return { workbench, answers, listeners, calls, unexpected }
})

vi.mock('../api', () => ({ workbench: api.workbench }))

/** Tells the mock how to answer one call. */
function answer<K extends keyof WorkbenchCalls>(
  name: K,
  reply: (...args: Parameters<WorkbenchCalls[K]>) => Awaited<ReturnType<WorkbenchCalls[K]>> | Promise<never>,
): void {
  api.answers.set(name, reply as (...args: never[]) => unknown)
}

/** Fires a host event at whoever subscribed, as the transport would. */
function emit(listener: 'onRunUpdated', payload: RunSummary): void
function emit(listener: 'onRunsDeleted', payload: { runIds: number[] }): void
function emit(listener: 'onSweepUpdated', payload: SweepSummary): void
function emit(listener: string, payload: unknown): void {
  const fn = api.listeners.get(listener)
  if (!fn) throw new Error(`nobody subscribed to ${listener}`)
  ;(fn as (p: unknown) => void)(payload)
}

function run(id: number, overrides: Partial<RunSummary> = {}, config: Partial<TrainConfig> = {}): RunSummary {
  // only the fields the runs list reads; a summary field added later needs no change here
  const summary = {
    id,
    name: `run ${id}`,
    sweepId: null,
    status: 'finished',
    error: null,
    dataset: 'mnist',
    seed: 1,
    config: { ...DEFAULT_CONFIG, ...config },
    createdAt: 1000 + id,
    startedAt: 2000,
    finishedAt: 2000 + id * 1000,
    progress: 1,
    etaSeconds: null,
    step: 10,
    totalSteps: 10,
    epoch: 5,
    bestValAccuracy: 0.9,
    finalValAccuracy: 0.9,
    testAccuracy: 0.9,
    finalTrainLoss: 0.3,
    tags: [],
    notes: '',
  }
  return { ...summary, ...overrides } as RunSummary
}

const RUNS = [
  run(1, { name: 'sgd slow', testAccuracy: 0.91 }, { lr: 0.001 }),
  run(
    2,
    { name: 'sgd fast', status: 'diverged', error: 'loss became NaN at step 12', testAccuracy: null },
    { lr: 0.5 },
  ),
  run(
    3,
    { name: 'adam wide', testAccuracy: 0.97, tags: ['best'], notes: 'wider helps' },
    { optimizer: 'adam', lr: 0.0001, hidden: [64, 32] },
  ),
  run(
    4,
    {
      name: 'queued one',
      status: 'queued',
      testAccuracy: null,
      bestValAccuracy: null,
      startedAt: null,
      finishedAt: null,
      sweepId: 7,
    },
    { lr: 0.05 },
  ),
  run(5, { name: 'mid', testAccuracy: 0.95, sweepId: 7 }, { lr: 0.02, activation: 'tanh' }),
]

async function loaded(runs = RUNS): Promise<ReturnType<typeof useRunsStore>> {
  answer('listRuns', () => ({ runs, total: runs.length }))
  const store = useRunsStore()
  await store.load()
  return store
}

const ids = (runs: RunSummary[]): number[] => runs.map((r) => r.id)
const noticeTexts = (): string[] => useNotifyStore().notices.map((n) => `${n.kind}: ${n.text}`)

beforeEach(() => {
  setActivePinia(createPinia())
  api.answers.clear()
  api.listeners.clear()
  api.calls.length = 0
  api.unexpected.length = 0
})

afterEach(() => {
  // a call the test did not name means the store did something nobody checked
  expect(api.unexpected).toEqual([])
})

describe('loading and live updates', () => {
  it('loads every run in one call and subscribes to run events', async () => {
    const store = await loaded()
    expect(api.calls).toEqual([{ name: 'listRuns', args: [{ limit: 10000, sortBy: 'createdAt', sortDir: 'desc' }] }])
    expect(store.loaded).toBe(true)
    expect(ids(store.all).sort()).toEqual([1, 2, 3, 4, 5])
    expect(ids(store.visible)).toEqual([5, 4, 3, 2, 1]) // newest id first by default
    expect([...api.listeners.keys()].sort()).toEqual(['onRunUpdated', 'onRunsDeleted'])
  })

  it('says in words when the runs cannot be loaded, and stays not loaded', async () => {
    answer('listRuns', () => Promise.reject(new WorkbenchError('the database file is locked by another app')))
    const store = useRunsStore()
    await store.load()
    expect(store.loaded).toBe(false)
    expect(noticeTexts()).toEqual(['error: loading runs: the database file is locked by another app'])
  })

  it('adds a new run and patches a changed one from runUpdated events', async () => {
    const store = await loaded()
    emit('onRunUpdated', run(6, { name: 'brand new', status: 'queued' }))
    expect(ids(store.visible)[0]).toBe(6)
    emit('onRunUpdated', { ...store.byId.get(4)!, status: 'running', progress: 0.4, etaSeconds: 80 })
    expect(store.byId.get(4)).toMatchObject({ status: 'running', progress: 0.4 })
    expect(store.all).toHaveLength(6)
  })

  it('forgets deleted runs, and drops them from the selection, on runsDeleted', async () => {
    const store = await loaded()
    store.selectOnly([2, 3])
    emit('onRunsDeleted', { runIds: [3] })
    expect(ids(store.all).sort()).toEqual([1, 2, 4, 5])
    expect([...store.selected]).toEqual([2])
  })

  it('subscribes once however often it loads', async () => {
    const store = await loaded()
    await store.load()
    expect(api.calls.map((c) => c.name)).toEqual(['listRuns', 'listRuns'])
    expect(api.listeners.size).toBe(2)
  })

  it('loads sweep names and dataset shapes, and keeps sweeps current', async () => {
    const sweep: SweepSummary = {
      id: 7,
      name: 'lr grid',
      spec: { name: 'lr grid', base: {} },
      createdAt: 1,
      runCount: 2,
      counts: {},
      bestRunId: null,
      bestTestAccuracy: null,
      bestValAccuracy: null,
    }
    answer('listSweeps', () => [sweep])
    answer('listDatasets', () => [
      { name: 'mnist', builtIn: true, trainCount: 60000, testCount: 10000, rows: 28, cols: 28, classes: 10 },
    ])
    const store = useRunsStore()
    await store.loadLabels()
    expect(store.sweeps.get(7)?.name).toBe('lr grid')
    expect(store.datasets.get('mnist')?.classes).toBe(10)
    emit('onSweepUpdated', { ...sweep, name: 'renamed' })
    expect(store.sweeps.get(7)?.name).toBe('renamed')
  })
})

describe('filtering', () => {
  it('matches every word of the text in names, tags, notes and settings, ignoring case', async () => {
    const store = await loaded()
    store.filter.text = 'SGD'
    expect(ids(store.visible).sort()).toEqual([1, 2, 4, 5]) // optimizer sgd is a setting
    store.filter.text = 'best'
    expect(ids(store.visible)).toEqual([3])
    store.filter.text = 'wider helps'
    expect(ids(store.visible)).toEqual([3])
    store.filter.text = 'tanh mid'
    expect(ids(store.visible)).toEqual([5])
  })

  it('keeps runs of any chosen status, and of the chosen sweep', async () => {
    const store = await loaded()
    store.filter.statuses = ['diverged', 'queued']
    expect(ids(store.visible)).toEqual([4, 2])
    store.filter.statuses = []
    store.filter.sweepId = 7
    expect(ids(store.visible)).toEqual([5, 4])
  })

  it('compares numeric hyperparameters as numbers and the rest as text', async () => {
    const store = await loaded()
    store.filter.params = parseParamConditions('lr<0.01').params
    expect(ids(store.visible)).toEqual([3, 1])
    store.filter.params = parseParamConditions('lr >= 0.02  lr<=0.05').params
    expect(ids(store.visible)).toEqual([5, 4])
    store.filter.params = parseParamConditions('optimizer=adam').params
    expect(ids(store.visible)).toEqual([3])
    store.filter.params = parseParamConditions('opt!=adam act=relu').params
    expect(ids(store.visible)).toEqual([4, 2, 1])
    store.filter.params = parseParamConditions('layers=64-32').params
    expect(ids(store.visible)).toEqual([3])
  })

  it('reads conditions people type, and says what is wrong with the ones it cannot use', () => {
    expect(parseParamConditions('lr<0.1 batch>=64 optimizer==adam')).toEqual({
      params: [
        { key: 'lr', op: '<', value: '0.1' },
        { key: 'batchSize', op: '>=', value: '64' },
        { key: 'optimizer', op: '=', value: 'adam' },
      ],
      problems: [],
    })
    const { params, problems } = parseParamConditions('wobble=3 lr<fast optimizer>adam adam lr<1e-2')
    expect(params).toEqual([{ key: 'lr', op: '<', value: '1e-2' }])
    expect(problems).toEqual([
      'there is no hyperparameter "wobble" (try lr, batch, optimizer, activation, layers, epochs)',
      'lr is a number, and "fast" is not',
      'optimizer is not a number, so only = and != work with it',
      '"adam" is not a condition; write it like lr<0.1 or optimizer=adam',
    ])
    // half-typed: the box says what is missing instead of filtering on nothing
    expect(parseParamConditions('lr <').problems).toEqual(['lr< needs a value after <'])
  })

  it('clears every filter at once', async () => {
    const store = await loaded()
    store.filter.text = 'adam'
    store.filter.statuses = ['finished']
    store.clearFilter()
    expect(store.visible).toHaveLength(5)
  })
})

describe('sorting', () => {
  it('sorts by test accuracy, best first, with runs that have none last either way', async () => {
    const store = await loaded()
    store.sortBy('testAccuracy')
    expect(store.sortDir).toBe('desc')
    expect(ids(store.visible)).toEqual([3, 5, 1, 4, 2])
    store.sortBy('testAccuracy')
    expect(ids(store.visible)).toEqual([1, 5, 3, 4, 2])
  })

  it('sorts by a hyperparameter, numerically', async () => {
    const store = await loaded()
    store.sortBy('param:lr')
    expect(ids(store.visible)).toEqual([2, 4, 5, 1, 3]) // 0.5, 0.05, 0.02, 0.001, 0.0001
    store.sortBy('param:lr')
    expect(ids(store.visible)).toEqual([3, 1, 5, 4, 2])
  })

  it('sorts names and statuses A to Z first, and durations with unstarted runs last', async () => {
    const store = await loaded()
    store.sortBy('name')
    expect(store.visible.map((r) => r.name)).toEqual(['adam wide', 'mid', 'queued one', 'sgd fast', 'sgd slow'])
    store.sortBy('status')
    expect(store.visible.map((r) => r.status)).toEqual(['queued', 'finished', 'finished', 'finished', 'diverged'])
    store.sortBy('duration')
    expect(ids(store.visible)).toEqual([5, 3, 2, 1, 4])
  })
})

describe('selection', () => {
  it('toggles one run at a time', async () => {
    const store = await loaded()
    store.toggleSelected(2)
    store.toggleSelected(3)
    store.toggleSelected(2)
    expect([...store.selected]).toEqual([3])
  })

  it('selects a range in the order the table shows, adding to the selection', async () => {
    const store = await loaded()
    store.sortBy('param:lr') // 2, 4, 5, 1, 3
    store.toggleSelected(3)
    store.selectRange(4, 1)
    expect([...store.selected].sort()).toEqual([1, 3, 4, 5])
  })

  it('selects all the runs the filters show, and acts only on the selected runs it shows', async () => {
    const store = await loaded()
    store.toggleSelected(1)
    store.filter.sweepId = 7
    store.selectAllVisible(true)
    expect([...store.selected].sort()).toEqual([1, 4, 5])
    expect(ids(store.selectedVisible)).toEqual([5, 4])
    store.selectAllVisible(false)
    expect([...store.selected]).toEqual([1])
  })
})

describe('actions', () => {
  it('deletes runs through the host, forgets them and says how many went', async () => {
    const store = await loaded()
    answer('deleteRuns', (runIds) => ({ deleted: runIds.length }))
    store.selectOnly([2, 3])
    expect(await store.deleteRuns([2, 3])).toBe(true)
    expect(api.calls.at(-1)).toEqual({ name: 'deleteRuns', args: [[2, 3]] })
    expect(ids(store.all).sort()).toEqual([1, 4, 5])
    expect(store.selected.size).toBe(0)
    expect(noticeTexts()).toEqual(['info: deleted 2 runs'])
  })

  it('keeps the runs and shows the host’s sentence when a delete fails', async () => {
    const store = await loaded()
    answer('deleteRuns', () => Promise.reject(new WorkbenchError('the database is read-only')))
    expect(await store.deleteRuns([1])).toBe(false)
    expect(store.all).toHaveLength(5)
    expect(noticeTexts()).toEqual(['error: deleting runs: the database is read-only'])
  })

  it('turns an error that is not an Error into words, never [object Object]', async () => {
    const store = await loaded()
    answer('cancelRuns', () => Promise.reject('the trainer is gone'))
    await store.cancel([4])
    expect(noticeTexts()).toEqual(['error: cancelling runs: the trainer is gone'])
  })

  it('re-queues and says the runs start from scratch', async () => {
    const store = await loaded()
    answer('requeueRuns', (runIds) => ({ requeued: runIds.length }))
    await store.requeue([1])
    expect(noticeTexts()).toEqual(['info: re-queued 1 run (they start from scratch)'])
  })

  it('saves tags and notes through the host', async () => {
    const store = await loaded()
    answer('setTags', () => undefined)
    answer('setNotes', () => undefined)
    await store.setTags(3, ['best', 'wide'])
    await store.setNotes(3, 'try dropout next')
    expect(api.calls.slice(1)).toEqual([
      { name: 'setTags', args: [3, ['best', 'wide']] },
      { name: 'setNotes', args: [3, 'try dropout next'] },
    ])
  })

  it('hands an export to the browser as a download named by the host', async () => {
    const store = await loaded()
    answer('exportRuns', () => ({ fileName: 'runs.csv', mimeType: 'text/csv', content: 'id\n1\n' }))
    const clicked: string[] = []
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download)
    })
    await store.exportRuns([1], 'runs-csv')
    expect(api.calls.at(-1)).toEqual({ name: 'exportRuns', args: [{ runIds: [1], format: 'runs-csv' }] })
    expect(clicked).toEqual(['runs.csv'])
    click.mockRestore()
  })
})
