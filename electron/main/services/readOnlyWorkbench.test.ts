// The read-only calls: the same answers as the full workbench's, from a connection that takes no lock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { TrainerSpawner } from './trainers/spawner'
import { openReadOnlyWorkbench, readCalls } from './readOnlyWorkbench'
import { config, point, tempFolder, type TempFolder } from './store/testing'
import { openWorkbench, type Workbench } from './workbench'

const NO_TRAINERS: TrainerSpawner = {
  spawn() {
    throw new Error('these tests start no trainers')
  },
}

let folder: TempFolder
let workbench: Workbench
let runIds: number[]

beforeEach(() => {
  folder = tempFolder()
  workbench = openWorkbench({ dbPath: folder.file('w.db'), spawner: NO_TRAINERS })
  const { store } = workbench
  runIds = [config({ lr: 0.1 }), config({ lr: 0.01, hidden: [64, 32] })].map((c, i) => {
    const id = store.createRun({ name: `run ${i + 1}`, config: c, sweepId: null })
    store.markRunning(id, 100, 1_700_000_000_000)
    store.appendMetrics(id, [
      point('train/loss', 1, 2.3),
      point('lr', 1, 0.1),
      point('val/accuracy', 100, 0.9 - i / 10),
    ])
    store.finishRun(id, {
      status: 'finished',
      error: null,
      testAccuracy: 0.88 - i / 10,
      testLoss: 0.4,
      finishedAt: 1_700_000_009_000,
    })
    return id
  })
})

afterEach(async () => {
  await workbench.close()
  folder.cleanup()
})

describe('read-only workbench', () => {
  it('exports what the full workbench exports, in every format', async () => {
    const reader = readCalls(workbench.store)
    for (const format of ['runs-csv', 'series-csv', 'series-json'] as const) {
      expect(await reader.exportRuns({ runIds, format })).toEqual(await workbench.calls.exportRuns({ runIds, format }))
    }
    expect(await reader.listRuns({ sortBy: 'testAccuracy' })).toEqual(
      await workbench.calls.listRuns({ sortBy: 'testAccuracy' }),
    )
    await expect(reader.exportRuns({ runIds: [99], format: 'runs-csv' })).rejects.toThrow(
      'run 99 does not exist (it may have been deleted)',
    )
  })

  it('reads while the workbench has the database open for writing, and sees what it writes', async () => {
    const reader = openReadOnlyWorkbench(folder.file('w.db'))
    try {
      expect((await reader.calls.listRuns({})).total).toBe(2)
      workbench.store.createRun({ name: 'run 3', config: config(), sweepId: null })
      expect((await reader.calls.listRuns({})).total).toBe(3)
      expect(() => reader.store.createRun({ name: 'run 4', config: config(), sweepId: null })).toThrow(/readonly/)
    } finally {
      reader.close()
    }
  })

  it('refuses a database that does not exist, in a sentence', () => {
    expect(() => openReadOnlyWorkbench(folder.file('missing.db'))).toThrow(
      `${folder.file('missing.db')} does not exist. Choose an existing NN Workbench database.`,
    )
  })
})
