import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { version as appVersion } from '../../../package.json'
import type { MetricPoint, RunSummary } from '../../../shared/runs/run'
import type { SweepSpec } from '../../../shared/sweeps/spec'
import { WorkbenchError, type WorkbenchCalls } from '../../../shared/ipc/workbench'
import { expandSweep, SweepError } from '../../../shared/sweeps/expand'
import { ConfigError, resolveConfig, type TrainConfig } from '../../../shared/train/config'
import { presetByName } from '../../../shared/train/presets'
import { Datasets } from './datasets'
import { MyDigits } from './drawings'
import { EventBus } from './events'
import { readCalls } from './readOnlyWorkbench'
import { SqliteStore } from './store/sqliteStore'
import { TestExampleFinder } from './testExamples'
import { Scheduler } from './trainers/scheduler'
import type { TrainerSpawner } from './trainers/spawner'

export interface WorkbenchOptions {
  dbPath: string
  spawner: TrainerSpawner
  /** Trainers at once; default: the stored setting, else one per core. */
  concurrency?: number
  silenceTimeoutMs?: number
  log?: (message: string) => void
}

export interface Workbench {
  calls: WorkbenchCalls
  events: EventBus
  store: SqliteStore
  scheduler: Scheduler
  /** Runs found `running` or `queued` from a previous session, now `interrupted`. */
  interrupted: number
  close(): Promise<void>
}

/**
 * The services both hosts serve: the store, the scheduler, datasets and export, behind one WorkbenchCalls
 * object. Opening it marks runs left over from a crash as interrupted.
 */
export function openWorkbench(options: WorkbenchOptions): Workbench {
  mkdirSync(dirname(options.dbPath), { recursive: true })
  const store = SqliteStore.open(options.dbPath)
  const interrupted = store.markInterruptedAtStartup()
  const datasets = new Datasets(store, join(dirname(options.dbPath), 'datasets'))
  const events = new EventBus()
  const testExamples = new TestExampleFinder(store, datasets)
  const myDigits = new MyDigits(store)
  const scheduler = new Scheduler({
    store,
    spawner: options.spawner,
    datasetFiles: (name) => datasets.files(name),
    sweepPruning: (sweepId) => store.getSweep(sweepId)?.spec.pruning ?? null,
    concurrency: options.concurrency ?? store.getSetting<number | undefined>('concurrency', undefined),
    silenceTimeoutMs: options.silenceTimeoutMs,
    log: options.log,
  })
  const publishRun = (runId: number): void => {
    const run = store.getRun(runId)
    if (run) events.emit('runUpdated', run)
  }
  const publishSweep = (sweepId: number | null): void => {
    const sweep = sweepId === null ? null : store.getSweep(sweepId)
    if (sweep) events.emit('sweepUpdated', sweep)
  }
  scheduler.on('runUpdated', (runId) => {
    publishRun(runId)
    publishSweep(store.getRun(runId)?.sweepId ?? null)
  })
  scheduler.on('metrics', (runId: number, points: MetricPoint[]) => events.emit('metrics', { runId, points }))

  const requireRun = (runId: number): RunSummary => {
    const run = store.getRun(runId)
    if (!run) throw new WorkbenchError(`run ${runId} does not exist (it may have been deleted)`)
    return run
  }
  const configFor = (overrides: Partial<TrainConfig> & { preset?: string }): TrainConfig => {
    const { preset: presetName, ...rest } = overrides
    const preset = presetName === undefined ? undefined : presetByName(presetName)
    if (presetName !== undefined && !preset) throw new WorkbenchError(`there is no preset named "${presetName}"`)
    const config = asWorkbenchError(() => resolveConfig({ ...preset?.config, ...rest }))
    datasets.info(config.dataset)
    return config
  }

  const calls: WorkbenchCalls = {
    // listRuns, getRun, listSweeps, metricSeries, confusion, model, exportRuns: the same as a read-only opening's
    ...readCalls(store),
    version: async () => appVersion,
    deleteRuns: async (runIds) => {
      scheduler.cancel(runIds.filter((id) => scheduler.liveRunIds().includes(id)))
      const deleted = store.deleteRuns(runIds)
      events.emit('runsDeleted', { runIds })
      return { deleted }
    },
    testExamples: async (request) => testExamples.find(request),
    launchRun: async ({ name, ...overrides }) => {
      const config = configFor(overrides)
      const runId = store.createRun({ name: name ?? runName(overrides.preset, config), config, sweepId: null })
      publishRun(runId)
      scheduler.enqueue(runId)
      return { runId }
    },
    previewSweep: async (spec) => asWorkbenchError(() => expandSweep(spec)),
    launchSweep: async (spec: SweepSpec) => {
      const preview = asWorkbenchError(() => expandSweep(spec))
      for (const name of new Set(preview.configs.map((c) => c.dataset))) datasets.info(name)
      // the sweep and all its runs, or nothing
      const { sweepId, runIds } = store.transaction(() => {
        const id = store.createSweep(spec.name, spec)
        const ids = preview.configs.map((config, i) =>
          store.createRun({ name: `${spec.name} #${i + 1}`, config, sweepId: id }),
        )
        return { sweepId: id, runIds: ids }
      })
      runIds.forEach(publishRun)
      publishSweep(sweepId)
      scheduler.start()
      return { sweepId, runIds }
    },
    cancelRuns: async (runIds) => ({ cancelled: scheduler.cancel(runIds) }),
    requeueRuns: async (runIds) => {
      for (const runId of runIds) {
        const run = requireRun(runId)
        if (run.status === 'queued' || run.status === 'running')
          throw new WorkbenchError(`run ${runId} is ${run.status}; only ended runs can be re-queued`)
      }
      store.transaction(() => runIds.forEach((id) => store.requeueRun(id)))
      runIds.forEach(publishRun)
      scheduler.start()
      return { requeued: runIds.length }
    },
    setTags: async (runId, tags) => {
      store.setTags(requireRun(runId).id, tags)
      publishRun(runId)
    },
    setNotes: async (runId, notes) => {
      store.setNotes(requireRun(runId).id, notes)
      publishRun(runId)
    },
    listDatasets: async () => datasets.list(),
    importDataset: async (request) => datasets.import(request),
    getConcurrency: async () => scheduler.concurrency,
    setConcurrency: async (limit) => {
      const applied = scheduler.setConcurrency(limit)
      store.setSetting('concurrency', applied)
      return applied
    },
    saveDrawing: async ({ label, pixels }) => myDigits.save(label, pixels),
    listDrawings: async () => myDigits.list(),
    deleteDrawing: async (drawingId) => ({ deleted: store.deleteDrawing(drawingId) ? 1 : 0 }),
    scoreOnDrawings: async (runIds) => {
      const scores = myDigits.score(runIds.map(requireRun))
      runIds.forEach(publishRun) // their summaries now carry the score
      return scores
    },
  }

  scheduler.start()
  return {
    calls,
    events,
    store,
    scheduler,
    interrupted,
    close: async () => {
      await datasets.close()
      await scheduler.shutdown()
      store.close()
    },
  }
}

function runName(preset: string | undefined, config: TrainConfig): string {
  const layers = [...config.hidden, config.task === 'binary' ? 1 : 10].join('-')
  return `${preset ?? 'custom'} ${layers} ${config.optimizer} lr ${config.lr}`
}

/** Config and sweep problems are the user's to fix: pass their sentences on as they are. */
function asWorkbenchError<T>(fn: () => T): T {
  try {
    return fn()
  } catch (error) {
    if (error instanceof ConfigError || error instanceof SweepError) throw new WorkbenchError(error.message, error.name)
    throw error
  }
}
