// Test fixtures: small IDX files built in memory, valid or broken on purpose. Pure, like idx.ts.

export const IMAGES_MAGIC = 0x00000803
export const LABELS_MAGIC = 0x00000801

/** An IDX file from its parts: big-endian magic, big-endian sizes, then the data (or that many zero bytes). */
export function idxBytes(magic: number, sizes: number[], data: Uint8Array | number = new Uint8Array()): Uint8Array {
  const body = typeof data === 'number' ? new Uint8Array(data) : data
  const headerBytes = 4 + 4 * sizes.length
  const bytes = new Uint8Array(headerBytes + body.length)
  const view = new DataView(bytes.buffer)
  view.setUint32(0, magic)
  sizes.forEach((size, i) => view.setUint32(4 + 4 * i, size))
  bytes.set(body, headerBytes)
  return bytes
}

/** count images of rows×cols whose pixel i (over the whole file) is i mod 256. */
export function imagesFile(count: number, rows: number, cols: number): Uint8Array {
  const pixels = Uint8Array.from({ length: count * rows * cols }, (_, i) => i % 256)
  return idxBytes(IMAGES_MAGIC, [count, rows, cols], pixels)
}

export function labelsFile(labels: number[]): Uint8Array {
  return idxBytes(LABELS_MAGIC, [labels.length], Uint8Array.from(labels))
}
