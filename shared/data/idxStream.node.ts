// Node-side: checks an IDX file on disk (raw or gzipped) as a stream, copying the bytes it read to a new file.
// Memory stays bounded whatever the file holds: nothing is kept but the header and, for labels, a count per value.
import { open, type FileHandle } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import { createGunzip } from 'node:zlib'
import { IdxError, IdxStreamChecker, isGzip, MAX_IDX_BYTES, type IdxSummary, type Rank } from './idx'
import { notARegularFile, READ_FLAGS, tooLarge, unreadable } from './idxFile'

export interface StreamCheckOptions {
  /** Where to write a copy of the file's bytes, as read (still gzipped if it was); must not exist yet. */
  copyTo?: string
  maxBytes?: number
  /** Called with the number of file bytes just read, for progress. */
  onBytes?: (bytes: number) => void
  signal?: AbortSignal
}

/** Opens a path for reading only if it is a regular file; a FIFO or a device is refused at once, never waited on. */
export async function openRegularFile(path: string): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle
  try {
    handle = await open(path, READ_FLAGS)
  } catch (err) {
    throw unreadable(path, err)
  }
  try {
    const stats = await handle.stat()
    const refusal = notARegularFile(path, stats)
    if (refusal) throw new IdxError(path, refusal)
    return { handle, size: stats.size }
  } catch (err) {
    await handle.close()
    throw unreadable(path, err)
  }
}

/** The size of a regular file, or the sentence saying why it cannot be imported. */
export async function regularFileSize(path: string): Promise<number> {
  const { handle, size } = await openRegularFile(path)
  await handle.close()
  return size
}

/** Streams the file through gunzip (if gzipped) and the IDX checker; throws an IdxError with the first fault. */
export async function checkIdxStream(path: string, rank: Rank, options: StreamCheckOptions = {}): Promise<IdxSummary> {
  const maxBytes = options.maxBytes ?? MAX_IDX_BYTES
  const { handle, size } = await openRegularFile(path)
  let copy: FileHandle | null = null
  try {
    if (size > maxBytes) throw tooLarge(path, maxBytes)
    const magic = new Uint8Array(2)
    await handle.read(magic, 0, 2, 0)
    const gzipped = isGzip(magic)
    if (options.copyTo) copy = await open(options.copyTo, 'wx')
    const checker = new IdxStreamChecker(path, rank, maxBytes)
    const copied = copy
    const tee = async function* (chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
      for await (const chunk of chunks) {
        if (copied) await copied.write(chunk)
        options.onBytes?.(chunk.length)
        yield chunk
      }
    }
    const check = async (chunks: AsyncIterable<Buffer>): Promise<void> => {
      for await (const chunk of chunks) checker.push(chunk)
    }
    const source = handle.createReadStream({ start: 0, autoClose: false })
    const signal = options.signal
    try {
      if (gzipped) await pipeline(source, tee, createGunzip(), check, { signal })
      else await pipeline(source, tee, check, { signal })
    } catch (err) {
      if (err instanceof IdxError || (err as Error).name === 'AbortError') throw err
      if (gzipped && (err as NodeJS.ErrnoException).code?.startsWith('Z_'))
        throw new IdxError(path, `${path} is gzipped but corrupt: ${(err as Error).message}`)
      throw unreadable(path, err)
    }
    return checker.end()
  } finally {
    await copy?.close()
    await handle.close()
  }
}
