// Node-side: reads IDX files from disk (raw or gzipped) and turns an image/label pair into a Dataset.
import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { makeDataset } from './dataset'
import type { Dataset } from './dataset'
import { IdxError, isGzip, MAX_IDX_BYTES, megabytes, parseIdxImages, parseIdxLabels } from './idx'

/** Opening a FIFO without O_NONBLOCK waits for a writer, forever; with it, open returns and fstat tells what it is. */
export const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)

export function readIdxBytes(path: string, maxBytes = MAX_IDX_BYTES): Uint8Array {
  const bytes = readRegularFile(path, maxBytes)
  if (!isGzip(bytes)) return bytes
  try {
    return plainBytes(gunzipSync(bytes, { maxOutputLength: maxBytes }))
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(path, maxBytes)
    throw new IdxError(path, `${path} is gzipped but corrupt: ${(err as Error).message}`)
  }
}

export function loadIdxDataset(imagesPath: string, labelsPath: string, name: string, maxClasses = 256): Dataset {
  const images = parseIdxImages(readIdxBytes(imagesPath), imagesPath)
  const labels = parseIdxLabels(readIdxBytes(labelsPath), labelsPath)
  return makeDataset(name, images, labels, imagesPath, labelsPath, maxClasses)
}

/** Why `stats` is not a file an import may read, in words; null for a regular file. */
export function notARegularFile(path: string, stats: Stats): string | null {
  if (stats.isFile()) return null
  if (stats.isDirectory()) return `${path} is a folder, not an IDX file`
  if (stats.isFIFO()) return `${path} is a named pipe (FIFO), not a file: only regular files can be imported`
  if (stats.isCharacterDevice() || stats.isBlockDevice())
    return `${path} is a device, not a file: only regular files can be imported`
  return `${path} is not a regular file: only regular files can be imported`
}

/** An open or read failure as the sentence a user sees. */
export function unreadable(path: string, err: unknown): IdxError {
  if (err instanceof IdxError) return err
  const code = (err as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return new IdxError(path, `file not found: ${path}`)
  if (code === 'EISDIR') return new IdxError(path, `${path} is a folder, not an IDX file`)
  if (code === 'EACCES' || code === 'EPERM') return new IdxError(path, `cannot read ${path}: permission denied`)
  // a UNIX socket: open() gives ENXIO
  if (code === 'ENXIO') return new IdxError(path, `${path} is a socket, not a file: only regular files can be imported`)
  return new IdxError(path, `cannot read ${path}: ${(err as Error).message}`)
}

export function tooLarge(path: string, maxBytes: number): IdxError {
  return new IdxError(path, `${path} is larger than ${megabytes(maxBytes)}, the most an IDX file may hold`)
}

function readRegularFile(path: string, maxBytes: number): Uint8Array {
  let fd: number
  try {
    fd = openSync(path, READ_FLAGS)
  } catch (err) {
    throw unreadable(path, err)
  }
  try {
    const stats = fstatSync(fd)
    const refusal = notARegularFile(path, stats)
    if (refusal) throw new IdxError(path, refusal)
    if (stats.size > maxBytes) throw tooLarge(path, maxBytes)
    return plainBytes(readFileSync(fd))
  } catch (err) {
    throw unreadable(path, err)
  } finally {
    closeSync(fd)
  }
}

// A plain Uint8Array view (not a Buffer) so subarrays stay plain and cross postMessage like any typed array.
function plainBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}
