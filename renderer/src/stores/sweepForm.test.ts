import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import type { WorkbenchCalls } from '../../../shared/ipc/workbench'
import type { DatasetInfo } from '../../../shared/data/datasetInfo'
import { WorkbenchError } from '../../../shared/ipc/workbench'

// Only the API is mocked, and it rejects any call a test did not set up.
const calls: Partial<WorkbenchCalls> = {}
vi.mock('../api', () => ({
  workbench: new Proxy(
    {},
    {
      get:
        (_, name: string) =>
        (...args: unknown[]) => {
          const call = calls[name as keyof WorkbenchCalls] as ((...a: unknown[]) => Promise<unknown>) | undefined
          return call ? call(...args) : Promise.reject(new Error(`unexpected call ${name}`))
        },
    },
  ),
}))

const { useSweepFormStore } = await import('./sweepForm')
const { useNotifyStore } = await import('./notify')

const MNIST: DatasetInfo = {
  name: 'mnist',
  builtIn: true,
  trainCount: 60000,
  testCount: 10000,
  rows: 28,
  cols: 28,
  classes: 10,
}

beforeEach(() => {
  setActivePinia(createPinia())
  for (const key of Object.keys(calls)) delete calls[key as keyof WorkbenchCalls]
})

function quickKeras(): ReturnType<typeof useSweepFormStore> {
  const store = useSweepFormStore()
  store.applyPreset('keras-mlp')
  const f = store.form.fields
  f.hidden.single = '16'
  f.batchSize.single = '16'
  f.epochs.single = '1'
  f.trainLimit.single = '500'
  f.validationSize.single = '200'
  store.setMode('lr', 'list')
  f.lr.list = '0.05, 0.1'
  return store
}

describe('sweep form store', () => {
  it('counts the runs and estimates their time as the form changes', async () => {
    calls.listDatasets = async () => [MNIST]
    calls.getConcurrency = async () => 2
    const store = quickKeras()
    await store.loadSettings()
    expect(store.preview?.runCount).toBe(2)
    expect(store.estimate).toMatch(/ at 2 at a time$/)
    expect(store.canLaunch).toBe(true)
    store.form.fields.lr.list = '0.05, 0.1, 0.2'
    expect(store.preview?.runCount).toBe(3)
  })

  it('shows each problem beside its field and will not launch until they are fixed', async () => {
    const store = quickKeras()
    store.form.fields.hidden.single = '0'
    store.form.fields.lr.list = '0.05, -1'
    expect(store.problems.byField.hidden).toEqual(['hidden layer 1 must have 1–8192 units, got 0'])
    expect(store.problems.byField.lr).toEqual([
      'lr = -1: learning rate must be a number above 0 and at most 100, got -1',
    ])
    expect(store.canLaunch).toBe(false)
    expect(await store.launch()).toBeNull() // and no call: the mock would have rejected it
    store.form.fields.hidden.single = '16'
    store.form.fields.lr.list = '0.05, 0.1'
    expect(store.problems.count).toBe(0)
  })

  it('reports a validation split the dataset cannot spare once the datasets are known', async () => {
    calls.listDatasets = async () => [{ ...MNIST, name: 'small', trainCount: 200 }]
    calls.getConcurrency = async () => 1
    const store = quickKeras()
    store.form.fields.dataset.single = 'small'
    expect(store.problems.count).toBe(0)
    await store.loadSettings()
    expect(store.problems.byField.validationSize).toEqual([
      'validation size 200 leaves no training data (the set has 200 examples)',
    ])
  })

  it('brings the output and loss along when the task switches to binary and back', async () => {
    const store = useSweepFormStore()
    store.applyPreset('keras-mlp')
    store.form.fields.task.single = 'binary'
    await nextTick()
    expect(store.form.fields.outputActivation.single).toBe('sigmoid')
    expect(store.form.fields.loss.single).toBe('binary-cross-entropy')
    expect(store.problems.count).toBe(0)
    store.form.fields.task.single = 'multiclass'
    await nextTick()
    expect([store.form.fields.outputActivation.single, store.form.fields.loss.single]).toEqual([
      'softmax',
      'softmax-cross-entropy',
    ])
  })

  it('launches the spec the form shows and says so', async () => {
    const launched: unknown[] = []
    calls.launchSweep = async (spec) => {
      launched.push(spec)
      return { sweepId: 7, runIds: [1, 2] }
    }
    const store = quickKeras()
    store.form.name = 'quick lr'
    expect(await store.launch()).toBe(7)
    expect(launched).toEqual([
      {
        name: 'quick lr',
        preset: 'keras-mlp',
        base: { hidden: [16], batchSize: 16, epochs: 1, validationSize: 200, trainLimit: 500 },
        grid: { lr: [0.05, 0.1] },
      },
    ])
    expect(useNotifyStore().notices.map((n) => n.text)).toEqual(['Launched "quick lr": 2 runs'])
  })

  it("shows the host's refusal in its words and stays on the form", async () => {
    calls.launchSweep = async () => {
      throw new WorkbenchError('there is no dataset named "gone"')
    }
    const store = quickKeras()
    expect(await store.launch()).toBeNull()
    expect(useNotifyStore().notices.map((n) => n.text)).toEqual([
      'launching the sweep: there is no dataset named "gone"',
    ])
    expect(store.launching).toBe(false)
  })

  it('keeps the concurrency the host applied', async () => {
    calls.setConcurrency = async (limit) => Math.min(limit, 64)
    const store = useSweepFormStore()
    await store.setConcurrency(100)
    expect(store.concurrency).toBe(64)
  })
})
