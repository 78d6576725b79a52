// IDX ubyte parser (the MNIST file format). Pure: runs in Node, in a worker and in the browser.
// Layout: magic (0x00 0x00 type ndims), ndims × uint32 big-endian sizes, then the data bytes.

export class IdxError extends Error {
  override name = 'IdxError'
  readonly file: string

  constructor(file: string, message: string) {
    super(message)
    this.file = file
  }
}

export interface IdxImages {
  count: number
  rows: number
  cols: number
  pixels: Uint8Array
}

export interface IdxLabels {
  count: number
  labels: Uint8Array
}

const UNSIGNED_BYTE = 0x08
const MAX_IMAGE_SIDE = 4096
const DATA_TYPE_NAMES: Record<number, string> = {
  0x08: 'unsigned byte',
  0x09: 'signed byte',
  0x0b: 'short',
  0x0c: 'int',
  0x0d: 'float',
  0x0e: 'double',
}

export type Rank = 1 | 3
const KIND_BY_RANK: Record<Rank, { is: string; wanted: string; header: string }> = {
  1: { is: 'an IDX label file (idx1)', wanted: 'labels (idx1)', header: 'label' },
  3: { is: 'an IDX image file (idx3)', wanted: 'images (idx3)', header: 'image' },
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b
}

export function parseIdxImages(bytes: Uint8Array, file: string): IdxImages {
  const header = readIdxHeader(bytes, file, 3)
  checkDataLength(file, header, BigInt(bytes.length))
  const [count, rows, cols] = header.sizes
  return { count, rows, cols, pixels: bytes.subarray(header.headerBytes) }
}

export function parseIdxLabels(bytes: Uint8Array, file: string): IdxLabels {
  const header = readIdxHeader(bytes, file, 1)
  checkDataLength(file, header, BigInt(bytes.length))
  return { count: header.sizes[0], labels: bytes.subarray(header.headerBytes) }
}

/** What an IDX header says: its sizes, and how many data bytes must follow it. */
export interface IdxHeader {
  sizes: number[]
  headerBytes: number
  /** BigInt because count × rows × cols from a hostile header can pass 2^53. */
  dataBytes: bigint
  /** "header declares 60,000 images of 28×28", for messages */
  declared: string
}

export function idxHeaderBytes(rank: Rank): number {
  return 4 + 4 * rank
}

/** Checks the magic (needs 4 bytes), before the rest of the header has arrived. */
export function checkIdxMagic(bytes: Uint8Array, file: string, rank: Rank): void {
  if (bytes.length < 4) fail(file, `too short for an IDX header (${bytes.length} bytes)`)
  // A valid IDX file starts with 0x00, so gzip's 1f 8b is unambiguous and deserves its own hint.
  if (isGzip(bytes)) fail(file, 'is gzip-compressed; decompress it before parsing')

  // Bytes of a file that is not IDX are never echoed: the path may be any file the user can read.
  const [zero0, zero1, dataType, ndims] = [bytes[0], bytes[1], bytes[2], bytes[3]]
  if (zero0 !== 0 || zero1 !== 0 || !(dataType in DATA_TYPE_NAMES)) {
    fail(file, 'not an IDX file (an IDX file begins with two zero bytes, a data type and a dimension count)')
  }
  if (dataType !== UNSIGNED_BYTE) {
    fail(file, `unsupported IDX data type ${hex(dataType, 2)} (${DATA_TYPE_NAMES[dataType]}), only unsigned byte`)
  }
  if (ndims !== rank) {
    const actual = ndims === 1 || ndims === 3 ? KIND_BY_RANK[ndims].is : `a ${ndims}-dimensional IDX file`
    fail(file, `is ${actual}, expected ${KIND_BY_RANK[rank].wanted}`)
  }
}

/** Reads and checks a whole header (the data after it may be absent, as when a stream has just begun). */
export function readIdxHeader(bytes: Uint8Array, file: string, rank: Rank): IdxHeader {
  checkIdxMagic(bytes, file, rank)
  const kind = KIND_BY_RANK[rank]
  const headerBytes = idxHeaderBytes(rank)
  if (bytes.length < headerBytes) {
    fail(file, `too short for an IDX ${kind.header} header (${bytes.length} of ${headerBytes} bytes)`)
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, headerBytes)
  const sizes = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i))
  const [count, rows, cols] = sizes
  if (count === 0) fail(file, `header declares 0 ${kind.header}s`)
  if (rank === 1)
    return { sizes, headerBytes, dataBytes: BigInt(count), declared: `header declares ${group(count)} labels` }
  if (!isImageSide(rows) || !isImageSide(cols)) {
    fail(file, `image size ${rows}×${cols} is out of range (each side 1–${MAX_IMAGE_SIDE})`)
  }
  return {
    sizes,
    headerBytes,
    dataBytes: BigInt(count) * BigInt(rows * cols),
    declared: `header declares ${group(count)} images of ${rows}×${cols}`,
  }
}

/** Checks that a file of `totalBytes` holds exactly the data its header declares. */
export function checkDataLength(file: string, header: IdxHeader, totalBytes: bigint): void {
  const expected = BigInt(header.headerBytes) + header.dataBytes
  if (totalBytes < expected) {
    fail(file, `truncated at byte ${group(totalBytes)} of ${group(expected)} (${header.declared})`)
  }
  if (totalBytes > expected) {
    const extra = totalBytes - expected
    fail(file, `has ${group(extra)} ${extra === 1n ? 'byte' : 'bytes'} after the end of the data (${header.declared})`)
  }
}

/** The most an IDX file may hold once decompressed: a trainer keeps every pixel as 4 bytes (512 MB → 2 GB). */
export const MAX_IDX_BYTES = 512 * 2 ** 20

/** How many labels have each value 0–255, and where each value first occurs (-1: nowhere). */
export interface LabelStats {
  counts: number[]
  firstIndex: number[]
}

export function countLabels(labels: Uint8Array, into: LabelStats = emptyLabelStats(), startIndex = 0): LabelStats {
  const { counts, firstIndex } = into
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]
    if (counts[label]++ === 0) firstIndex[label] = startIndex + i
  }
  return into
}

function emptyLabelStats(): LabelStats {
  return { counts: new Array<number>(256).fill(0), firstIndex: new Array<number>(256).fill(-1) }
}

/** What a streamed IDX file held: its sizes and, for a label file, its label values. */
export interface IdxSummary {
  sizes: number[]
  labels: LabelStats | null
}

/** Bytes past the declared end that are still counted for the message; past them the file is refused at once. */
const TAIL_COUNTED = 2 ** 20

/**
 * Checks an IDX file as its (decompressed) bytes arrive, keeping only its header and, for labels, a count per
 * value: any size of file, or a gzip bomb, takes bounded memory, and a file is refused as soon as it cannot be valid.
 */
export class IdxStreamChecker {
  private readonly head: Uint8Array
  private headLength = 0
  private header: IdxHeader | null = null
  private total = 0n
  private readonly labels: LabelStats | null

  constructor(
    private readonly file: string,
    private readonly rank: Rank,
    private readonly maxBytes = MAX_IDX_BYTES,
  ) {
    this.head = new Uint8Array(idxHeaderBytes(rank))
    this.labels = rank === 1 ? emptyLabelStats() : null
  }

  push(chunk: Uint8Array): void {
    const data = this.header ? chunk : this.takeHeader(chunk)
    if (!this.header) return
    const { headerBytes, dataBytes } = this.header
    const end = BigInt(headerBytes) + dataBytes
    const inData = end - this.total < BigInt(data.length) ? Number(end - this.total) : data.length
    if (this.labels && inData > 0) countLabels(data.subarray(0, inData), this.labels, Number(this.total) - headerBytes)
    this.total += BigInt(data.length)
    if (this.total - end > BigInt(TAIL_COUNTED)) {
      fail(this.file, `has more than ${group(TAIL_COUNTED)} bytes after the end of the data (${this.header.declared})`)
    }
  }

  /** Checks the length; throws the same sentences as parseIdxImages / parseIdxLabels for the same bytes. */
  end(): IdxSummary {
    const header = this.header ?? readIdxHeader(this.head.subarray(0, this.headLength), this.file, this.rank)
    checkDataLength(this.file, header, this.total)
    return { sizes: header.sizes, labels: this.labels }
  }

  // Fills the header from the chunk's first bytes, checking it as soon as there is enough; returns the rest.
  private takeHeader(chunk: Uint8Array): Uint8Array {
    const taken = Math.min(chunk.length, this.head.length - this.headLength)
    this.head.set(chunk.subarray(0, taken), this.headLength)
    this.headLength += taken
    this.total += BigInt(taken)
    if (this.headLength >= 4) checkIdxMagic(this.head, this.file, this.rank)
    if (this.headLength < this.head.length) return chunk.subarray(taken)
    const header = readIdxHeader(this.head, this.file, this.rank)
    const declaredBytes = BigInt(header.headerBytes) + header.dataBytes
    if (declaredBytes > BigInt(this.maxBytes)) {
      fail(
        this.file,
        `${header.declared}, ${megabytes(declaredBytes)}; the workbench imports IDX files of up to ${megabytes(this.maxBytes)}`,
      )
    }
    this.header = header
    return chunk.subarray(taken)
  }
}

/** "47 MB", "1.5 MB", "1,024 bytes": sizes in messages. */
export function megabytes(bytes: number | bigint): string {
  const mb = Number(bytes) / 2 ** 20
  if (mb < 1) return `${group(bytes)} bytes`
  return `${mb < 10 ? mb.toFixed(1) : group(Math.round(mb))} MB`
}

function isImageSide(n: number): boolean {
  return n >= 1 && n <= MAX_IMAGE_SIDE
}

function fail(file: string, fault: string): never {
  throw new IdxError(file, `${file}: ${fault}`)
}

function hex(n: number, digits: number): string {
  return `0x${n.toString(16).toUpperCase().padStart(digits, '0')}`
}

// Fixed "1,234,567" grouping: toLocaleString would vary with the user's locale.
export function group(n: number | bigint): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}
