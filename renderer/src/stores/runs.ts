import { defineStore } from 'pinia'
import { computed, ref, shallowRef, triggerRef } from 'vue'
import type { RunStatus, RunSummary } from '../../../shared/ipc/runs'
import type { ExportRequest } from '../../../shared/ipc/workbench'
import { workbench } from '../api'
import { useNotifyStore } from './notify'

export type SortKey = 'id' | 'name' | 'status' | 'bestValAccuracy' | 'testAccuracy' | 'duration' | 'createdAt' | `param:${string}`

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
  let subscribed = false

  const all = computed(() => [...byId.value.values()])
  const visible = computed(() => sortRuns(all.value.filter((run) => matches(run, filter.value)), sortKey.value, sortDir.value))

  async function load(): Promise<void> {
    subscribe()
    const result = await notify.attempt('loading runs', () => workbench.listRuns({ limit: 10000, sortBy: 'createdAt', sortDir: 'desc' }))
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
    if (result) notify.push('info', `re-queued ${result.requeued} run${result.requeued === 1 ? '' : 's'} (they start from scratch)`)
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
    byId, loaded, filter, sortKey, sortDir, selected, all, visible,
    load, upsert, forget, toggleSelected, selectOnly, sortBy, deleteRuns, cancel, requeue, setTags, setNotes, exportRuns,
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
    const haystack = [run.name, run.status, run.dataset, run.notes, ...run.tags, ...Object.values(run.config).map(String)].join(' ').toLowerCase()
    if (!words.every((w) => haystack.includes(w))) return false
  }
  return filter.params.every(({ key, op, value }) => compare(paramValue(run, key), op, value))
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

const STATUS_ORDER: RunStatus[] = ['running', 'queued', 'finished', 'pruned', 'diverged', 'failed', 'cancelled', 'interrupted']

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
        return run[key as 'id' | 'name' | 'bestValAccuracy' | 'testAccuracy' | 'createdAt']
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
