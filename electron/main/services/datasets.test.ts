// Importing datasets into a real workbench (real SQLite file, real files on disk): a name is a label, never a path.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { idxBytes, IMAGES_MAGIC, imagesFile, labelsFile } from '../../../shared/data/idxFixtures'
import { loadIdxDataset } from '../../../shared/data/idxFile'
import { DatasetFolders } from './datasetFolders'
import { Datasets } from './datasets'
import { SqliteStore } from './store/sqliteStore'
import { tempFolder, type TempFolder } from './store/testing'
import { smallConfig, tsxTrainerSpawner, until, writeMnistSubset } from './trainers/testing'
import type { TrainerSpawner } from './trainers/spawner'
import { openWorkbench, type Workbench } from './workbench'

const NO_TRAINERS: TrainerSpawner = {
  spawn() {
    throw new Error('these tests start no trainers')
  },
}

let folder: TempFolder
let dataDir: string
let dbPath: string
let sources: string
let workbench: Workbench

/** The user's files around the database: one beside it, one in the folder above. */
const bystanders = (): string[] => [join(dataDir, 'notes.txt'), join(folder.dir, 'keep.txt')]

function open(spawner: TrainerSpawner = NO_TRAINERS): Workbench {
  workbench = openWorkbench({ dbPath, spawner })
  return workbench
}

function source(name: string, bytes: Uint8Array): string {
  const path = join(sources, name)
  writeFileSync(path, bytes)
  return path
}

const toyImport = (name: string) => ({
  name,
  trainImages: source('train-images', imagesFile(6, 4, 4)),
  trainLabels: source('train-labels', labelsFile([0, 1, 2, 0, 1, 2])),
  testImages: source('test-images', imagesFile(3, 4, 4)),
  testLabels: source('test-labels', labelsFile([2, 1, 0])),
})

function expectUserDataIntact(): void {
  expect(existsSync(dbPath)).toBe(true)
  for (const file of bystanders()) expect(existsSync(file), file).toBe(true)
}

function storedFiles(name: string): string[] {
  const record = workbench.store.getDataset(name)
  if (!record) throw new Error(`no dataset "${name}" in the store`)
  return [record.trainImages, record.trainLabels, record.testImages, record.testLabels].filter(
    (file): file is string => file !== null,
  )
}

beforeEach(() => {
  folder = tempFolder()
  dataDir = join(folder.dir, 'data')
  sources = join(folder.dir, 'sources')
  mkdirSync(dataDir)
  mkdirSync(sources)
  dbPath = join(dataDir, 'workbench.db')
  for (const file of bystanders()) writeFileSync(file, 'mine')
})

afterEach(async () => {
  await workbench?.close()
  folder.cleanup()
})

describe('importing a dataset under a name that looks like a path', () => {
  it.each(['..', '.', '../x', 'a/b', 'a\\b', '../../keep.txt', '/tmp'])(
    'keeps "%s" as a label: the files go to a generated folder inside datasets/ and nothing else is touched',
    async (name) => {
      open()
      const earlier = await workbench.calls.importDataset({ ...toyImport('earlier') })
      const info = await workbench.calls.importDataset(toyImport(name))
      expect(info).toMatchObject({ name, builtIn: false, trainCount: 6, testCount: 3, rows: 4, cols: 4, classes: 3 })
      expectUserDataIntact()

      const root = join(dataDir, 'datasets')
      const files = storedFiles(name)
      expect(files).toHaveLength(4)
      for (const file of files) {
        const rel = relative(root, file)
        expect(rel.split(sep), file).toHaveLength(2) // <generated folder>/<fixed file name>
        expect(rel.startsWith('..'), file).toBe(false)
        expect(rel).toMatch(/^import-[0-9a-z]+-[0-9a-f]{12}[/\\](train|test)-(images|labels)\.idx$/)
      }
      const [trainImages, trainLabels, testImages, testLabels] = files
      expect(loadIdxDataset(trainImages, trainLabels, name).count).toBe(6)
      expect(loadIdxDataset(testImages, testLabels, name).count).toBe(3)
      // the dataset imported first keeps its files, and the folder holds no leftovers
      for (const file of storedFiles(earlier.name)) expect(existsSync(file), file).toBe(true)
      expect(readdirSync(root).every((entry) => /^import-[0-9a-z]+-[0-9a-f]{12}$/.test(entry))).toBe(true)

      await workbench.close()
      open()
      expect((await workbench.calls.listDatasets()).map((d) => d.name)).toEqual(['mnist', ...[name, 'earlier'].sort()])
      expectUserDataIntact()
    },
  )

  it('refuses names that are empty, too long, hold control characters, or are "mnist"', async () => {
    open()
    const cases: Array<[string, RegExp]> = [
      ['   ', /1–60 characters, got 0/],
      ['x'.repeat(61), /1–60 characters, got 61/],
      ['a\nb', /control characters/],
      ['MNIST', /built-in dataset/],
    ]
    for (const [name, message] of cases)
      await expect(workbench.calls.importDataset(toyImport(name)), JSON.stringify(name)).rejects.toThrow(message)
    expect((await workbench.calls.listDatasets()).map((d) => d.name)).toEqual(['mnist'])
    expect(existsSync(join(dataDir, 'datasets')) ? readdirSync(join(dataDir, 'datasets')) : []).toEqual([])
  })

  it('a failed import removes only its own folder; a second import of a name is refused', async () => {
    open()
    await workbench.calls.importDataset(toyImport('..'))
    const kept = storedFiles('..')
    await expect(
      workbench.calls.importDataset({ ...toyImport('.'), trainLabels: source('short', labelsFile([0, 1])) }),
    ).rejects.toThrow(/6 images but 2 labels/)
    await expect(workbench.calls.importDataset(toyImport('..'))).rejects.toThrow('a dataset named ".." already exists')
    for (const file of kept) expect(existsSync(file)).toBe(true)
    expect(readdirSync(join(dataDir, 'datasets'))).toEqual([relative(join(dataDir, 'datasets'), dirname(kept[0]))])
    expectUserDataIntact()
  })

  it('a dataset stored before generated folders (a folder named after it) keeps working', async () => {
    open()
    const oldFolder = join(dataDir, 'datasets', 'fashion')
    mkdirSync(oldFolder, { recursive: true })
    const old = toyImport('fashion')
    const paths = { trainImages: join(oldFolder, 'train-images.idx'), trainLabels: join(oldFolder, 'train-labels.idx') }
    writeFileSync(paths.trainImages, imagesFile(6, 4, 4))
    writeFileSync(paths.trainLabels, labelsFile([0, 1, 2, 0, 1, 2]))
    workbench.store.saveDataset({
      name: old.name,
      builtIn: false,
      ...paths,
      testImages: null,
      testLabels: null,
      trainCount: 6,
      testCount: 0,
      rows: 4,
      cols: 4,
      classes: 3,
    })
    await workbench.calls.importDataset(toyImport('fashion 2'))
    expect((await workbench.calls.listDatasets()).map((d) => d.name)).toEqual(['mnist', 'fashion', 'fashion 2'])
    for (const file of Object.values(paths)) expect(existsSync(file)).toBe(true)
  })

  it('trains on a dataset named ".." by its label', async () => {
    open(tsxTrainerSpawner())
    const subset = writeMnistSubset(sources)
    await workbench.calls.importDataset({
      ...subset,
      testImages: subset.testImages!,
      testLabels: subset.testLabels!,
      name: '..',
    })
    const { runId } = await workbench.calls.launchRun({ ...smallConfig(), dataset: '..', name: 'dot dot' })
    const ended = () => !['queued', 'running'].includes(workbench.store.getRun(runId)?.status ?? 'queued')
    await until('the run on ".." to end', ended, 45_000)
    expect(workbench.store.getRun(runId)).toMatchObject({ status: 'finished', dataset: '..', error: null })
    expectUserDataIntact()
  })
})

describe('DatasetFolders', () => {
  it('accepts only paths strictly inside its root', () => {
    const folders = new DatasetFolders(join(folder.dir, 'datasets'))
    const root = folders.root
    expect(folders.inside(join(root, 'import-1', 'a.idx'))).toBe(join(root, 'import-1', 'a.idx'))
    expect(folders.inside('import-1')).toBe(join(root, 'import-1'))
    for (const outside of [
      root,
      `${root}${sep}.`,
      join(root, '..'),
      join(root, 'x', '..', '..', 'y'),
      `${root}-other`,
      '/etc',
    ])
      expect(() => folders.inside(outside), outside).toThrow(/is not inside the datasets folder/)
  })
})

const MiB = 2 ** 20

/** What is left in the datasets folder: only complete imports, never a staging folder. */
const datasetFolders = (): string[] =>
  existsSync(join(dataDir, 'datasets')) ? readdirSync(join(dataDir, 'datasets')) : []

/** A big raw images file (zero pixels) and its labels: `count` images of 28×28. */
function bigImport(name: string, count: number) {
  return {
    name,
    trainImages: source(`big-images-${count}`, idxBytes(IMAGES_MAGIC, [count, 28, 28], count * 784)),
    trainLabels: source(`big-labels-${count}`, labelsFile(Array.from({ length: count }, (_, i) => i % 10))),
  }
}

describe('importing off the host’s event loop', () => {
  it('refuses a FIFO, a device and a folder at once, with a sentence, while other calls are answered', async () => {
    open()
    const fifo = join(sources, 'fifo')
    execFileSync('mkfifo', [fifo])
    const { trainLabels } = toyImport('x')
    const cases: Array<[string, string]> = [
      [fifo, `${fifo} is a named pipe (FIFO), not a file: only regular files can be imported`],
      ['/dev/zero', '/dev/zero is a device, not a file: only regular files can be imported'],
      [sources, `${sources} is a folder, not an IDX file`],
    ]
    for (const [trainImages, message] of cases) {
      const importing = workbench.calls.importDataset({ name: 'odd', trainImages, trainLabels })
      expect(await workbench.calls.listDatasets()).toHaveLength(1)
      await expect(importing).rejects.toThrow(message)
    }
    // the FIFO as a test set, after good training files: refused before anything is read
    await expect(workbench.calls.importDataset({ ...toyImport('odd'), testImages: fifo })).rejects.toThrow(
      'named pipe (FIFO)',
    )
    expect(datasetFolders()).toEqual([])
    expect((await workbench.calls.listDatasets()).map((d) => d.name)).toEqual(['mnist'])
  })

  it.each([
    ['a valid header of 2 images', imagesFile(2, 28, 28), /has more than 1,048,576 bytes after the end of the data/],
    ['a header that declares 1 GiB', idxBytes(IMAGES_MAGIC, [1369, 784, 1000]), /imports IDX files of up to 512 MB/],
  ])('refuses a gzip bomb (1 MB that expands to 1 GiB) behind %s, with a sentence', async (_, head, message) => {
    open()
    const member = gzipSync(new Uint8Array(MiB))
    const bomb = Buffer.concat([gzipSync(head), ...Array.from({ length: 1024 }, () => member)])
    const trainImages = source('bomb.gz', bomb)
    const { trainLabels } = toyImport('x')
    await expect(workbench.calls.importDataset({ name: 'bomb', trainImages, trainLabels })).rejects.toThrow(message)
    expect(datasetFolders()).toEqual([])
  })

  it('answers the host’s timers while a big file is read, with progress, then records it', async () => {
    const store = folder.track(SqliteStore.open(dbPath))
    const datasets = new Datasets(store, join(dataDir, 'datasets'))
    const progress: number[] = []
    let progressWhenTicked: number | null = null
    const onProgress = (fraction: number): void => {
      progress.push(fraction)
      if (progress.length === 1) setTimeout(() => (progressWhenTicked = progress.length), 0)
    }
    const importing = datasets.import(bigImport('big', 30_000), { onProgress, progressIntervalMs: 0 })
    await expect(datasets.import(toyImport('big'))).rejects.toThrow('a dataset named "big" is being imported already')
    const info = await importing
    expect(info).toMatchObject({ name: 'big', trainCount: 30_000, rows: 28, cols: 28, classes: 10 })
    // the timer fired while the worker was still reading: progress below 1 kept arriving after it
    expect(progressWhenTicked).not.toBeNull()
    expect(progress.slice(progressWhenTicked!).filter((f) => f < 1).length).toBeGreaterThan(0)
    expect(progress).toEqual([...progress].sort((a, b) => a - b))
    expect(progress.at(-1)).toBe(1)
  })

  it('close() cancels an import under way and removes what it had written', async () => {
    const store = folder.track(SqliteStore.open(dbPath))
    const datasets = new Datasets(store, join(dataDir, 'datasets'))
    let closing: Promise<void> | null = null
    const importing = datasets.import(bigImport('big', 30_000), {
      progressIntervalMs: 0,
      onProgress: () => (closing ??= datasets.close()),
    })
    await expect(importing).rejects.toThrow('the import was cancelled')
    await closing
    expect(datasetFolders()).toEqual([])
    expect(store.listDatasets()).toEqual([])
    await expect(datasets.import(toyImport('later'))).rejects.toThrow('the workbench is closing')
  })
})

describe('what an import says about its labels and about files that are not IDX', () => {
  const tenClassLabels = Array.from({ length: 100 }, (_, i) => i % 10)
  const images = () => source('images-100', imagesFile(100, 2, 2))

  it('takes the class count from the labels present and refuses one label of 200 among 0–9', async () => {
    open()
    const trainLabels = source('labels-10', labelsFile(tenClassLabels))
    expect(await workbench.calls.importDataset({ name: 'ten', trainImages: images(), trainLabels })).toMatchObject({
      classes: 10,
    })
    const stray = source('labels-200', labelsFile(tenClassLabels.map((label, i) => (i === 42 ? 200 : label))))
    await expect(
      workbench.calls.importDataset({ name: 'stray', trainImages: images(), trainLabels: stray }),
    ).rejects.toThrow(
      `${stray}: label 200 (first at index 42) leaves most classes empty: the labels present are 0–9 and 200, ` +
        'which would make 201 classes, 190 of them with no examples',
    )
    // a test set may lack a class, but not add one the training set does not have
    const testLabels = source('test-labels-11', labelsFile(tenClassLabels.map((label, i) => (i === 7 ? 10 : label))))
    await expect(
      workbench.calls.importDataset({
        name: 'eleven',
        trainImages: images(),
        trainLabels,
        testImages: images(),
        testLabels,
      }),
    ).rejects.toThrow(`${testLabels}: label 10 at index 7 is out of range 0–9`)
    expect((await workbench.calls.listDatasets()).map((d) => d.name)).toEqual(['mnist', 'ten'])
  })

  it('says "not an IDX file" for /etc/passwd without echoing any of its bytes', async () => {
    open()
    const { trainLabels } = toyImport('x')
    const importing = workbench.calls.importDataset({ name: 'passwd', trainImages: '/etc/passwd', trainLabels })
    const message = await importing.then(
      () => '',
      (error: Error) => error.message,
    )
    expect(message).toBe(
      '/etc/passwd: not an IDX file (an IDX file begins with two zero bytes, a data type and a dimension count)',
    )
    expect(message).not.toMatch(/magic|0x|726F6F74|root/i)
  })
})
