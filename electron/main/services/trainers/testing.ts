// Helpers for the scheduler's tests: real trainers under tsx, a spawner that watches them, and scripted fakes.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readIdxBytes } from '../../../../shared/data/idxFile'
import { idxBytes, IMAGES_MAGIC, LABELS_MAGIC } from '../../../../shared/data/idxFixtures'
import { locateMnist } from '../../../../shared/data/mnist'
import type { DatasetFiles, ToTrainer } from '../../../../shared/ipc/trainer'
import { DEFAULT_CONFIG, type TrainConfig } from '../../../../shared/train/config'
import { nodeTrainerSpawner, TSX_EXEC_ARGV, type TrainerHandle, type TrainerSpawner } from './spawner'

export const TRAINER_ENTRY = fileURLToPath(new URL('../../../trainer/index.ts', import.meta.url))

export function tsxTrainerSpawner(): TrainerSpawner {
  return nodeTrainerSpawner(TRAINER_ENTRY, TSX_EXEC_ARGV, { maxOldSpaceMb: 512 })
}

/** A quick MNIST run: 1000 training examples, 500 for validation (the last of the file), 200 for test. */
export function smallConfig(overrides: Partial<TrainConfig> = {}): TrainConfig {
  return {
    ...DEFAULT_CONFIG,
    hidden: [32],
    lr: 0.1,
    batchSize: 50,
    epochs: 1,
    validationSize: 500,
    trainLimit: 1000,
    testLimit: 200,
    ...overrides,
  }
}

/**
 * The first `trainCount` and `testCount` MNIST examples as IDX files in `dir`: a trainer then loads 1500 images,
 * not 60,000, which keeps each test's trainers quick on a busy two-core machine.
 */
export function writeMnistSubset(dir: string, trainCount = 1500, testCount = 200): DatasetFiles {
  const mnist = locateMnist()
  const write = (name: string, images: string, labels: string, count: number): [string, string] => {
    const pixels = readIdxBytes(images).subarray(16, 16 + count * 28 * 28)
    const imagesPath = join(dir, `${name}-images-idx3-ubyte`)
    const labelsPath = join(dir, `${name}-labels-idx1-ubyte`)
    writeFileSync(imagesPath, idxBytes(IMAGES_MAGIC, [count, 28, 28], pixels))
    writeFileSync(labelsPath, idxBytes(LABELS_MAGIC, [count], readIdxBytes(labels).subarray(8, 8 + count)))
    return [imagesPath, labelsPath]
  }
  const [trainImages, trainLabels] = write('train', mnist.trainImages, mnist.trainLabels, trainCount)
  const [testImages, testLabels] = write('test', mnist.testImages, mnist.testLabels, testCount)
  return { name: 'mnist', trainImages, trainLabels, testImages, testLabels }
}

/** What the host received from one trainer, counted before the scheduler sees it. */
export interface ObservedTrainer {
  runId: number
  handle: TrainerHandle
  pointsReceived: number
  types: string[]
}

export interface ObservingSpawner extends TrainerSpawner {
  readonly runs: Map<number, ObservedTrainer>
  /** Trainer processes alive now, and the most ever alive at once. */
  alive(): number
  maxAlive(): number
}

/** Wraps a spawner to watch every trainer; `hook` sees each message first (e.g. to kill the trainer mid-run). */
export function observingSpawner(
  inner: TrainerSpawner,
  hook?: (trainer: ObservedTrainer, message: { type?: string }) => void,
): ObservingSpawner {
  const runs = new Map<number, ObservedTrainer>()
  let alive = 0
  let maxAlive = 0
  return {
    runs,
    alive: () => alive,
    maxAlive: () => maxAlive,
    spawn(): TrainerHandle {
      const handle = inner.spawn()
      alive += 1
      maxAlive = Math.max(maxAlive, alive)
      handle.onExit(() => (alive -= 1))
      let observed: ObservedTrainer | null = null
      return {
        pid: handle.pid,
        send(message: ToTrainer) {
          if (message.type === 'start') {
            observed = { runId: message.runId, handle, pointsReceived: 0, types: [] }
            runs.set(message.runId, observed)
          }
          handle.send(message)
        },
        onMessage(listener) {
          handle.onMessage((message) => {
            const m = message as { type?: string; points?: unknown[] }
            if (observed) {
              observed.types.push(String(m.type))
              if (m.type === 'metrics' && Array.isArray(m.points)) observed.pointsReceived += m.points.length
              hook?.(observed, m)
            }
            listener(message)
          })
        },
        onExit: (listener) => handle.onExit(listener),
        kill: () => handle.kill(),
        stderrTail: () => handle.stderrTail?.() ?? [],
      }
    },
  }
}

/** A trainer that does what its script says, in the same process. */
export class FakeTrainer implements TrainerHandle {
  readonly sent: ToTrainer[] = []
  killed = false
  exited = false
  stderrTail?: () => string[]
  private readonly messageListeners: Array<(message: unknown) => void> = []
  private readonly exitListeners: Array<(code: number | null, signal: string | null) => void> = []

  constructor(private readonly script: (trainer: FakeTrainer, message: ToTrainer) => void) {}

  send(message: ToTrainer): void {
    this.sent.push(message)
    setTimeout(() => this.script(this, message), 0)
  }

  onMessage(listener: (message: unknown) => void): void {
    this.messageListeners.push(listener)
  }

  onExit(listener: (code: number | null, signal: string | null) => void): void {
    this.exitListeners.push(listener)
  }

  kill(): void {
    this.killed = true
    setTimeout(() => this.exit(null, 'SIGKILL'), 0)
  }

  say(message: unknown): void {
    if (!this.exited) for (const listener of this.messageListeners) listener(message)
  }

  exit(code: number | null, signal: string | null = null): void {
    if (this.exited) return
    this.exited = true
    for (const listener of this.exitListeners) listener(code, signal)
  }
}

export function fakeSpawner(
  script: (trainer: FakeTrainer, message: ToTrainer) => void,
): TrainerSpawner & { trainers: FakeTrainer[] } {
  const trainers: FakeTrainer[] = []
  return {
    trainers,
    spawn() {
      const trainer = new FakeTrainer(script)
      trainers.push(trainer)
      return trainer
    },
  }
}

/** A fake that trains instantly: started, one batch of metrics, done, exit 0. */
export function wellBehaved(trainer: FakeTrainer, message: ToTrainer): void {
  if (message.type !== 'start') return
  const { runId } = message
  trainer.say({ type: 'started', runId, totalSteps: 1, parameterCount: 10 })
  trainer.say({
    type: 'metrics',
    runId,
    points: [{ name: 'train/loss', step: 1, epoch: 1, value: 0.5, wallTime: Date.now() }],
  })
  trainer.say({
    type: 'done',
    runId,
    status: 'finished',
    message: 'finished 1 steps',
    testAccuracy: 0.9,
    testLoss: 0.3,
  })
  trainer.exit(0)
}

/** Resolves when `check` holds, polling; rejects after `timeoutMs` saying what it waited for. */
export async function until(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const started = Date.now()
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
