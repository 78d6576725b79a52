import { describe, expect, it } from 'vitest'
import { checkLabelGaps, classCounts, makeDataset, splitTail, takeFirst } from './dataset'
import type { Dataset } from './dataset'
import { countLabels, IdxError, parseIdxImages, parseIdxLabels } from './idx'
import { idxBytes, IMAGES_MAGIC, imagesFile, labelsFile } from './idxFixtures'

function datasetOf(labels: number[], rows = 2, cols = 2, maxClasses = 10): Dataset {
  const images = parseIdxImages(imagesFile(labels.length, rows, cols), 'imgs')
  return makeDataset('toy', images, parseIdxLabels(labelsFile(labels), 'lbls'), 'imgs', 'lbls', maxClasses)
}

function idxFault(build: () => unknown): { message: string; file: string } {
  try {
    build()
  } catch (err) {
    expect(err).toBeInstanceOf(IdxError)
    return { message: (err as IdxError).message, file: (err as IdxError).file }
  }
  throw new Error('expected an IdxError')
}

describe('makeDataset', () => {
  it('scales pixels to [0, 1] in row-major order and fills in the shape', () => {
    const pixels = Uint8Array.of(0, 51, 255, 128, 1, 2)
    const images = parseIdxImages(idxBytes(IMAGES_MAGIC, [2, 1, 3], pixels), 'imgs')
    const ds = makeDataset('toy', images, parseIdxLabels(labelsFile([3, 1]), 'lbls'), 'imgs', 'lbls')
    expect(ds).toMatchObject({ name: 'toy', count: 2, rows: 1, cols: 3, features: 3, numClasses: 4 })
    expect(ds.images).toBeInstanceOf(Float32Array)
    expect(Array.from(ds.images)).toEqual(Array.from(pixels, (p) => Math.fround(p / 255)))
    expect(ds.images[1]).toBeCloseTo(0.2, 7)
    expect(ds.images[2]).toBe(1)
    expect(Array.from(ds.labels)).toEqual([3, 1])
  })

  it('has at least two classes even when every label is 0', () => {
    expect(datasetOf([0, 0, 0]).numClasses).toBe(2)
  })

  it('names both files when the counts differ', () => {
    const images = parseIdxImages(imagesFile(3, 1, 1), 'train-images')
    const labels = parseIdxLabels(labelsFile([1, 2]), 'train-labels')
    expect(idxFault(() => makeDataset('x', images, labels, 'train-images', 'train-labels'))).toEqual({
      message: 'train-images and train-labels: 3 images but 2 labels',
      file: 'train-images',
    })
  })

  it('names the label and its index when a label is out of range', () => {
    const labels = Array.from({ length: 400 }, (_, i) => (i === 345 ? 12 : i % 10))
    expect(idxFault(() => datasetOf(labels, 1, 1, 10))).toEqual({
      message: 'lbls: label 12 at index 345 is out of range 0–9',
      file: 'lbls',
    })
    expect(datasetOf(labels, 1, 1, 256).numClasses).toBe(13)
  })

  it('counts the classes from the labels present', () => {
    expect(
      datasetOf(
        Array.from({ length: 100 }, (_, i) => i % 10),
        1,
        1,
        256,
      ).numClasses,
    ).toBe(10)
    expect(datasetOf([0, 1, 5], 1, 1, 256).numClasses).toBe(6)
  })

  it('rejects pixel or label arrays that disagree with their counts', () => {
    const images = { count: 2, rows: 2, cols: 2, pixels: new Uint8Array(7) }
    const labels = { count: 2, labels: new Uint8Array(2) }
    expect(idxFault(() => makeDataset('x', images, labels, 'imgs', 'lbls')).message).toBe(
      'imgs: 7 pixels for 2 images of 2×2',
    )
    const shortLabels = { count: 2, labels: new Uint8Array(1) }
    const goodImages = { ...images, pixels: new Uint8Array(8) }
    expect(idxFault(() => makeDataset('x', goodImages, shortLabels, 'imgs', 'lbls')).message).toBe(
      'lbls: 1 label bytes for 2 labels',
    )
  })

  it('rejects a maxClasses outside 2–256', () => {
    const images = parseIdxImages(imagesFile(1, 1, 1), 'i')
    const labels = parseIdxLabels(labelsFile([0]), 'l')
    expect(() => makeDataset('x', images, labels, 'i', 'l', 1)).toThrow('maxClasses 1 must be an integer from 2 to 256')
    expect(() => makeDataset('x', images, labels, 'i', 'l', 257)).toThrow(RangeError)
  })
})

describe('splitTail', () => {
  const ds = datasetOf([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])

  it('takes the LAST examples as the tail, as views of the same memory', () => {
    const { head, tail } = splitTail(ds, 3)
    expect([head.count, tail.count]).toEqual([7, 3])
    expect(Array.from(head.labels)).toEqual([0, 1, 2, 3, 4, 5, 6])
    expect(Array.from(tail.labels)).toEqual([7, 8, 9])
    expect(Array.from(tail.images)).toEqual(Array.from(ds.images.subarray(7 * 4)))
    expect(tail.images.buffer).toBe(ds.images.buffer)
    expect(tail.labels.buffer).toBe(ds.labels.buffer)
    expect(tail.numClasses).toBe(10)
  })

  it('allows an empty tail', () => {
    const { head, tail } = splitTail(ds, 0)
    expect(head.count).toBe(10)
    expect(tail.count).toBe(0)
    expect(tail.images.length).toBe(0)
    expect(tail.labels.length).toBe(0)
  })

  it('rejects a tail that would leave no head, or is negative or fractional', () => {
    const message = 'toy: cannot split off 10 examples; need a whole number from 0 to 9 (the set has 10)'
    expect(() => splitTail(ds, 10)).toThrow(message)
    expect(() => splitTail(ds, -1)).toThrow(RangeError)
    expect(() => splitTail(ds, 1.5)).toThrow(RangeError)
  })
})

describe('takeFirst and classCounts', () => {
  const ds = datasetOf([1, 1, 2, 0, 1])

  it('takes a prefix as a view', () => {
    const first = takeFirst(ds, 2)
    expect(first.count).toBe(2)
    expect(first.images.length).toBe(2 * ds.features)
    expect(first.images.buffer).toBe(ds.images.buffer)
    expect(takeFirst(ds, 0).count).toBe(0)
    expect(() => takeFirst(ds, 6)).toThrow('toy: cannot take 6 examples; need a whole number from 0 to 5')
  })

  it('counts every class, including ones a subset lacks', () => {
    expect(classCounts(ds)).toEqual([1, 3, 1])
    expect(classCounts(takeFirst(ds, 2))).toEqual([0, 2, 0])
  })
})

describe('checkLabelGaps', () => {
  const gapFault = (labels: number[]) => idxFault(() => checkLabelGaps(countLabels(Uint8Array.from(labels)), 'lbls'))

  it('allows a class or two with no examples (a digit left out)', () => {
    for (const labels of [[0, 1, 5], [1, 2, 3], [0], [0, 2, 4, 6]])
      expect(() => checkLabelGaps(countLabels(Uint8Array.from(labels)), 'lbls'), String(labels)).not.toThrow()
  })

  it('refuses one label of 200 among 0–9, which would make 201 classes, naming it and where it first is', () => {
    const stray = Array.from({ length: 100 }, (_, i) => (i === 57 ? 200 : i % 10))
    expect(gapFault(stray)).toEqual({
      message:
        'lbls: label 200 (first at index 57) leaves most classes empty: the labels present are 0–9 and 200, ' +
        'which would make 201 classes, 190 of them with no examples; number the classes 0, 1, 2, … without large gaps',
      file: 'lbls',
    })
    expect(gapFault([200, 200]).message).toContain(
      'the labels present are 200, which would make 201 classes, 200 of them with no examples',
    )
    expect(gapFault([0, 1, 2, 9, 10, 11, 50]).message).toContain('the labels present are 0–2, 9–11 and 50')
  })
})
