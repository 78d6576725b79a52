// The import worker's entry (a worker_thread): checks and copies one import's files off the host's event loop,
// posting progress, then `done` with the counts or `error` with the sentence. A `cancel` message stops it.
import { parentPort, workerData } from 'node:worker_threads'
import { toErrorData } from '../../../shared/ipc/workbench'
import { checkAndCopy, type ImportJob } from './datasetCheck'
import type { FromImportWorker } from './importRunner'

const port = parentPort
if (!port) throw new Error('importWorker runs as a worker thread, started by importRunner.ts')
const controller = new AbortController()
port.on('message', (message: unknown) => {
  if ((message as { type?: unknown })?.type === 'cancel') controller.abort()
})
const post = (message: FromImportWorker): void => port.postMessage(message)
const job = workerData as ImportJob
// progress at most every 100 ms: a fast disk would otherwise post thousands of messages
const progressIntervalMs = job.progressIntervalMs ?? 100
let postedAt = 0
const onProgress = (fraction: number): void => {
  const now = Date.now()
  if (now - postedAt < progressIntervalMs && fraction < 1) return
  postedAt = now
  post({ type: 'progress', fraction })
}

checkAndCopy(job, { onProgress, signal: controller.signal })
  .then(
    (counts) => post({ type: 'done', counts }),
    (error: unknown) => post({ type: 'error', error: toErrorData(error) }),
  )
  .finally(() => port.close())
