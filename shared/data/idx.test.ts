import { describe, expect, it } from 'vitest'
import { IdxError, isGzip, parseIdxImages, parseIdxLabels } from './idx'
import { IMAGES_MAGIC, LABELS_MAGIC, idxBytes, imagesFile, labelsFile } from './idxFixtures'

function imagesFault(bytes: Uint8Array): string {
  try {
    parseIdxImages(bytes, 'train-images')
  } catch (err) {
    expect(err).toBeInstanceOf(IdxError)
    expect((err as IdxError).file).toBe('train-images')
    return (err as IdxError).message
  }
  throw new Error('expected an IdxError')
}

function labelsFault(bytes: Uint8Array): string {
  try {
    parseIdxLabels(bytes, 'train-labels')
  } catch (err) {
    expect(err).toBeInstanceOf(IdxError)
    expect((err as IdxError).file).toBe('train-labels')
    return (err as IdxError).message
  }
  throw new Error('expected an IdxError')
}

describe('parseIdxImages', () => {
  it('reads the header and returns the pixels as a view of the input', () => {
    const bytes = imagesFile(3, 2, 4)
    const parsed = parseIdxImages(bytes, 'f')
    expect([parsed.count, parsed.rows, parsed.cols]).toEqual([3, 2, 4])
    expect(Array.from(parsed.pixels)).toEqual(Array.from({ length: 24 }, (_, i) => i))
    expect(parsed.pixels.buffer).toBe(bytes.buffer)
    expect(parsed.pixels.byteOffset).toBe(16)
  })

  it('reads a file that sits at an offset inside a larger buffer', () => {
    const file = imagesFile(2, 3, 3)
    const padded = new Uint8Array(file.length + 7)
    padded.set(file, 5)
    const parsed = parseIdxImages(padded.subarray(5, 5 + file.length), 'f')
    expect([parsed.count, parsed.rows, parsed.cols]).toEqual([2, 3, 3])
    expect(parsed.pixels[17]).toBe(17)
  })

  it('names the file and the fault for every malformed header', () => {
    expect(imagesFault(new Uint8Array(3))).toBe('train-images: too short for an IDX header (3 bytes)')
    expect(imagesFault(new Uint8Array(0))).toBe('train-images: too short for an IDX header (0 bytes)')
    expect(imagesFault(idxBytes(IMAGES_MAGIC, [1, 28, 28]).subarray(0, 10))).toBe(
      'train-images: too short for an IDX image header (10 of 16 bytes)',
    )
    const notIdx =
      'train-images: not an IDX file (an IDX file begins with two zero bytes, a data type and a dimension count)'
    expect(imagesFault(idxBytes(0, [1, 28, 28], 784))).toBe(notIdx)
    expect(imagesFault(idxBytes(0x0000_0a03, [1, 1, 1], 1))).toBe(notIdx)
    expect(imagesFault(idxBytes(0x0100_0803, [1, 1, 1], 1))).toBe(notIdx)
    expect(imagesFault(Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0))).toBe(
      'train-images: is gzip-compressed; decompress it before parsing',
    )
  })

  it('says which kind of IDX file it got when it is not images', () => {
    expect(imagesFault(labelsFile([1, 2, 3]))).toBe('train-images: is an IDX label file (idx1), expected images (idx3)')
    expect(imagesFault(idxBytes(0x0000_0802, [2, 2], 4))).toBe(
      'train-images: is a 2-dimensional IDX file, expected images (idx3)',
    )
    expect(imagesFault(idxBytes(0x0000_0d03, [1, 28, 28], 4 * 784))).toBe(
      'train-images: unsupported IDX data type 0x0D (float), only unsigned byte',
    )
    expect(imagesFault(idxBytes(0x0000_0903, [1, 2, 2], 4))).toBe(
      'train-images: unsupported IDX data type 0x09 (signed byte), only unsigned byte',
    )
    expect(imagesFault(idxBytes(0x0000_0e01, [4], 32))).toBe(
      'train-images: unsupported IDX data type 0x0E (double), only unsigned byte',
    )
  })

  it('rejects zero and absurd dimensions', () => {
    expect(imagesFault(idxBytes(IMAGES_MAGIC, [0, 28, 28]))).toBe('train-images: header declares 0 images')
    expect(imagesFault(idxBytes(IMAGES_MAGIC, [5, 0, 28]))).toBe(
      'train-images: image size 0×28 is out of range (each side 1–4096)',
    )
    expect(imagesFault(idxBytes(IMAGES_MAGIC, [5, 28, 4097]))).toBe(
      'train-images: image size 28×4097 is out of range (each side 1–4096)',
    )
  })

  it('reports a truncated file with the byte it stops at and the length the header implies', () => {
    const truncated = new Uint8Array(1_234_567)
    truncated.set(idxBytes(IMAGES_MAGIC, [60_000, 28, 28]))
    expect(imagesFault(truncated)).toBe(
      'train-images: truncated at byte 1,234,567 of 47,040,016 (header declares 60,000 images of 28×28)',
    )
  })

  it('stays exact when a hostile header declares more than 2^53 bytes', () => {
    expect(imagesFault(idxBytes(IMAGES_MAGIC, [0xffff_ffff, 4096, 4096]))).toBe(
      'train-images: truncated at byte 16 of 72,057,594,021,150,736 (header declares 4,294,967,295 images of 4096×4096)',
    )
  })

  it('reports bytes after the end of the data', () => {
    const file = imagesFile(2, 2, 2)
    const withTail = (extra: number) => {
      const bytes = new Uint8Array(file.length + extra)
      bytes.set(file)
      return bytes
    }
    expect(imagesFault(withTail(12))).toBe(
      'train-images: has 12 bytes after the end of the data (header declares 2 images of 2×2)',
    )
    expect(imagesFault(withTail(1))).toBe(
      'train-images: has 1 byte after the end of the data (header declares 2 images of 2×2)',
    )
  })

  it('throws an IdxError, never anything else, for every prefix and every single-byte header corruption', () => {
    const file = imagesFile(2, 3, 3)
    for (let length = 0; length < file.length; length++) {
      expect(() => parseIdxImages(file.subarray(0, length), 'f')).toThrow(IdxError)
    }
    for (let at = 0; at < 16; at++) {
      for (const value of [0x00, 0x01, 0x08, 0x7f, 0xff]) {
        const corrupt = file.slice()
        corrupt[at] = value
        try {
          const parsed = parseIdxImages(corrupt, 'f')
          expect(parsed.pixels.length).toBe(parsed.count * parsed.rows * parsed.cols)
        } catch (err) {
          expect(err).toBeInstanceOf(IdxError)
        }
      }
    }
  })
})

describe('parseIdxLabels', () => {
  it('reads the labels as a view of the input', () => {
    const bytes = labelsFile([5, 0, 4, 1, 9])
    const parsed = parseIdxLabels(bytes, 'f')
    expect(parsed.count).toBe(5)
    expect(Array.from(parsed.labels)).toEqual([5, 0, 4, 1, 9])
    expect(parsed.labels.buffer).toBe(bytes.buffer)
  })

  it('names the file and the fault', () => {
    expect(labelsFault(imagesFile(1, 2, 2))).toBe('train-labels: is an IDX image file (idx3), expected labels (idx1)')
    expect(labelsFault(idxBytes(LABELS_MAGIC, [0]))).toBe('train-labels: header declares 0 labels')
    expect(labelsFault(idxBytes(LABELS_MAGIC, [60_000], 59_999))).toBe(
      'train-labels: truncated at byte 60,007 of 60,008 (header declares 60,000 labels)',
    )
    expect(labelsFault(idxBytes(LABELS_MAGIC, [3], 5))).toBe(
      'train-labels: has 2 bytes after the end of the data (header declares 3 labels)',
    )
    expect(labelsFault(Uint8Array.of(0, 0, 8, 1, 0, 0))).toBe(
      'train-labels: too short for an IDX label header (6 of 8 bytes)',
    )
  })
})

describe('isGzip', () => {
  it('recognises the gzip signature 1f 8b', () => {
    expect(isGzip(Uint8Array.of(0x1f, 0x8b, 0x08))).toBe(true)
    expect(isGzip(Uint8Array.of(0x1f))).toBe(false)
    expect(isGzip(labelsFile([1]))).toBe(false)
  })
})
