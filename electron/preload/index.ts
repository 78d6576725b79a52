// The bridge: one method per call and one on… subscription per event under window.workbench. Nothing else —
// never ipcRenderer itself, never a generic invoke(channel).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import {
  CHANNELS,
  EVENT_CHANNELS,
  unwrapResult,
  type CallName,
  type EventName,
  type WorkbenchApi,
  type WorkbenchCalls,
  type WorkbenchEvents,
} from '../../shared/ipc/workbench'

function call<N extends CallName>(name: N) {
  return async (...args: Parameters<WorkbenchCalls[N]>): Promise<Awaited<ReturnType<WorkbenchCalls[N]>>> =>
    unwrapResult<Awaited<ReturnType<WorkbenchCalls[N]>>>(await ipcRenderer.invoke(CHANNELS[name], ...args))
}

function subscribe<E extends EventName>(name: E) {
  return (listener: (payload: WorkbenchEvents[E]) => void): (() => void) => {
    const handler = (_event: IpcRendererEvent, payload: WorkbenchEvents[E]): void => listener(payload)
    ipcRenderer.on(EVENT_CHANNELS[name], handler)
    return () => ipcRenderer.removeListener(EVENT_CHANNELS[name], handler)
  }
}

const api: WorkbenchApi = {
  version: call('version'),
  listRuns: call('listRuns'),
  getRun: call('getRun'),
  deleteRuns: call('deleteRuns'),
  metricSeries: call('metricSeries'),
  confusion: call('confusion'),
  model: call('model'),
  testExamples: call('testExamples'),
  launchRun: call('launchRun'),
  previewSweep: call('previewSweep'),
  launchSweep: call('launchSweep'),
  cancelRuns: call('cancelRuns'),
  requeueRuns: call('requeueRuns'),
  setTags: call('setTags'),
  setNotes: call('setNotes'),
  listSweeps: call('listSweeps'),
  listDatasets: call('listDatasets'),
  importDataset: call('importDataset'),
  exportRuns: call('exportRuns'),
  getConcurrency: call('getConcurrency'),
  setConcurrency: call('setConcurrency'),
  saveDrawing: call('saveDrawing'),
  listDrawings: call('listDrawings'),
  deleteDrawing: call('deleteDrawing'),
  scoreOnDrawings: call('scoreOnDrawings'),
  onRunUpdated: subscribe('runUpdated'),
  onRunsDeleted: subscribe('runsDeleted'),
  onMetrics: subscribe('metrics'),
  onSweepUpdated: subscribe('sweepUpdated'),
}

contextBridge.exposeInMainWorld('workbench', api)
