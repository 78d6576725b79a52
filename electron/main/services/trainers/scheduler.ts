import { messageOf } from '../../../../shared/format'
import { availableParallelism } from 'node:os'
import type { DatasetFiles } from '../../../../shared/ipc/trainer'
import type { RunStore } from '../runStore'
import type { TrainerHandle, TrainerSpawner } from './spawner'
import { finishRun, TrainerRun, type RunContext, type SchedulerEvents } from './trainerRun'

export type { SchedulerEvents } from './trainerRun'

export interface SchedulerOptions {
  store: RunStore
  spawner: TrainerSpawner
  /** Where a dataset's IDX files are; throws, in words, for a dataset it does not know. */
  datasetFiles: (name: string) => DatasetFiles
  /** A sweep's median-pruning rule, or null when the sweep does not prune. */
  sweepPruning?: (sweepId: number) => { warmupEpochs: number } | null
  /** Trainers at once; default: one per core. */
  concurrency?: number
  /** Threads for a run that starts with no other run live or queued (a sweep's runs get one each); default 2 where there are 2 cores. */
  loneRunThreads?: number
  /** A trainer that says nothing (not even a heartbeat) for this long is killed. */
  silenceTimeoutMs?: number
  /** How long a trainer asked to cancel may take before it is killed. */
  cancelGraceMs?: number
  /** Progress goes to the store at most this often per run. */
  progressIntervalMs?: number
  /** Where the scheduler reports its own trouble (a run's trouble goes in the run). */
  log?: (message: string) => void
}

export const SHUTDOWN_MESSAGE = 'the app was closed while this run was running'
export const MAX_CONCURRENCY = 64

/**
 * Starts queued runs (FIFO, from the store) in trainer processes, as many at once as allowed, and records what
 * they report through the RunStore. A trainer that crashes, hangs, lies or is killed fails only its own run.
 */
export class Scheduler {
  private readonly store: RunStore
  private readonly context: RunContext
  private readonly live = new Map<number, TrainerRun>()
  private readonly listeners: { [E in keyof SchedulerEvents]: Set<SchedulerEvents[E]> } = {
    runUpdated: new Set(),
    metrics: new Set(),
  }
  private readonly idleWaiters: Array<() => void> = []
  private limit: number
  private closed = false
  private pumping = false

  constructor(private readonly options: SchedulerOptions) {
    this.store = options.store
    this.limit = clampConcurrency(options.concurrency ?? availableParallelism())
    const log = options.log ?? ((message: string) => console.error(`scheduler: ${message}`))
    this.context = {
      store: options.store,
      emit: (event, ...args) => this.emit(event, ...args),
      log,
      silenceTimeoutMs: options.silenceTimeoutMs ?? 30_000,
      cancelGraceMs: options.cancelGraceMs ?? 5_000,
      progressIntervalMs: options.progressIntervalMs ?? 250,
    }
  }

  get concurrency(): number {
    return this.limit
  }

  /** Sets how many trainers may run at once (rounded, clamped to 1–64); runs above a lowered limit still finish. */
  setConcurrency(limit: number): number {
    if (!Number.isFinite(limit))
      throw new RangeError(`concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}, got ${limit}`)
    this.limit = clampConcurrency(limit)
    this.pump()
    return this.limit
  }

  /** Starts whatever the store has queued, e.g. runs re-queued or left queued when the app last closed. */
  start(): void {
    this.pump()
  }

  /** A run was just queued in the store: it starts when a slot is free, after the runs queued before it. */
  enqueue(_runId: number): void {
    this.pump()
  }

  /** Runs that have a trainer process now (a run is marked running once its trainer reports `started`). */
  liveRunIds(): number[] {
    return [...this.live.keys()]
  }

  /** Queued runs are cancelled at once; live ones are asked to stop and killed after the grace. Returns how many. */
  cancel(runIds: number[]): number {
    let cancelled = 0
    const queued = new Set(this.queuedRunIds())
    for (const runId of runIds) {
      const run = this.live.get(runId)
      if (run) {
        if (run.requestStop({ status: 'cancelled', error: null })) cancelled += 1
      } else if (queued.has(runId)) {
        finishRun(this.context, runId, { status: 'cancelled', error: 'cancelled before it started' })
        cancelled += 1
      }
    }
    this.checkIdle()
    return cancelled
  }

  /** On quit: starts nothing more, stops every live run (marked cancelled) and resolves once every trainer is gone. */
  async shutdown(): Promise<void> {
    this.closed = true
    const exits = [...this.live.values()].map((run) => {
      run.requestStop({ status: 'cancelled', error: SHUTDOWN_MESSAGE })
      return run.exited
    })
    await Promise.all(exits)
    this.checkIdle()
  }

  /** Resolves when no trainer is alive and nothing is left to start (or the scheduler is shut down). */
  idle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve)
      this.checkIdle()
    })
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends keyof SchedulerEvents>(event: E, listener: SchedulerEvents[E]): () => void {
    const set = this.listeners[event] as Set<SchedulerEvents[E]>
    set.add(listener)
    return () => set.delete(listener)
  }

  private emit<E extends keyof SchedulerEvents>(event: E, ...args: Parameters<SchedulerEvents[E]>): void {
    for (const listener of this.listeners[event]) {
      try {
        ;(listener as (...a: Parameters<SchedulerEvents[E]>) => void)(...args)
      } catch (error) {
        this.context.log(`a ${event} listener threw: ${messageOf(error)}`)
      }
    }
  }

  private pump(): void {
    if (this.closed || this.pumping) return
    this.pumping = true
    // a run whose launch failed and could not even be marked failed stays queued: try it once per pump, not forever
    const tried = new Set<number>()
    try {
      while (this.live.size < this.limit) {
        const next = this.queuedRunIds().find((id) => !this.live.has(id) && !tried.has(id))
        if (next === undefined) break
        tried.add(next)
        try {
          this.launch(next)
        } catch (error) {
          this.context.log(`run ${next}: could not be started: ${messageOf(error)}`)
        }
      }
    } finally {
      this.pumping = false
    }
    // a run offered a second thread keeps it only while it is the only one
    const alone = this.live.size === 1
    for (const run of this.live.values()) run.share(!alone)
    this.checkIdle()
  }

  private launch(runId: number): void {
    const run = this.store.getRun(runId)
    if (!run) return
    let dataset: DatasetFiles
    let handle: TrainerHandle
    try {
      dataset = this.options.datasetFiles(run.config.dataset)
    } catch (error) {
      return finishRun(this.context, runId, { status: 'failed', error: messageOf(error) })
    }
    try {
      handle = this.options.spawner.spawn()
    } catch (error) {
      return finishRun(this.context, runId, {
        status: 'failed',
        error: `could not start a trainer process: ${messageOf(error)}`,
      })
    }
    const pruning = run.sweepId === null ? null : (this.options.sweepPruning?.(run.sweepId) ?? null)
    const trainerRun = new TrainerRun(this.context, runId, run.sweepId, pruning, handle, () => {
      this.live.delete(runId)
      this.pump()
    })
    this.live.set(runId, trainerRun)
    const alone = this.live.size === 1 && this.queuedRunIds().every((id) => id === runId)
    trainerRun.start(
      run.config,
      dataset,
      alone ? (this.options.loneRunThreads ?? Math.min(2, availableParallelism())) : 1,
    )
  }

  private queuedRunIds(): number[] {
    try {
      return this.store.queuedRunIds()
    } catch (error) {
      this.context.log(`could not read the queue: ${messageOf(error)}`)
      return []
    }
  }

  private checkIdle(): void {
    if (this.idleWaiters.length === 0 || this.live.size > 0) return
    if (!this.closed && this.queuedRunIds().length > 0) return
    for (const resolve of this.idleWaiters.splice(0)) resolve()
  }
}

function clampConcurrency(limit: number): number {
  return Math.min(MAX_CONCURRENCY, Math.max(1, Math.round(limit)))
}
