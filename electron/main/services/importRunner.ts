// Runs one import's reading in a worker thread (importWorker.ts), so a big file, a gzip bomb or a slow disk never
// holds up the host's event loop: trainers keep being heard and every other call keeps being answered.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { z } from 'zod'
import { WorkbenchError, type ErrorData } from '../../../shared/ipc/workbench'
import type { ImportCounts, ImportJob } from './datasetCheck'
import { TSX_EXEC_ARGV } from './trainers/spawner'

export type FromImportWorker =
  { type: 'progress'; fraction: number } | { type: 'done'; counts: ImportCounts } | { type: 'error'; error: ErrorData }

const count = z.number().int().nonnegative()
const fromWorker = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), fraction: z.number().min(0).max(1) }),
  z.object({
    type: z.literal('done'),
    counts: z.object({ trainCount: count, testCount: count, rows: count, cols: count, classes: count }),
  }),
  z.object({ type: z.literal('error'), error: z.object({ name: z.string(), message: z.string() }) }),
])

/** How to start the worker: the built file, or the TypeScript source under tsx. */
export interface WorkerEntry {
  file: string
  execArgv: string[]
}

/** The worker's entry beside this module: importWorker.ts from source, importWorker.js in out/main when built. */
export function importWorkerEntry(): WorkerEntry {
  if (__filename.endsWith('.ts')) return { file: join(__dirname, 'importWorker.ts'), execArgv: TSX_EXEC_ARGV }
  // bundled, this code sits in out/main or in out/main/chunks; the worker is an entry of its own in out/main
  const file = [join(__dirname, 'importWorker.js'), join(__dirname, '..', 'importWorker.js')].find(existsSync)
  if (!file) throw new WorkbenchError(`the import worker is missing beside ${__dirname}; rebuild the app`)
  return { file, execArgv: [] }
}

export interface RunOptions {
  onProgress?: (fraction: number) => void
  signal?: AbortSignal
  /** How long a cancelled worker may take to stop before it is terminated. */
  cancelGraceMs?: number
  progressIntervalMs?: number
}

/** Checks and copies an import's files in a worker; rejects with the reader's sentence, or as cancelled. */
export function runImportWorker(job: ImportJob, entry: WorkerEntry, options: RunOptions = {}): Promise<ImportCounts> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(cancelled())
    // a bounded heap: the worker holds headers and counts, never a whole file
    const worker = new Worker(entry.file, {
      workerData: { ...job, progressIntervalMs: options.progressIntervalMs } satisfies ImportJob,
      execArgv: entry.execArgv,
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    })
    let outcome: { ok: true; counts: ImportCounts } | { ok: false; error: Error } | null = null
    const settle = (result: NonNullable<typeof outcome>): void => {
      outcome ??= result
    }
    let terminateTimer: ReturnType<typeof setTimeout> | null = null
    const onAbort = (): void => {
      settle({ ok: false, error: cancelled() })
      worker.postMessage({ type: 'cancel' })
      terminateTimer = setTimeout(() => void worker.terminate(), options.cancelGraceMs ?? 1000)
    }
    options.signal?.addEventListener('abort', onAbort, { once: true })
    worker.on('message', (raw: unknown) => {
      const parsed = fromWorker.safeParse(raw)
      if (!parsed.success)
        return settle({ ok: false, error: new WorkbenchError('the import worker sent a bad message') })
      const message = parsed.data
      if (message.type === 'progress') options.onProgress?.(message.fraction)
      else if (message.type === 'done') settle({ ok: true, counts: message.counts })
      else settle({ ok: false, error: WorkbenchError.fromData(message.error) })
    })
    worker.on('error', (error) =>
      settle({ ok: false, error: new WorkbenchError(`the import failed: ${error.message}`) }),
    )
    // the answer is given only once the worker is gone: its files are closed, so the host may move or remove them
    worker.on('exit', (code) => {
      options.signal?.removeEventListener('abort', onAbort)
      if (terminateTimer) clearTimeout(terminateTimer)
      settle({ ok: false, error: new WorkbenchError(`the import stopped before it finished (exit code ${code})`) })
      if (outcome?.ok) resolve(outcome.counts)
      else reject(outcome?.error)
    })
  })
}

function cancelled(): WorkbenchError {
  return new WorkbenchError('the import was cancelled', 'AbortError')
}
