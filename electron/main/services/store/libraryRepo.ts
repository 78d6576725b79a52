import type { DatasetInfo } from '../../../../shared/data/datasetInfo'
import { ms } from './rows'
import type { Statements } from './statements'

/** A dataset as the store keeps it: what the UI lists plus where a trainer finds the IDX files. */
export interface DatasetRecord extends DatasetInfo {
  trainImages: string
  trainLabels: string
  testImages: string | null
  testLabels: string | null
  createdAt: number
}

interface DatasetRow {
  name: string
  built_in: number
  train_images: string
  train_labels: string
  test_images: string | null
  test_labels: string | null
  train_count: number
  test_count: number
  rows: number
  cols: number
  classes: number
  created_at: number
}

const DATASET_COLUMNS =
  'name, built_in, train_images, train_labels, test_images, test_labels, train_count, test_count, rows, cols, classes, created_at'

/** The user's library beside the runs: imported datasets and app settings. */
export class LibraryRepo {
  constructor(private readonly sql: Statements) {}

  listDatasets(): DatasetRecord[] {
    const rows = this.sql
      .get(`SELECT ${DATASET_COLUMNS} FROM datasets ORDER BY built_in DESC, name`)
      .all() as DatasetRow[]
    return rows.map(toDatasetRecord)
  }

  getDataset(name: string): DatasetRecord | null {
    const row = this.sql.get(`SELECT ${DATASET_COLUMNS} FROM datasets WHERE name = ?`).get(name) as
      DatasetRow | undefined
    return row === undefined ? null : toDatasetRecord(row)
  }

  /** Adds the dataset, or replaces the one of the same name (re-importing updates paths and counts). */
  saveDataset(dataset: Omit<DatasetRecord, 'createdAt'> & { createdAt?: number }): DatasetRecord {
    const createdAt = ms(dataset.createdAt ?? Date.now())
    this.sql
      .get(
        `INSERT INTO datasets (${DATASET_COLUMNS})
         VALUES (@name, @builtIn, @trainImages, @trainLabels, @testImages, @testLabels, @trainCount, @testCount, @rows, @cols, @classes, @createdAt)
         ON CONFLICT (name) DO UPDATE SET built_in = excluded.built_in, train_images = excluded.train_images,
           train_labels = excluded.train_labels, test_images = excluded.test_images, test_labels = excluded.test_labels,
           train_count = excluded.train_count, test_count = excluded.test_count, rows = excluded.rows, cols = excluded.cols,
           classes = excluded.classes`,
      )
      .run({
        name: dataset.name,
        builtIn: dataset.builtIn ? 1 : 0,
        trainImages: dataset.trainImages,
        trainLabels: dataset.trainLabels,
        testImages: dataset.testImages,
        testLabels: dataset.testLabels,
        trainCount: dataset.trainCount,
        testCount: dataset.testCount,
        rows: dataset.rows,
        cols: dataset.cols,
        classes: dataset.classes,
        createdAt,
      })
    return this.getDataset(dataset.name)!
  }

  deleteDataset(name: string): boolean {
    return this.sql.get('DELETE FROM datasets WHERE name = ?').run(name).changes > 0
  }

  /** The stored value, or `fallback` when the key was never set. */
  getSetting<T>(key: string, fallback: T): T {
    const text = this.sql.get('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined
    return text === undefined ? fallback : (JSON.parse(text) as T)
  }

  setSetting(key: string, value: unknown): void {
    const text = JSON.stringify(value)
    if (text === undefined) throw new TypeError(`setting ${key}: ${String(value)} cannot be stored`)
    this.sql
      .get('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(key, text)
  }
}

function toDatasetRecord(row: DatasetRow): DatasetRecord {
  return {
    name: row.name,
    builtIn: row.built_in === 1,
    trainImages: row.train_images,
    trainLabels: row.train_labels,
    testImages: row.test_images,
    testLabels: row.test_labels,
    trainCount: row.train_count,
    testCount: row.test_count,
    rows: row.rows,
    cols: row.cols,
    classes: row.classes,
    createdAt: row.created_at,
  }
}
