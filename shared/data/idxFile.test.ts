import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IdxError } from './idx'
import { imagesFile, labelsFile } from './idxFixtures'
import { loadIdxDataset, readIdxBytes } from './idxFile'

let dir: string
const at = (name: string) => join(dir, name)

function idxFault(build: () => unknown): { message: string; file: string } {
  try {
    build()
  } catch (err) {
    expect(err).toBeInstanceOf(IdxError)
    return { message: (err as IdxError).message, file: (err as IdxError).file }
  }
  throw new Error('expected an IdxError')
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nnwb-idx-'))
  const images = imagesFile(4, 3, 2)
  const labels = labelsFile([2, 0, 1, 2])
  writeFileSync(at('images'), images)
  writeFileSync(at('labels'), labels)
  writeFileSync(at('images.gz'), gzipSync(images))
  writeFileSync(at('labels.gz'), gzipSync(labels))
  writeFileSync(at('cut.gz'), gzipSync(images).subarray(0, 15))
  writeFileSync(at('labels-for-images.gz'), gzipSync(labels))
  mkdirSync(at('folder'))
})

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('readIdxBytes', () => {
  it('returns raw files as they are and gunzips gzipped ones', () => {
    const raw = readIdxBytes(at('images'))
    expect(raw).toEqual(imagesFile(4, 3, 2))
    expect(readIdxBytes(at('images.gz'))).toEqual(raw)
  })

  it('says when a file is missing, is a folder, or is corrupt gzip', () => {
    expect(idxFault(() => readIdxBytes(at('nope')))).toEqual({
      message: `file not found: ${at('nope')}`,
      file: at('nope'),
    })
    expect(idxFault(() => readIdxBytes(at('folder'))).message).toBe(`${at('folder')} is a folder, not an IDX file`)
    expect(idxFault(() => readIdxBytes(at('cut.gz'))).message).toBe(
      `${at('cut.gz')} is gzipped but corrupt: unexpected end of file`,
    )
  })
})

describe('readIdxBytes on files that are not IDX files', () => {
  it('says "not an IDX file" for a readable text file, without echoing any of its bytes', () => {
    const passwd = at('passwd')
    writeFileSync(passwd, 'root:x:0:0:root:/root:/bin/bash\n')
    for (const file of [passwd, '/etc/passwd']) {
      const { message } = idxFault(() => loadIdxDataset(file, file, 'x'))
      expect(message).toBe(
        `${file}: not an IDX file (an IDX file begins with two zero bytes, a data type and a dimension count)`,
      )
      expect(message).not.toMatch(/0x|magic|726F6F74|root:/i)
    }
  })

  it('refuses a FIFO and a device without waiting on them, and a gzip that expands past the limit', () => {
    execFileSync('mkfifo', [at('fifo')])
    expect(idxFault(() => readIdxBytes(at('fifo'))).message).toBe(
      `${at('fifo')} is a named pipe (FIFO), not a file: only regular files can be imported`,
    )
    expect(idxFault(() => readIdxBytes('/dev/zero')).message).toBe(
      '/dev/zero is a device, not a file: only regular files can be imported',
    )
    writeFileSync(at('zeros.gz'), gzipSync(new Uint8Array(4096)))
    expect(idxFault(() => readIdxBytes(at('zeros.gz'), 1024)).message).toBe(
      `${at('zeros.gz')} is larger than 1,024 bytes, the most an IDX file may hold`,
    )
  })
})

describe('loadIdxDataset', () => {
  it('loads the same dataset from raw and gzipped files', () => {
    const raw = loadIdxDataset(at('images'), at('labels'), 'toy')
    const gz = loadIdxDataset(at('images.gz'), at('labels.gz'), 'toy')
    expect(raw).toMatchObject({ name: 'toy', count: 4, rows: 3, cols: 2, features: 6, numClasses: 3 })
    expect(Array.from(raw.labels)).toEqual([2, 0, 1, 2])
    expect(raw.images[23]).toBe(Math.fround(23 / 255))
    expect(gz).toEqual(raw)
  })

  it('names the file a fault is in, by its path', () => {
    expect(idxFault(() => loadIdxDataset(at('labels-for-images.gz'), at('labels'), 'toy'))).toEqual({
      message: `${at('labels-for-images.gz')}: is an IDX label file (idx1), expected images (idx3)`,
      file: at('labels-for-images.gz'),
    })
    expect(idxFault(() => loadIdxDataset(at('images'), at('labels'), 'toy', 2)).message).toBe(
      `${at('labels')}: label 2 at index 0 is out of range 0–1`,
    )
  })
})
