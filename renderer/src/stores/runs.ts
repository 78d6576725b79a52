import { defineStore } from 'pinia'
import { computed, ref, shallowRef, triggerRef } from 'vue'
import type { RunStatus, RunSummary } from '../../../shared/runs/run'
import type { SweepSummary } from '../../../shared/sweeps/spec'
import type { ExportRequest } from '../../../shared/ipc/workbench'
import type { DatasetInfo } from '../../../shared/data/datasetInfo'
import { workbench } from '../api'
import { useNotifyStore } from './notify'

export type SortKey =
  | 'id'
  | 'name'
  | 'status'
  | 'bestValAccuracy'
  | 'testAccuracy'
  | 'myDigitsAccuracy'
  | 'duration'
  | 'createdAt'
  | `param:${string}`

export interface RunFilter {
  text: string
  statuses: RunStatus[]
  sweepId: number | null
  /** Hyperparameter conditions such as `lr<0.1` or `optimizer=adam`. */
  params: Array<{ key: string; op: '=' | '!=' | '<' | '<=' | '>' | '>='; value: string }>
}

export function runDurationSeconds(run: RunSummary, now = Date.now()): number | null {
  if (!run.startedAt) return null
  return ((run.finishedAt ?? now) - run.startedAt) / 1000
}

/**
 * Every run the host has, kept current by its events. Filtering and sorting happen here, in memory: a page of
 * 2,000 runs filters as fast as the user types, and live updates patch one run without a reload.
 */
export const useRunsStore = defineStore('runs', () => {
  const notify = useNotifyStore()
  const byId = shallowRef(new Map<number, RunSummary>())
  const loaded = ref(false)
  const filter = ref<RunFilter>({ text: '', statuses: [], sweepId: null, params: [] })
  const sortKey = ref<SortKey>('id')
  const sortDir = ref<'asc' | 'desc'>('desc')
  const selected = ref<Set<number>>(new Set())
  // names and shapes the table shows beside the runs
  const sweeps = shallowRef(new Map<number, SweepSummary>())
  const datasets = shallowRef(new Map<string, DatasetInfo>())
  let subscribed = false
  let subscribedSweeps = false

  const all = computed(() => [...byId.value.values()])
  const visible = computed(() => {
    // read the reactive filter once, not once per run
    const f = filter.value
    const plain: RunFilter = {
      text: f.text,
      statuses: [...f.statuses],
      sweepId: f.sweepId,
      params: f.params.map((p) => ({ ...p })),
    }
    return sortRuns(
      all.value.filter((run) => matches(run, plain)),
      sortKey.value,
      sortDir.value,
    )
  })
  /** The selected runs the filters show: what the selection actions act on. */
  const selectedVisible = computed(() =>
    selected.value.size === 0 ? [] : visible.value.filter((run) => selected.value.has(run.id)),
  )

  async function load(): Promise<void> {
    subscribe()
    const result = await notify.attempt('loading runs', () =>
      workbench.listRuns({ limit: 10000, sortBy: 'createdAt', sortDir: 'desc' }),
    )
    if (!result) return
    byId.value = new Map(result.runs.map((run) => [run.id, run]))
    loaded.value = true
  }

  function subscribe(): void {
    if (subscribed) return
    subscribed = true
    workbench.onRunUpdated((run) => upsert(run))
    workbench.onRunsDeleted(({ runIds }) => forget(runIds))
  }

  function upsert(run: RunSummary): void {
    byId.value.set(run.id, run)
    triggerRef(byId)
  }

  function forget(runIds: number[]): void {
    for (const id of runIds) {
      byId.value.delete(id)
      selected.value.delete(id)
    }
    triggerRef(byId)
  }

  function toggleSelected(runId: number, on = !selected.value.has(runId)): void {
    const next = new Set(selected.value)
    if (on) next.add(runId)
    else next.delete(runId)
    selected.value = next
  }

  function selectOnly(runIds: number[]): void {
    selected.value = new Set(runIds)
  }

  /** Shift-click: selects every visible run from the anchor to this one, in table order. */
  function selectRange(anchorId: number, runId: number): void {
    const ids = visible.value.map((run) => run.id)
    const from = ids.indexOf(anchorId)
    const to = ids.indexOf(runId)
    if (from < 0 || to < 0) return toggleSelected(runId, true)
    const next = new Set(selected.value)
    for (const id of ids.slice(Math.min(from, to), Math.max(from, to) + 1)) next.add(id)
    selected.value = next
  }

  /** Selects (or clears) every run the filters show, not only the rows on screen. */
  function selectAllVisible(on: boolean): void {
    const next = new Set(selected.value)
    for (const run of visible.value) {
      if (on) next.add(run.id)
      else next.delete(run.id)
    }
    selected.value = next
  }

  function clearFilter(): void {
    filter.value = { text: '', statuses: [], sweepId: null, params: [] }
  }

  /** Sweep names and dataset shapes for the table's columns; sweeps stay current from their events. */
  async function loadLabels(): Promise<void> {
    if (!subscribedSweeps) {
      subscribedSweeps = true
      workbench.onSweepUpdated((sweep) => {
        sweeps.value.set(sweep.id, sweep)
        triggerRef(sweeps)
      })
    }
    const [sweepList, datasetList] = await Promise.all([
      notify.attempt('loading sweeps', () => workbench.listSweeps()),
      notify.attempt('loading datasets', () => workbench.listDatasets()),
    ])
    if (sweepList) sweeps.value = new Map(sweepList.map((sweep) => [sweep.id, sweep]))
    if (datasetList) datasets.value = new Map(datasetList.map((dataset) => [dataset.name, dataset]))
  }

  function sortBy(key: SortKey): void {
    if (sortKey.value === key) sortDir.value = sortDir.value === 'asc' ? 'desc' : 'asc'
    else {
      sortKey.value = key
      sortDir.value = key === 'name' || key === 'status' ? 'asc' : 'desc'
    }
  }

  async function deleteRuns(runIds: number[]): Promise<boolean> {
    const result = await notify.attempt('deleting runs', () => workbench.deleteRuns(runIds))
    if (!result) return false
    forget(runIds)
    notify.push('info', `deleted ${result.deleted} run${result.deleted === 1 ? '' : 's'}`)
    return true
  }

  async function cancel(runIds: number[]): Promise<void> {
    await notify.attempt('cancelling runs', () => workbench.cancelRuns(runIds))
  }

  async function requeue(runIds: number[]): Promise<void> {
    const result = await notify.attempt('re-queueing runs', () => workbench.requeueRuns(runIds))
    if (result)
      notify.push(
        'info',
        `re-queued ${result.requeued} run${result.requeued === 1 ? '' : 's'} (they start from scratch)`,
      )
  }

  async function setTags(runId: number, tags: string[]): Promise<void> {
    await notify.attempt('saving tags', () => workbench.setTags(runId, tags))
  }

  async function setNotes(runId: number, notes: string): Promise<void> {
    await notify.attempt('saving notes', () => workbench.setNotes(runId, notes))
  }

  /** Asks the host for the export and hands it to the browser as a download. */
  async function exportRuns(runIds: number[], format: ExportRequest['format']): Promise<void> {
    const result = await notify.attempt('exporting', () => workbench.exportRuns({ runIds, format }))
    if (!result) return
    const url = URL.createObjectURL(new Blob([result.content], { type: result.mimeType }))
    const link = document.createElement('a')
    link.href = url
    link.download = result.fileName
    link.click()
    setTimeout(() => URL.revokeObjectURL(url), 1000)
  }

  return {
    byId,
    loaded,
    filter,
    sortKey,
    sortDir,
    selected,
    all,
    visible,
    load,
    upsert,
    forget,
    toggleSelected,
    selectOnly,
    sortBy,
    deleteRuns,
    cancel,
    requeue,
    setTags,
    setNotes,
    exportRuns,
    sweeps,
    datasets,
    selectedVisible,
    selectRange,
    selectAllVisible,
    clearFilter,
    loadLabels,
  }
})

function paramValue(run: RunSummary, key: string): unknown {
  return (run.config as unknown as Record<string, unknown>)[key]
}

export function matches(run: RunSummary, filter: RunFilter): boolean {
  if (filter.statuses.length > 0 && !filter.statuses.includes(run.status)) return false
  if (filter.sweepId !== null && run.sweepId !== filter.sweepId) return false
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean)
  if (words.length > 0) {
    const haystack = searchText(run)
    if (!words.every((w) => haystack.includes(w))) return false
  }
  return filter.params.every(({ key, op, value }) => compare(paramValue(run, key), op, value))
}

// A run's searchable text, built once per run object: an update replaces the object, and with it this entry.
const searchTexts = new WeakMap<RunSummary, string>()

function searchText(run: RunSummary): string {
  let text = searchTexts.get(run)
  if (text === undefined) {
    text = [run.name, run.status, run.dataset, run.notes, ...run.tags, ...Object.values(run.config).map(String)]
      .join(' ')
      .toLowerCase()
    searchTexts.set(run, text)
  }
  return text
}

function compare(actual: unknown, op: RunFilter['params'][number]['op'], wanted: string): boolean {
  if (actual === undefined) return false
  const text = Array.isArray(actual) ? actual.join(',') : String(actual)
  const a = Number(actual)
  const b = Number(wanted)
  const numeric = typeof actual === 'number' && wanted.trim() !== '' && Number.isFinite(b)
  switch (op) {
    case '=':
      return numeric ? a === b : text === wanted
    case '!=':
      return numeric ? a !== b : text !== wanted
    case '<':
      return numeric && a < b
    case '<=':
      return numeric && a <= b
    case '>':
      return numeric && a > b
    case '>=':
      return numeric && a >= b
  }
}

const STATUS_ORDER: RunStatus[] = [
  'running',
  'queued',
  'finished',
  'pruned',
  'diverged',
  'failed',
  'cancelled',
  'interrupted',
]

export function sortRuns(runs: RunSummary[], key: SortKey, dir: 'asc' | 'desc'): RunSummary[] {
  const value = (run: RunSummary): number | string | null => {
    if (key.startsWith('param:')) {
      const v = paramValue(run, key.slice(6))
      return v === undefined ? null : typeof v === 'number' ? v : String(v)
    }
    switch (key) {
      case 'status':
        return STATUS_ORDER.indexOf(run.status)
      case 'duration':
        return runDurationSeconds(run)
      default:
        return run[key as 'id' | 'name' | 'bestValAccuracy' | 'testAccuracy' | 'myDigitsAccuracy' | 'createdAt']
    }
  }
  const sign = dir === 'asc' ? 1 : -1
  return [...runs].sort((x, y) => {
    const a = value(x)
    const b = value(y)
    // runs without the value go last either way
    if (a === null && b === null) return y.id - x.id
    if (a === null) return 1
    if (b === null) return -1
    const order = typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b))
    return order !== 0 ? sign * order : y.id - x.id
  })
}
