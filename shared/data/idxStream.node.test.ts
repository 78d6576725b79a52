import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IdxError, parseIdxImages, parseIdxLabels } from './idx'
import { idxBytes, IMAGES_MAGIC, imagesFile, LABELS_MAGIC, labelsFile } from './idxFixtures'
import { checkIdxStream } from './idxStream.node'

let dir: string
const at = (name: string) => join(dir, name)

function write(name: string, bytes: Uint8Array): string {
  writeFileSync(at(name), bytes)
  return at(name)
}

async function streamFault(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (err) {
    expect(err).toBeInstanceOf(IdxError)
    return (err as IdxError).message
  }
  throw new Error('expected an IdxError')
}

function syncFault(parse: () => unknown): string {
  try {
    parse()
  } catch (err) {
    return (err as Error).message
  }
  throw new Error('expected a fault')
}

/** `members` gzip members one after another: gunzip reads them as one stream, so 1 KB of gzip can stand for 1 MiB. */
function concatenatedGzip(first: Uint8Array, repeated: Uint8Array, times: number): Uint8Array {
  const head = gzipSync(first)
  const member = gzipSync(repeated)
  const out = new Uint8Array(head.length + member.length * times)
  out.set(head)
  for (let i = 0; i < times; i++) out.set(member, head.length + i * member.length)
  return out
}

const MiB = 2 ** 20

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nnwb-idx-stream-'))
  mkdirSync(at('folder'))
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('checkIdxStream', () => {
  it('reads raw and gzipped files alike, counts each label value, and copies the bytes it read', async () => {
    const labels = [3, 0, 3, 1, 9]
    const raw = write('labels', labelsFile(labels))
    const gz = write('labels.gz', gzipSync(labelsFile(labels)))
    for (const path of [raw, gz]) {
      const summary = await checkIdxStream(path, 1, { copyTo: `${path}.copy` })
      expect(summary.sizes).toEqual([5])
      expect(summary.labels?.counts.slice(0, 10)).toEqual([1, 1, 0, 2, 0, 0, 0, 0, 0, 1])
      expect(summary.labels?.firstIndex.slice(0, 10)).toEqual([1, 3, -1, 0, -1, -1, -1, -1, -1, 4])
      expect(readFileSync(`${path}.copy`)).toEqual(readFileSync(path))
    }
    const images = await checkIdxStream(write('images.gz', gzipSync(imagesFile(4, 3, 2))), 3)
    expect(images).toEqual({ sizes: [4, 3, 2], labels: null })
  })

  it('gives the same sentence as the in-memory parser for every prefix and for trailing bytes', async () => {
    const images = imagesFile(2, 3, 3)
    for (let length = 0; length < images.length; length++) {
      const prefix = images.subarray(0, length)
      const path = write(`prefix-${length}`, prefix)
      expect(await streamFault(checkIdxStream(path, 3)), `${length} bytes`).toBe(
        syncFault(() => parseIdxImages(prefix, path)),
      )
    }
    const tail = idxBytes(LABELS_MAGIC, [3], 5)
    const path = write('tail', tail)
    expect(await streamFault(checkIdxStream(path, 1))).toBe(syncFault(() => parseIdxLabels(tail, path)))
    expect(await streamFault(checkIdxStream(path, 1))).toMatch(/has 2 bytes after the end of the data/)
  })

  it('refuses what is not a regular file at once: a folder, a device, a FIFO no one writes to', async () => {
    expect(await streamFault(checkIdxStream(at('folder'), 3))).toBe(`${at('folder')} is a folder, not an IDX file`)
    expect(await streamFault(checkIdxStream(at('nope'), 3))).toBe(`file not found: ${at('nope')}`)
    expect(await streamFault(checkIdxStream('/dev/zero', 3))).toBe(
      '/dev/zero is a device, not a file: only regular files can be imported',
    )
    execFileSync('mkfifo', [at('fifo')])
    expect(await streamFault(checkIdxStream(at('fifo'), 3))).toBe(
      `${at('fifo')} is a named pipe (FIFO), not a file: only regular files can be imported`,
    )
  })

  it('says which gzip is corrupt', async () => {
    const cut = write('cut.gz', gzipSync(imagesFile(4, 3, 2)).subarray(0, 15))
    expect(await streamFault(checkIdxStream(cut, 3))).toBe(`${cut} is gzipped but corrupt: unexpected end of file`)
  })

  describe('a gzip bomb (about 1 MB that expands to 1 GiB)', () => {
    const bombs: Array<[string, Uint8Array, RegExp]> = [
      ['of zeros', new Uint8Array(MiB), /: not an IDX file \(/],
      ['behind a valid header of 2 images', imagesFile(2, 28, 28), /has more than 1,048,576 bytes after the end/],
      [
        'behind a header that declares 1 GiB',
        idxBytes(IMAGES_MAGIC, [1369, 28 * 28, 1000]),
        /declares 1,369 images of 784×1000, 1,024 MB; the workbench imports IDX files of up to 512 MB/,
      ],
    ]
    it.each(bombs)('%s is refused with a sentence after reading only the first part of it', async (_, first, fault) => {
      const bomb = write('bomb.gz', concatenatedGzip(first, new Uint8Array(MiB), 1024))
      const size = readFileSync(bomb).length
      let read = 0
      const rssBefore = process.memoryUsage().rss
      const message = await streamFault(checkIdxStream(bomb, 3, { onBytes: (n) => (read += n) }))
      expect(message).toMatch(fault)
      expect(message).not.toMatch(/0x|magic/)
      // it stopped early: a small share of the compressed file was read, and memory did not follow the 1 GiB
      expect(read).toBeLessThan(size / 4)
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(128 * MiB)
    })
  })

  it('stops when aborted', async () => {
    const path = write('big', imagesFile(200, 28, 28))
    const controller = new AbortController()
    controller.abort()
    await expect(checkIdxStream(path, 3, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' })
  })
})
