import type { TrainConfig } from '../train/config'
import type { ConfusionRecord, RunQuery, RunSummary, Series, SeriesRequest, MetricPoint } from '../runs/run'
import type { DatasetImport, DatasetInfo } from '../data/datasetInfo'
import type { Drawing, DrawingScore } from '../sketch/drawing'
import type { SweepPreview, SweepSpec, SweepSummary } from '../sweeps/spec'

export interface ExportRequest {
  runIds: number[]
  /** 'runs-csv': one row per run with params and final metrics; 'series-csv' / 'series-json': every metric point. */
  format: 'runs-csv' | 'series-csv' | 'series-json'
}

export interface ExportResult {
  fileName: string
  mimeType: string
  content: string
}

/** Test images the model put in one confusion cell, with what it predicted. */
export interface TestExamplesRequest {
  runId: number
  trueClass: number
  predictedClass: number
  limit: number
}

export interface TestExample {
  /** Index in the test file. */
  index: number
  trueClass: number
  predictedClass: number
  /** One probability per output class (for a binary model: [rest, positive]). */
  probabilities: number[]
  /** rows × cols grey levels 0–255, base64. */
  pixels: string
}

export interface TestExamples {
  rows: number
  cols: number
  /** How many test images are in this cell in all (the examples are the first `limit`). */
  total: number
  examples: TestExample[]
}

export interface SavedModelText {
  runId: number
  /** The model as modelToJson wrote it (architecture, base64 float32 weights, meta). */
  json: string
}

/**
 * Every call from the renderer to a host. The Electron preload and the WebSocket client both implement it; the
 * hosts serve it from the same services. Errors arrive as `WorkbenchError` with a sentence to show.
 */
export interface WorkbenchCalls {
  version(): Promise<string>
  listRuns(query: RunQuery): Promise<{ runs: RunSummary[]; total: number }>
  getRun(runId: number): Promise<RunSummary>
  deleteRuns(runIds: number[]): Promise<{ deleted: number }>
  metricSeries(request: SeriesRequest): Promise<Series[]>
  confusion(runId: number): Promise<ConfusionRecord[]>
  model(runId: number): Promise<SavedModelText>
  testExamples(request: TestExamplesRequest): Promise<TestExamples>
  launchRun(config: Partial<TrainConfig> & { preset?: string; name?: string }): Promise<{ runId: number }>
  previewSweep(spec: SweepSpec): Promise<SweepPreview>
  launchSweep(spec: SweepSpec): Promise<{ sweepId: number; runIds: number[] }>
  cancelRuns(runIds: number[]): Promise<{ cancelled: number }>
  requeueRuns(runIds: number[]): Promise<{ requeued: number }>
  setTags(runId: number, tags: string[]): Promise<void>
  setNotes(runId: number, notes: string): Promise<void>
  listSweeps(): Promise<SweepSummary[]>
  listDatasets(): Promise<DatasetInfo[]>
  importDataset(request: DatasetImport): Promise<DatasetInfo>
  exportRuns(request: ExportRequest): Promise<ExportResult>
  getConcurrency(): Promise<number>
  setConcurrency(limit: number): Promise<number>
  saveDrawing(drawing: { label: number; pixels: string }): Promise<Drawing>
  listDrawings(): Promise<Drawing[]>
  deleteDrawing(drawingId: number): Promise<{ deleted: number }>
  scoreOnDrawings(runIds: number[]): Promise<DrawingScore[]>
}

/** Events from a host to every open window. */
export interface WorkbenchEvents {
  runUpdated: RunSummary
  runsDeleted: { runIds: number[] }
  metrics: { runId: number; points: MetricPoint[] }
  sweepUpdated: SweepSummary
}

export type CallName = keyof WorkbenchCalls
export type EventName = keyof WorkbenchEvents

/** What `window.workbench` exposes: the calls plus one `on…` subscription per event, each returning an unsubscribe. */
export type WorkbenchApi = WorkbenchCalls & {
  [E in EventName as `on${Capitalize<E>}`]: (listener: (payload: WorkbenchEvents[E]) => void) => () => void
}

/** How an error crosses a process boundary: as data, rebuilt on the other side. */
export interface ErrorData {
  name: string
  message: string
}

export class WorkbenchError extends Error {
  constructor(message: string, name = 'WorkbenchError') {
    super(message)
    this.name = name
  }
  static fromData(data: ErrorData): WorkbenchError {
    return new WorkbenchError(data.message, data.name)
  }
}

export function toErrorData(error: unknown): ErrorData {
  if (error instanceof Error) return { name: error.name, message: error.message }
  return { name: 'Error', message: String(error) }
}

/** The `domain:verb` channel of a call, e.g. listRuns → runs:list. */
export const CHANNELS: Record<CallName, string> = {
  version: 'app:version',
  listRuns: 'runs:list',
  getRun: 'runs:get',
  deleteRuns: 'runs:delete',
  metricSeries: 'metrics:series',
  confusion: 'runs:confusion',
  model: 'runs:model',
  testExamples: 'runs:test-examples',
  launchRun: 'runs:launch',
  previewSweep: 'sweeps:preview',
  launchSweep: 'sweeps:launch',
  cancelRuns: 'runs:cancel',
  requeueRuns: 'runs:requeue',
  setTags: 'runs:tags',
  setNotes: 'runs:notes',
  listSweeps: 'sweeps:list',
  listDatasets: 'datasets:list',
  importDataset: 'datasets:import',
  exportRuns: 'runs:export',
  getConcurrency: 'scheduler:get-concurrency',
  setConcurrency: 'scheduler:set-concurrency',
  saveDrawing: 'drawings:save',
  listDrawings: 'drawings:list',
  deleteDrawing: 'drawings:delete',
  scoreOnDrawings: 'drawings:score',
}

/** The channel of each event, e.g. runUpdated → runs:updated. */
export const EVENT_CHANNELS: Record<EventName, string> = {
  runUpdated: 'runs:updated',
  runsDeleted: 'runs:deleted',
  metrics: 'metrics:appended',
  sweepUpdated: 'sweeps:updated',
}

/** A call's outcome as it crosses a process boundary: errors travel as data, never as thrown objects. */
export type CallResult<T> = { ok: true; value: T } | { ok: false; error: ErrorData }

/** The value of a result, or its error rebuilt as a WorkbenchError carrying the host's sentence. */
export function unwrapResult<T>(result: CallResult<T>): T {
  if (result && result.ok === true) return result.value
  if (result && result.ok === false) throw WorkbenchError.fromData(result.error)
  throw new WorkbenchError('the host sent a reply this window does not understand')
}
