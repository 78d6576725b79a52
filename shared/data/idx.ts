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

type Rank = 1 | 3
const KIND_BY_RANK: Record<Rank, { is: string; wanted: string; header: string }> = {
  1: { is: 'an IDX label file (idx1)', wanted: 'labels (idx1)', header: 'label' },
  3: { is: 'an IDX image file (idx3)', wanted: 'images (idx3)', header: 'image' },
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b
}

export function parseIdxImages(bytes: Uint8Array, file: string): IdxImages {
  const [count, rows, cols] = readSizes(bytes, file, 3)
  if (count === 0) fail(file, 'header declares 0 images')
  if (!isImageSide(rows) || !isImageSide(cols)) {
    fail(file, `image size ${rows}×${cols} is out of range (each side 1–${MAX_IMAGE_SIDE})`)
  }
  const headerBytes = 16
  checkLength(bytes, file, headerBytes, count, rows * cols, `header declares ${group(count)} images of ${rows}×${cols}`)
  return { count, rows, cols, pixels: bytes.subarray(headerBytes) }
}

export function parseIdxLabels(bytes: Uint8Array, file: string): IdxLabels {
  const [count] = readSizes(bytes, file, 1)
  if (count === 0) fail(file, 'header declares 0 labels')
  const headerBytes = 8
  checkLength(bytes, file, headerBytes, count, 1, `header declares ${group(count)} labels`)
  return { count, labels: bytes.subarray(headerBytes) }
}

function readSizes(bytes: Uint8Array, file: string, rank: Rank): number[] {
  if (bytes.length < 4) fail(file, `too short for an IDX header (${bytes.length} bytes)`)
  // A valid IDX file starts with 0x00, so gzip's 1f 8b is unambiguous and deserves its own hint.
  if (isGzip(bytes)) fail(file, 'is gzip-compressed; decompress it before parsing')

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const magic = hex(view.getUint32(0), 8)
  const [zero0, zero1, dataType, ndims] = [bytes[0], bytes[1], bytes[2], bytes[3]]
  if (zero0 !== 0 || zero1 !== 0 || !(dataType in DATA_TYPE_NAMES)) {
    fail(file, `magic ${magic} is not an IDX ubyte file`)
  }
  if (dataType !== UNSIGNED_BYTE) {
    fail(file, `unsupported IDX data type ${hex(dataType, 2)} (${DATA_TYPE_NAMES[dataType]}), only unsigned byte`)
  }
  const kind = KIND_BY_RANK[rank]
  if (ndims !== rank) {
    const actual = ndims === 1 || ndims === 3 ? KIND_BY_RANK[ndims].is : `a ${ndims}-dimensional IDX file`
    fail(file, `magic ${magic} is ${actual}, expected ${kind.wanted}`)
  }

  const headerBytes = 4 + 4 * rank
  if (bytes.length < headerBytes) {
    fail(file, `too short for an IDX ${kind.header} header (${bytes.length} of ${headerBytes} bytes)`)
  }
  return Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i))
}

function checkLength(
  bytes: Uint8Array,
  file: string,
  headerBytes: number,
  count: number,
  bytesPerItem: number,
  declared: string,
): void {
  // BigInt because count × rows × cols from a hostile header can pass 2^53.
  const expected = BigInt(headerBytes) + BigInt(count) * BigInt(bytesPerItem)
  const actual = BigInt(bytes.length)
  if (actual < expected) {
    fail(file, `truncated at byte ${group(actual)} of ${group(expected)} (${declared})`)
  }
  if (actual > expected) {
    const extra = actual - expected
    fail(file, `has ${group(extra)} ${extra === 1n ? 'byte' : 'bytes'} after the end of the data (${declared})`)
  }
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
function group(n: number | bigint): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}
