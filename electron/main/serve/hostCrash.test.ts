// kill -9 the host mid-sweep, start it again: interrupted runs keep their metrics, the file is sound, re-queue works.
import { afterEach, expect, it } from 'vitest'
import { SqliteStore } from '../services/store/sqliteStore'
import { tempFolder, type TempFolder } from '../services/store/testing'
import { connect, ENDED, startHostProcess, waitForRuns, type HostProcess } from './testing'

let folder: TempFolder | null = null
const hosts: HostProcess[] = []

afterEach(() => {
  for (const host of hosts.splice(0)) host.child.kill('SIGKILL')
  folder?.cleanup()
})

it('survives the host being killed mid-sweep', async () => {
  folder = tempFolder()
  const dbPath = folder.file('crash.db')
  const first = await startHostProcess(dbPath, ['--concurrency', '2'])
  hosts.push(first)
  const one = connect(first.port, first.token)
  const { runIds } = await one.api.launchSweep({
    name: 'doomed',
    base: { hidden: [32], batchSize: 16, epochs: 20, trainLimit: 2000, validationSize: 500, testLimit: 200 },
    grid: { lr: [0.05, 0.1, 0.2] },
  })
  // wait until two runs are training and have written an epoch's metrics
  const written = new Set<number>()
  await new Promise<void>((resolve) =>
    one.api.onMetrics(({ runId, points }) => {
      if (points.some((p) => p.name === 'val/accuracy')) written.add(runId)
      if (written.size === 2) resolve()
    }),
  )
  first.child.kill('SIGKILL')
  await new Promise((resolve) => first.child.once('exit', resolve))
  one.close()

  const second = await startHostProcess(dbPath, ['--concurrency', '2'])
  hosts.push(second)
  expect(second.output()).toMatch(/3 run\(s\) from the last session were interrupted/)
  const two = connect(second.port, second.token)
  const { runs } = await two.api.listRuns({ sweepId: undefined })
  expect(runs.map((r) => r.status).sort()).toEqual(['interrupted', 'interrupted', 'interrupted'])
  for (const runId of written) {
    const run = runs.find((r) => r.id === runId)
    expect(run?.error).toMatch(/while this run was running; its metrics up to then are kept/)
    const [accuracy] = await two.api.metricSeries({ runIds: [runId], names: ['val/accuracy'] })
    expect(accuracy.values.length).toBeGreaterThanOrEqual(1)
  }

  const [again] = [...written]
  await two.api.requeueRuns([again])
  const done = await waitForRuns(two.api, [again], ENDED, 120_000)
  expect(done.get(again)?.status).toBe('finished')
  // the others stay interrupted until the user decides
  expect((await two.api.getRun(runIds.find((id) => id !== again) as number)).status).toBe('interrupted')
  two.close()

  second.child.kill('SIGTERM')
  await new Promise((resolve) => second.child.once('exit', resolve))
  const store = SqliteStore.open(dbPath)
  expect(store.integrityCheck()).toBe('ok')
  store.close()
})
