// A sweep through the API with real trainer processes: concurrency, every metric point stored, the best run.
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { SweepSpec } from '../../../shared/sweeps/spec'
import { tempFolder, type TempFolder } from '../services/store/testing'
import { nodeTrainerSpawner, TSX_EXEC_ARGV } from '../services/trainers/spawner'
import { openWorkbench, type Workbench } from '../services/workbench'
import { startServeHost, type ServeHost } from './server'
import { connect, ENDED, waitForRuns } from './testing'

let folder: TempFolder
let workbench: Workbench
let host: ServeHost

beforeAll(async () => {
  folder = tempFolder()
  workbench = openWorkbench({
    dbPath: folder.file('sweep.db'),
    spawner: nodeTrainerSpawner(join(__dirname, '../../trainer/index.ts'), TSX_EXEC_ARGV),
    concurrency: 2,
  })
  host = await startServeHost({
    calls: workbench.calls,
    events: workbench.events,
    rendererDir: join(__dirname, '../../../out/renderer'),
  })
})

afterAll(async () => {
  await host.close()
  await workbench.close()
  folder.cleanup()
})

it('runs a 6-run sweep two at a time and stores exactly the metric points the trainers sent', async () => {
  const { api, close } = connect(host.port, host.token)
  const spec: SweepSpec = {
    name: 'lr sweep',
    base: { hidden: [16], batchSize: 32, epochs: 2, trainLimit: 500, validationSize: 200, testLimit: 100 },
    grid: { lr: [0.05, 0.1, 0.2] },
    repeats: 2,
  }
  expect((await api.previewSweep(spec)).runCount).toBe(6)

  const sent = new Map<number, number>()
  api.onMetrics(({ runId, points }) => sent.set(runId, (sent.get(runId) ?? 0) + points.length))
  // trainer processes alive at once, sampled on the host (a run counts from its spawn, before it reports 'started')
  let mostLive = 0
  const sampler = setInterval(() => (mostLive = Math.max(mostLive, workbench.scheduler.liveRunIds().length)), 10)

  const { sweepId, runIds } = await api.launchSweep(spec)
  expect(runIds).toHaveLength(6)
  const runs = await waitForRuns(api, runIds, ENDED, 120_000)
  clearInterval(sampler)
  expect([...runs.values()].map((r) => r.status)).toEqual(Array(6).fill('finished'))
  expect(mostLive).toBe(2)

  const series = await api.metricSeries({
    runIds,
    names: ['train/loss', 'lr', 'train/loss_epoch', 'train/accuracy', 'val/loss', 'val/accuracy'],
  })
  for (const runId of runIds) {
    const stored = series.filter((s) => s.runId === runId).reduce((n, s) => n + s.steps.length, 0)
    expect(stored, `run ${runId}`).toBe(sent.get(runId))
    // 500 examples / 32 = 16 steps × 2 epochs, a loss and a learning rate each, plus 4 points per evaluation
    expect(stored).toBe(16 * 2 * 2 + 2 * 4)
  }

  const [sweep] = await api.listSweeps()
  expect(sweep).toMatchObject({ id: sweepId, runCount: 6 })
  const best = Math.max(...[...runs.values()].map((r) => r.testAccuracy ?? 0))
  expect(sweep.bestTestAccuracy).toBe(best)
  close()
})
