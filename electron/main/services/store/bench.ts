/**
 * Store benchmarks for `npm run bench`: numbers only, nothing asserted. Each takes a path for a fresh database
 * file and leaves the file behind for the caller to remove.
 */
import type { MetricPoint } from '../../../../shared/runs/run'
import { DEFAULT_CONFIG } from '../../../../shared/train/config'
import { SqliteStore } from './sqliteStore'

const BATCH_POINTS = 200
const STEPS_PER_EPOCH = 469 // MNIST at batch 128

/**
 * Metric points per second written by `trainers` runs at once, each sending `pointsPerTrainer` points in batches
 * of about 200 as a trainer does (train/loss and lr every step, the four evaluation metrics every epoch), the
 * batches interleaved across runs and each written with appendMetrics, as the host does on each message.
 */
export async function measureIngest(dbPath: string, trainers = 8, pointsPerTrainer = 50_000): Promise<number> {
  const store = SqliteStore.open(dbPath)
  try {
    const runIds = Array.from({ length: trainers }, (_, i) =>
      store.createRun({ name: `ingest ${i + 1}`, config: { ...DEFAULT_CONFIG, seed: i + 1 }, sweepId: null }),
    )
    const streams = runIds.map((runId) => ({ runId, batches: trainerBatches(pointsPerTrainer) }))
    let written = 0
    const start = performance.now()
    let active = streams
    while (active.length > 0) {
      active = active.filter((stream) => {
        const next = stream.batches.next()
        if (next.done) return false
        store.appendMetrics(stream.runId, next.value)
        written += next.value.length
        return true
      })
      // messages from trainer processes arrive on the event loop, one at a time
      await new Promise((resolve) => setImmediate(resolve))
    }
    return written / ((performance.now() - start) / 1000)
  } finally {
    store.close()
  }
}

function* trainerBatches(total: number): Generator<MetricPoint[]> {
  let sent = 0
  let step = 0
  let batch: MetricPoint[] = []
  const t0 = Date.now()
  const push = (name: MetricPoint['name'], value: number) => {
    batch.push({ name, step, epoch: step / STEPS_PER_EPOCH, value, wallTime: t0 + step })
    sent++
  }
  while (sent < total) {
    step++
    push('train/loss', 2.3 * Math.exp(-step / 2000) + Math.random() * 0.1)
    push('lr', 0.01)
    if (step % STEPS_PER_EPOCH === 0) {
      for (const name of ['train/loss_epoch', 'train/accuracy', 'val/loss', 'val/accuracy'] as const)
        push(name, Math.random())
    }
    if (batch.length >= BATCH_POINTS || sent >= total) {
      yield batch
      batch = []
    }
  }
  if (batch.length > 0) yield batch
}

/** Milliseconds for one filtered, param-sorted page of `runs` runs (the runs view with a big history). */
export function measureListRuns(dbPath: string, runs = 2000): number {
  const store = SqliteStore.open(dbPath)
  try {
    store.transaction(() => {
      for (let i = 0; i < runs; i++) {
        const config = { ...DEFAULT_CONFIG, lr: 10 ** -(1 + (i % 40) / 10), hidden: [32 + (i % 7) * 32], seed: i }
        const runId = store.createRun({ name: `run ${i}`, config, sweepId: null })
        store.finishRun(runId, {
          status: i % 9 === 0 ? 'diverged' : 'finished',
          error: null,
          testAccuracy: 0.8 + (i % 100) / 1000,
          testLoss: 0.3,
          finishedAt: 1,
        })
      }
    })
    const query = {
      text: 'relu',
      statuses: ['finished' as const],
      params: [{ key: 'lr', op: '<' as const, value: 0.01 }],
      sortBy: 'param:lr' as const,
      limit: 100,
    }
    store.listRuns(query)
    const reps = 20
    const start = performance.now()
    for (let i = 0; i < reps; i++) store.listRuns(query)
    return (performance.now() - start) / reps
  } finally {
    store.close()
  }
}
