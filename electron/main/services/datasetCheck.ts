// The whole of an import's reading: every file checked as a stream and copied as read. Runs in the import worker
// (importWorker.ts), never on a host's event loop; plain async code, so a test can also run it in place.
import { checkLabelGaps, checkSameCount, classesFromLabels } from '../../../shared/data/dataset'
import { IdxError, type IdxSummary, type LabelStats } from '../../../shared/data/idx'
import { checkIdxStream, regularFileSize } from '../../../shared/data/idxStream.node'

/** One file of an import: where the user's file is, and the new file (inside the datasets folder) to copy it to. */
export interface ImportFile {
  from: string
  to: string
}

export interface ImportPair {
  images: ImportFile
  labels: ImportFile
}

export interface ImportJob {
  train: ImportPair
  test: ImportPair | null
  /** Largest decompressed file; default MAX_IDX_BYTES. */
  maxBytes?: number
  /** The worker posts progress at most this often; default 100 ms. */
  progressIntervalMs?: number
}

/** What the store records about an import beside its paths. */
export interface ImportCounts {
  trainCount: number
  testCount: number
  rows: number
  cols: number
  classes: number
}

export interface CheckOptions {
  /** The share of the files' bytes read so far, 0–1. */
  onProgress?: (fraction: number) => void
  signal?: AbortSignal
}

/** Checks and copies every file; throws an IdxError naming the file and its fault. */
export async function checkAndCopy(job: ImportJob, options: CheckOptions = {}): Promise<ImportCounts> {
  const pairs = job.test ? [job.train, job.test] : [job.train]
  const files = pairs.flatMap((pair) => [pair.images, pair.labels])
  // every file is looked at before any is read: a FIFO or a folder is refused before minutes of reading
  const sizes = await Promise.all(files.map((file) => regularFileSize(file.from)))
  const total = Math.max(
    1,
    sizes.reduce((a, b) => a + b, 0),
  )
  let read = 0
  const onBytes = (bytes: number): void => {
    read += bytes
    options.onProgress?.(Math.min(1, read / total))
  }
  const check = (file: ImportFile, rank: 1 | 3): Promise<IdxSummary> =>
    checkIdxStream(file.from, rank, { copyTo: file.to, maxBytes: job.maxBytes, onBytes, signal: options.signal })

  const checked: Array<{ images: IdxSummary; labels: LabelStats }> = []
  for (const pair of pairs) {
    const images = await check(pair.images, 3)
    const labels = await check(pair.labels, 1)
    checkSameCount(images.sizes[0], labels.sizes[0], pair.images.from, pair.labels.from)
    checked.push({ images, labels: labels.labels as LabelStats })
  }
  const [train, test] = checked
  const [trainCount, rows, cols] = train.images.sizes
  if (test && (test.images.sizes[1] !== rows || test.images.sizes[2] !== cols)) {
    const [, testRows, testCols] = test.images.sizes
    throw new IdxError(
      job.test!.images.from,
      `test images are ${testRows}×${testCols} but training images are ${rows}×${cols}`,
    )
  }
  // the class count comes from the training labels; a test set may lack a class but not add one
  checkLabelGaps(train.labels, job.train.labels.from)
  const classes = classesFromLabels(train.labels, job.train.labels.from)
  if (test) classesFromLabels(test.labels, job.test!.labels.from, classes)
  return { trainCount, testCount: test?.images.sizes[0] ?? 0, rows, cols, classes }
}
