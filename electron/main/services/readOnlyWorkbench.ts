import { METRIC_NAMES, type RunSummary } from '../../../shared/runs/run'
import { WorkbenchError, type WorkbenchCalls } from '../../../shared/ipc/workbench'
import { runsToCsv, seriesToCsv, seriesToJson } from './export'
import { SqliteStore } from './store/sqliteStore'

/** The calls that only read: what a looker (the `runs` and `export` commands) may do while the app writes. */
export type ReadCalls = Pick<
  WorkbenchCalls,
  'listRuns' | 'getRun' | 'listSweeps' | 'metricSeries' | 'confusion' | 'model' | 'exportRuns'
>

export interface ReadOnlyWorkbench {
  calls: ReadCalls
  store: SqliteStore
  close(): void
}

/**
 * Opens an existing database read-only: no writer lock, no migration, no scheduler, so it works while the app or
 * `npm run serve` has the same file open (SQLite's WAL lets readers and the writer go on at once).
 */
export function openReadOnlyWorkbench(dbPath: string): ReadOnlyWorkbench {
  const store = SqliteStore.open(dbPath, { readonly: true })
  return { calls: readCalls(store), store, close: () => store.close() }
}

/** The read calls over a store; the same sentences as the full workbench's for a run that does not exist. */
export function readCalls(store: SqliteStore): ReadCalls {
  const requireRun = (runId: number): RunSummary => {
    const run = store.getRun(runId)
    if (!run) throw new WorkbenchError(`run ${runId} does not exist (it may have been deleted)`)
    return run
  }
  return {
    listRuns: async (query) => store.listRuns(query),
    getRun: async (runId) => requireRun(runId),
    listSweeps: async () => store.listSweeps(),
    metricSeries: async (request) => store.metricSeries(request),
    confusion: async (runId) => store.confusion(requireRun(runId).id),
    model: async (runId) => {
      const model = store.model(requireRun(runId).id)
      if (!model) throw new WorkbenchError(`run ${runId} has no saved model (only finished runs keep one)`)
      return model
    },
    exportRuns: async ({ runIds, format }) => {
      const runs = runIds.map(requireRun)
      if (format === 'runs-csv') return runsToCsv(runs)
      const series = store.metricSeries({ runIds, names: [...METRIC_NAMES] })
      return format === 'series-csv' ? seriesToCsv(series) : seriesToJson(series)
    },
  }
}
