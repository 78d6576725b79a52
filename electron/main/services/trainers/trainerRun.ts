import type { MetricPoint, RunStatus } from '../../../../shared/runs/run'
import { fromTrainerSchema, parseOrExplain } from '../../../../shared/ipc/schemas'
import type { DatasetFiles, FromTrainer } from '../../../../shared/ipc/trainer'
import { formatDuration, formatPercent, messageOf } from '../../../../shared/format'
import { median } from '../../../../shared/stats'
import { shouldPrune } from '../../../../shared/sweeps/pruning'
import type { TrainConfig } from '../../../../shared/train/config'
import type { RunStore } from '../runStore'
import { describeExit } from './exitReason'
import type { TrainerHandle } from './spawner'

export interface SchedulerEvents {
  runUpdated: (runId: number) => void
  metrics: (runId: number, points: MetricPoint[]) => void
}

/** What a run needs from its scheduler: where to write, whom to tell, and how patient to be. */
export interface RunContext {
  store: RunStore
  emit<E extends keyof SchedulerEvents>(event: E, ...args: Parameters<SchedulerEvents[E]>): void
  log(message: string): void
  silenceTimeoutMs: number
  cancelGraceMs: number
  progressIntervalMs: number
}

export type Outcome = {
  status: Exclude<RunStatus, 'queued' | 'running'>
  error: string | null
  testAccuracy?: number | null
  testLoss?: number | null
}
/** Why the host asked a trainer to stop; `error: null` keeps the trainer's own words ("cancelled at step 12 of 40"). */
export type StopReason = { status: 'cancelled' | 'pruned'; error: string | null }
type Progress = Extract<FromTrainer, { type: 'progress' }>
type Timer = ReturnType<typeof setTimeout>

/** Writes a run's final status and tells the listeners. */
export function finishRun(context: RunContext, runId: number, outcome: Outcome): void {
  const { status, error, testAccuracy = null, testLoss = null } = outcome
  context.store.finishRun(runId, { status, error, testAccuracy, testLoss, finishedAt: Date.now() })
  context.emit('runUpdated', runId)
}

/**
 * One run in one trainer process: checks what the trainer says, records it, watches for silence, stops it when
 * asked, and settles the run's status exactly once however the process ends. Never throws into its caller.
 */
export class TrainerRun {
  /** Resolves once the trainer process is gone. */
  readonly exited: Promise<void>
  private markExited: () => void = () => {}
  private stop: StopReason | null = null
  private settled = false
  /** Time the host was responsive since the trainer last spoke: the host's own stalls are not the trainer's silence. */
  private silentMs = 0
  private watchdog: ReturnType<typeof setInterval> | null = null
  private killTimer: Timer | null = null
  private pendingProgress: Progress | null = null
  private progressWrittenAt = 0
  private progressTimer: Timer | null = null

  constructor(
    private readonly context: RunContext,
    readonly runId: number,
    private readonly sweepId: number | null,
    private readonly pruning: { warmupEpochs: number } | null,
    private readonly handle: TrainerHandle,
    onGone: () => void,
  ) {
    this.exited = new Promise((resolve) => (this.markExited = resolve))
    handle.onMessage((message) => this.guard(() => this.receive(message)))
    handle.onExit((code, signal) => {
      try {
        this.exitedWith(code, signal)
      } finally {
        this.markExited()
        onGone()
      }
    })
  }

  start(config: TrainConfig, dataset: DatasetFiles, threads = 1): void {
    this.offeredThreads = threads
    this.guard(() => this.handle.send({ type: 'start', runId: this.runId, config, dataset, threads }))
    this.armWatchdog()
  }

  /** The threads this run was offered at start (2 when it had the machine to itself), and whether it has them now. */
  offeredThreads = 1
  private sharing = false

  /** Tells a run offered two threads to keep to one (`true`, another run is live) or take both again (`false`). */
  share(sharing: boolean): void {
    if (this.settled || this.offeredThreads < 2 || this.sharing === sharing) return
    this.sharing = sharing
    this.guard(() => this.handle.send({ type: 'threads', threads: sharing ? 1 : 2 }))
  }

  /** Asks the trainer to stop, killing it if it takes longer than the grace; false if it is already stopping or done. */
  requestStop(reason: StopReason): boolean {
    if (this.settled || this.stop) return false
    this.stop = reason
    this.guard(() => this.handle.send({ type: 'cancel' }))
    this.killAfterGrace()
    return true
  }

  private receive(raw: unknown): void {
    if (this.settled) return
    this.silentMs = 0
    let message: FromTrainer
    try {
      message = parseOrExplain(fromTrainerSchema, raw, 'trainer sent a malformed message')
    } catch (error) {
      return this.failAndKill(messageOf(error))
    }
    if ('runId' in message && message.runId !== null && message.runId !== this.runId) {
      return this.failAndKill(
        `trainer sent a malformed message: ${message.type} for run ${message.runId}, but it was started for run ${this.runId}`,
      )
    }
    const { store } = this.context
    const { runId } = this
    switch (message.type) {
      case 'heartbeat':
        return
      case 'started':
        store.markRunning(runId, message.totalSteps, Date.now())
        return this.context.emit('runUpdated', runId)
      case 'metrics':
        if (message.points.length === 0) return
        store.appendMetrics(runId, message.points)
        this.context.emit('metrics', runId, message.points)
        return this.considerPruning(message.points)
      case 'confusion':
        return store.appendConfusion(message.records.map((record) => ({ ...record, runId })))
      case 'progress':
        return this.recordProgress(message)
      case 'model':
        return store.saveModel(runId, message.model)
      case 'done': {
        const { status, testAccuracy, testLoss } = message
        if (status === 'cancelled') {
          const stop = this.stop ?? { status: 'cancelled', error: null }
          this.settle({ status: stop.status, error: stop.error ?? message.message, testAccuracy, testLoss })
        } else {
          this.settle({ status, error: status === 'diverged' ? message.message : null, testAccuracy, testLoss })
        }
        // a trainer exits by itself after done; one that lingers is killed
        return this.killAfterGrace()
      }
      case 'error':
        this.settle({ status: 'failed', error: message.message })
        return this.killAfterGrace()
    }
  }

  private considerPruning(points: MetricPoint[]): void {
    if (!this.pruning || this.sweepId === null || this.stop) return
    const { warmupEpochs } = this.pruning
    for (const point of points) {
      if (point.name !== 'val/accuracy' || !(point.epoch > warmupEpochs)) continue
      const others = this.context.store.sweepValAccuracyAt(this.sweepId, point.epoch, this.runId)
      if (!shouldPrune(point.value, others, point.epoch, warmupEpochs)) continue
      const middle = median(others.filter(Number.isFinite))
      this.requestStop({
        status: 'pruned',
        error: `pruned at epoch ${formatEpoch(point.epoch)}: validation accuracy ${formatPercent(point.value)} was below the sweep median ${formatPercent(middle)}`,
      })
      return
    }
  }

  private recordProgress(progress: Progress): void {
    this.pendingProgress = progress
    const since = Date.now() - this.progressWrittenAt
    if (since >= this.context.progressIntervalMs) this.writeProgress()
    else
      this.progressTimer ??= setTimeout(
        () => this.guard(() => this.writeProgress()),
        this.context.progressIntervalMs - since,
      )
  }

  private writeProgress(): void {
    if (this.progressTimer) clearTimeout(this.progressTimer)
    this.progressTimer = null
    const progress = this.pendingProgress
    if (!progress) return
    this.pendingProgress = null
    this.progressWrittenAt = Date.now()
    const { step, totalSteps, epoch, fraction, etaSeconds } = progress
    this.context.store.updateProgress(this.runId, { step, totalSteps, epoch, fraction, etaSeconds })
    this.context.emit('runUpdated', this.runId)
  }

  /**
   * Ticks often and counts only the time the host was responsive. A tick that comes far later than due means the host
   * itself stalled (a long synchronous call): that gap is not counted, and the verdict waits a tick, because the
   * trainer's messages may be waiting in the pipe behind this timer.
   */
  private armWatchdog(): void {
    const { silenceTimeoutMs } = this.context
    const tickMs = Math.max(10, Math.min(1000, silenceTimeoutMs / 10))
    let lastTick = Date.now()
    const tick = (): void => {
      const now = Date.now()
      const elapsed = now - lastTick
      lastTick = now
      if (this.settled) return this.stopWatchdog()
      if (elapsed > 2 * tickMs) return
      this.silentMs += elapsed
      if (this.silentMs >= silenceTimeoutMs)
        this.guard(() => this.failAndKill(`unresponsive (no message for ${formatDuration(silenceTimeoutMs / 1000)})`))
    }
    this.watchdog = setInterval(tick, tickMs)
  }

  private stopWatchdog(): void {
    if (this.watchdog) clearInterval(this.watchdog)
    this.watchdog = null
  }

  private killAfterGrace(): void {
    this.killTimer ??= setTimeout(() => this.handle.kill(), this.context.cancelGraceMs)
  }

  private failAndKill(error: string): void {
    try {
      this.settle({ status: 'failed', error })
    } finally {
      this.handle.kill()
    }
  }

  /** Records the run's final status once; whatever the trainer says after that is ignored. */
  private settle(outcome: Outcome): void {
    if (this.settled) return
    this.settled = true
    this.stopWatchdog()
    try {
      this.writeProgress()
    } finally {
      finishRun(this.context, this.runId, outcome)
    }
  }

  private exitedWith(code: number | null, signal: string | null): void {
    this.stopWatchdog()
    for (const timer of [this.killTimer, this.progressTimer]) if (timer) clearTimeout(timer)
    if (this.settled) return
    try {
      if (this.stop) {
        const { cancelGraceMs } = this.context
        this.settle({
          status: this.stop.status,
          error:
            this.stop.error ??
            `cancelled; the trainer did not stop within ${formatDuration(cancelGraceMs / 1000)} and was killed`,
        })
      } else {
        this.settle({ status: 'failed', error: describeExit(code, signal, this.handle.stderrTail?.() ?? []) })
      }
    } catch (error) {
      this.context.log(`run ${this.runId}: could not record how its trainer ended: ${messageOf(error)}`)
    }
  }

  // Every message handler runs through here: a store or transport error fails this run, never the host.
  private guard(work: () => void): void {
    try {
      work()
    } catch (error) {
      this.context.log(`run ${this.runId}: ${messageOf(error)}`)
      if (this.settled) return
      try {
        this.failAndKill(`the host could not handle this run's trainer: ${messageOf(error)}`)
      } catch (second) {
        this.context.log(`run ${this.runId}: could not mark it failed either: ${messageOf(second)}`)
      }
    }
  }
}

function formatEpoch(epoch: number): string {
  return Number.isInteger(epoch) ? String(epoch) : epoch.toFixed(2)
}
