import type {
  ConfusionRecord,
  MetricPoint,
  RunQuery,
  RunSummary,
  Series,
  SeriesRequest,
} from '../../../../shared/runs/run'
import type { SweepSpec, SweepSummary } from '../../../../shared/sweeps/spec'
import type { SavedModelText } from '../../../../shared/ipc/workbench'
import type { DrawingScore } from '../../../../shared/sketch/drawing'
import type { TrainConfig } from '../../../../shared/train/config'
import type { RunStore } from '../runStore'
import { openDatabase, type OpenDatabase, type OpenOptions } from './database'
import { DrawingsRepo, type DrawingRecord } from './drawingsRepo'
import { LibraryRepo, type DatasetRecord } from './libraryRepo'
import { MetricsRepo } from './metricsRepo'
import { listRuns } from './runQuery'
import { RunsRepo } from './runsRepo'
import { Statements } from './statements'
import { SweepsRepo } from './sweepsRepo'

export type { DatasetRecord } from './libraryRepo'
export type { DrawingRecord } from './drawingsRepo'

/**
 * The workbench's one SQLite file: runs, their series, sweeps, datasets and settings. The scheduler sees it as a
 * RunStore; the API calls use the rest. Each method is one statement or one transaction.
 */
export class SqliteStore implements RunStore {
  private readonly sql: Statements
  private readonly runs: RunsRepo
  private readonly metrics: MetricsRepo
  private readonly sweeps: SweepsRepo
  private readonly library: LibraryRepo
  private readonly drawings: DrawingsRepo

  constructor(readonly database: OpenDatabase) {
    this.sql = new Statements(database.db)
    this.runs = new RunsRepo(this.sql)
    this.metrics = new MetricsRepo(this.sql)
    this.sweeps = new SweepsRepo(this.sql)
    this.library = new LibraryRepo(this.sql)
    this.drawings = new DrawingsRepo(this.sql)
  }

  static open(path: string, options: OpenOptions = {}): SqliteStore {
    return new SqliteStore(openDatabase(path, options))
  }

  close(): void {
    this.database.close()
  }

  /** Runs `fn` in one transaction, e.g. a sweep and all its runs, so a crash leaves all or none. */
  transaction<T>(fn: () => T): T {
    return this.sql.transaction(fn)
  }

  // RunStore: what the scheduler needs

  createRun(input: { name: string; config: TrainConfig; sweepId: number | null }): number {
    return this.runs.createRun(input)
  }
  getRun(runId: number): RunSummary | null {
    return this.runs.getRun(runId)
  }
  queuedRunIds(): number[] {
    return this.runs.queuedRunIds()
  }
  markRunning(runId: number, totalSteps: number, startedAt: number): void {
    this.runs.markRunning(runId, totalSteps, startedAt)
  }
  updateProgress(
    runId: number,
    progress: { step: number; totalSteps: number; epoch: number; fraction: number; etaSeconds: number },
  ): void {
    this.runs.updateProgress(runId, progress)
  }
  appendMetrics(runId: number, points: MetricPoint[]): void {
    this.metrics.appendMetrics(runId, points)
  }
  appendConfusion(records: ConfusionRecord[]): void {
    this.metrics.appendConfusion(records)
  }
  saveModel(runId: number, modelJson: string): void {
    this.metrics.saveModel(runId, modelJson)
  }
  finishRun(runId: number, outcome: Parameters<RunStore['finishRun']>[1]): void {
    this.runs.finishRun(runId, outcome)
  }
  requeueRun(runId: number): void {
    this.runs.requeueRun(runId)
  }
  sweepValAccuracyAt(sweepId: number, epoch: number, exceptRunId: number): number[] {
    return this.metrics.sweepValAccuracyAt(sweepId, epoch, exceptRunId)
  }

  // Runs, as the API lists and edits them

  listRuns(query: RunQuery): { runs: RunSummary[]; total: number } {
    return listRuns(this.sql, query)
  }
  /** Deletes the runs and everything hanging off them; returns how many existed. */
  deleteRuns(runIds: number[]): number {
    return this.runs.deleteRuns(runIds)
  }
  setTags(runId: number, tags: string[]): void {
    this.runs.setTags(runId, tags)
  }
  setNotes(runId: number, notes: string): void {
    this.runs.setNotes(runId, notes)
  }
  /** At start-up: every run left running or queued becomes interrupted, keeping its metrics. Returns how many. */
  markInterruptedAtStartup(): number {
    return this.runs.markInterruptedAtStartup()
  }

  // Series and artefacts

  metricSeries(request: SeriesRequest): Series[] {
    return this.metrics.metricSeries(request)
  }
  confusion(runId: number): ConfusionRecord[] {
    return this.metrics.confusion(runId)
  }
  model(runId: number): SavedModelText | null {
    return this.metrics.model(runId)
  }

  // Sweeps

  createSweep(name: string, spec: SweepSpec): number {
    return this.sweeps.createSweep(name, spec)
  }
  listSweeps(): SweepSummary[] {
    return this.sweeps.listSweeps()
  }
  getSweep(sweepId: number): SweepSummary | null {
    return this.sweeps.getSweep(sweepId)
  }

  // Datasets and settings

  listDatasets(): DatasetRecord[] {
    return this.library.listDatasets()
  }
  getDataset(name: string): DatasetRecord | null {
    return this.library.getDataset(name)
  }
  saveDataset(dataset: Omit<DatasetRecord, 'createdAt'> & { createdAt?: number }): DatasetRecord {
    return this.library.saveDataset(dataset)
  }
  deleteDataset(name: string): boolean {
    return this.library.deleteDataset(name)
  }
  getSetting<T>(key: string, fallback: T): T {
    return this.library.getSetting(key, fallback)
  }
  setSetting(key: string, value: unknown): void {
    this.library.setSetting(key, value)
  }

  // My digits

  saveDrawing(label: number, pixels: Uint8Array, createdAt?: number): DrawingRecord {
    return this.drawings.saveDrawing(label, pixels, createdAt)
  }
  listDrawings(): DrawingRecord[] {
    return this.drawings.listDrawings()
  }
  deleteDrawing(drawingId: number): boolean {
    return this.drawings.deleteDrawing(drawingId)
  }
  saveDrawingScore(score: DrawingScore): void {
    this.drawings.saveDrawingScore(score)
  }
  drawingScore(runId: number): DrawingScore | null {
    return this.drawings.drawingScore(runId)
  }

  /** `PRAGMA integrity_check` and foreign-key check: "ok", or one problem per line. */
  integrityCheck(): string {
    const problems = (this.database.db.pragma('integrity_check') as Array<{ integrity_check: string }>).map(
      (r) => r.integrity_check,
    )
    const orphans = this.database.db.pragma('foreign_key_check') as Array<{
      table: string
      rowid: number
      parent: string
    }>
    for (const o of orphans) problems.push(`${o.table} row ${o.rowid} points to a missing ${o.parent} row`)
    const real = problems.filter((p) => p !== 'ok')
    return real.length === 0 ? 'ok' : real.join('\n')
  }
}
