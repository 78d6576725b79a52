// Helpers for skipping input columns that are zero across a batch (see SparseInput in layers/dense.ts).

/**
 * Writes the indices of the columns of x (rows × cols) that hold any non-zero value into `out` and returns how
 * many, or stops early and returns -1 once more than `limit` columns are non-zero (a large batch covers nearly all).
 * Digit images are mostly background, so a small batch leaves many input columns entirely zero.
 */
export function nonZeroColumns(
  x: Float32Array,
  rows: number,
  cols: number,
  limit: number,
  seen: Uint8Array,
  out: Int32Array,
): number {
  seen.fill(0, 0, cols)
  let found = 0
  for (let r = 0; r < rows; r++) {
    const base = r * cols
    for (let j = 0; j < cols; j++) {
      if (x[base + j] !== 0 && seen[j] === 0) {
        seen[j] = 1
        found += 1
      }
    }
    if (found > limit) return -1
  }
  let count = 0
  for (let j = 0; j < cols; j++) if (seen[j]) out[count++] = j
  return count
}

/** dst (rows × count) = the columns `index[0..count)` of src (rows × cols). */
export function gatherColumns(
  src: Float32Array,
  rows: number,
  cols: number,
  index: Int32Array,
  count: number,
  dst: Float32Array,
): void {
  for (let r = 0; r < rows; r++) {
    const s = r * cols
    const d = r * count
    for (let q = 0; q < count; q++) dst[d + q] = src[s + index[q]]
  }
}

/** dst (rows × cols) = zero, except columns `index[0..count)` which take src (rows × count). */
export function scatterColumns(
  src: Float32Array,
  rows: number,
  count: number,
  index: Int32Array,
  cols: number,
  dst: Float32Array,
): void {
  dst.fill(0, 0, rows * cols)
  for (let r = 0; r < rows; r++) {
    const s = r * count
    const d = r * cols
    for (let q = 0; q < count; q++) dst[d + index[q]] = src[s + q]
  }
}
