// Node-side: reads IDX files from disk (raw or gzipped) and turns an image/label pair into a Dataset.
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { makeDataset } from './dataset'
import type { Dataset } from './dataset'
import { IdxError, isGzip, parseIdxImages, parseIdxLabels } from './idx'

export function readIdxBytes(path: string): Uint8Array {
  const bytes = readWholeFile(path)
  if (!isGzip(bytes)) return bytes
  try {
    return plainBytes(gunzipSync(bytes))
  } catch (err) {
    throw new IdxError(path, `${path} is gzipped but corrupt: ${(err as Error).message}`)
  }
}

export function loadIdxDataset(imagesPath: string, labelsPath: string, name: string, maxClasses = 256): Dataset {
  const images = parseIdxImages(readIdxBytes(imagesPath), imagesPath)
  const labels = parseIdxLabels(readIdxBytes(labelsPath), labelsPath)
  return makeDataset(name, images, labels, imagesPath, labelsPath, maxClasses)
}

function readWholeFile(path: string): Uint8Array {
  try {
    return plainBytes(readFileSync(path))
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new IdxError(path, `file not found: ${path}`)
    if (code === 'EISDIR') throw new IdxError(path, `${path} is a folder, not an IDX file`)
    throw new IdxError(path, `cannot read ${path}: ${(err as Error).message}`)
  }
}

// A plain Uint8Array view (not a Buffer) so subarrays stay plain and cross postMessage like any typed array.
function plainBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}
