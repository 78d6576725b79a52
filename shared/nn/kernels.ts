/**
 * The hot kernels: general matrix products in the three forms backpropagation needs.
 * This file and kernelsDirect.ts (thin products) are the only code allowed to be clever; everything else should
 * read like the math.
 *
 * op(A)(i, p) = a[i * aRow + p * aCol] and op(B)(p, j) = b[p * bRow + j * bCol], so one strided kernel
 * serves A·B, A·Bᵀ and Aᵀ·B without copying a transpose. C is row-major with n columns.
 */

import { gemmDirect, K_BLOCK } from './kernelsDirect'

// Operands are packed as float64 so the inner loop does no float32→float64 conversion (measured ~20 % faster in V8).
const MIN_ROWS_TO_PACK = 16
const packedA = new Float64Array(4 * K_BLOCK)
let packedB = new Float64Array(0)

export function gemmStrided(
  m: number,
  n: number,
  k: number,
  a: Float32Array,
  aRow: number,
  aCol: number,
  b: Float32Array,
  bRow: number,
  bCol: number,
  c: Float32Array,
  accumulate: boolean,
): void {
  if (k === 0) {
    if (!accumulate) c.fill(0, 0, m * n)
    return
  }
  // Packing B pays only when enough row tiles reuse it; thin products (matrix·vector, batch 10) stream directly.
  if (m < MIN_ROWS_TO_PACK || n < 4) {
    gemmDirect(m, n, k, a, aRow, aCol, b, bRow, bCol, c, accumulate)
    return
  }
  const nTiles = Math.ceil(n / 4)
  if (packedB.length < nTiles * 4 * K_BLOCK) packedB = new Float64Array(nTiles * 4 * K_BLOCK)
  for (let p0 = 0; p0 < k; p0 += K_BLOCK) {
    const kb = Math.min(K_BLOCK, k - p0)
    const add = accumulate || p0 > 0
    packPanels(packedB, b, bCol, bRow, n, p0, kb)
    for (let i = 0; i < m; i += 4) {
      packPanels(packedA, a, aRow, aCol, m, p0, kb, i)
      for (let t = 0; t < nTiles; t++) microKernel4x4(packedA, packedB, t * 4 * kb, kb, c, i, t * 4, m, n, add)
    }
  }
}

/**
 * Packs 4 rows (of op(A)) or 4 columns (of op(B)) at a time, interleaved by p: panel[4p + r] = x(start + r, p0 + p).
 * Rows past `count` are zero so edge tiles need no special kernel.
 */
function packPanels(
  dst: Float64Array,
  src: Float32Array,
  lineStride: number,
  pStride: number,
  count: number,
  p0: number,
  kb: number,
  onlyLine = -1,
): void {
  const first = onlyLine < 0 ? 0 : onlyLine
  const last = onlyLine < 0 ? count : Math.min(count, onlyLine + 4)
  for (let line = first; line < last; line += 4) {
    const base = onlyLine < 0 ? (line / 4) * 4 * kb : 0
    for (let r = 0; r < 4; r++) {
      if (line + r >= count) {
        for (let p = 0; p < kb; p++) dst[base + 4 * p + r] = 0
        continue
      }
      let s = (line + r) * lineStride + p0 * pStride
      for (let p = 0; p < kb; p++, s += pStride) dst[base + 4 * p + r] = src[s]
    }
  }
}

// A 4×4 block of C held in sixteen locals over packed panels: 8 loads feed 16 multiply-adds.
function microKernel4x4(
  pa: Float64Array,
  pb: Float64Array,
  bOffset: number,
  kb: number,
  c: Float32Array,
  i: number,
  j: number,
  m: number,
  n: number,
  add: boolean,
): void {
  let c00 = 0,
    c01 = 0,
    c02 = 0,
    c03 = 0
  let c10 = 0,
    c11 = 0,
    c12 = 0,
    c13 = 0
  let c20 = 0,
    c21 = 0,
    c22 = 0,
    c23 = 0
  let c30 = 0,
    c31 = 0,
    c32 = 0,
    c33 = 0
  const end = 4 * kb
  for (let x = 0, y = bOffset; x < end; x += 4, y += 4) {
    const a0 = pa[x],
      a1 = pa[x + 1],
      a2 = pa[x + 2],
      a3 = pa[x + 3]
    const b0 = pb[y],
      b1 = pb[y + 1],
      b2 = pb[y + 2],
      b3 = pb[y + 3]
    c00 += a0 * b0
    c01 += a0 * b1
    c02 += a0 * b2
    c03 += a0 * b3
    c10 += a1 * b0
    c11 += a1 * b1
    c12 += a1 * b2
    c13 += a1 * b3
    c20 += a2 * b0
    c21 += a2 * b1
    c22 += a2 * b2
    c23 += a2 * b3
    c30 += a3 * b0
    c31 += a3 * b1
    c32 += a3 * b2
    c33 += a3 * b3
  }
  if (i + 4 <= m && j + 4 <= n) {
    const r0 = i * n + j,
      r1 = r0 + n,
      r2 = r1 + n,
      r3 = r2 + n
    if (add) {
      c[r0] += c00
      c[r0 + 1] += c01
      c[r0 + 2] += c02
      c[r0 + 3] += c03
      c[r1] += c10
      c[r1 + 1] += c11
      c[r1 + 2] += c12
      c[r1 + 3] += c13
      c[r2] += c20
      c[r2 + 1] += c21
      c[r2 + 2] += c22
      c[r2 + 3] += c23
      c[r3] += c30
      c[r3 + 1] += c31
      c[r3 + 2] += c32
      c[r3 + 3] += c33
    } else {
      c[r0] = c00
      c[r0 + 1] = c01
      c[r0 + 2] = c02
      c[r0 + 3] = c03
      c[r1] = c10
      c[r1 + 1] = c11
      c[r1 + 2] = c12
      c[r1 + 3] = c13
      c[r2] = c20
      c[r2 + 1] = c21
      c[r2 + 2] = c22
      c[r2 + 3] = c23
      c[r3] = c30
      c[r3 + 1] = c31
      c[r3 + 2] = c32
      c[r3 + 3] = c33
    }
    return
  }
  const tile = edgeTile
  tile[0] = c00
  tile[1] = c01
  tile[2] = c02
  tile[3] = c03
  tile[4] = c10
  tile[5] = c11
  tile[6] = c12
  tile[7] = c13
  tile[8] = c20
  tile[9] = c21
  tile[10] = c22
  tile[11] = c23
  tile[12] = c30
  tile[13] = c31
  tile[14] = c32
  tile[15] = c33
  for (let r = 0; r < 4 && i + r < m; r++) {
    for (let s = 0; s < 4 && j + s < n; s++) {
      const at = (i + r) * n + j + s
      c[at] = add ? c[at] + tile[4 * r + s] : tile[4 * r + s]
    }
  }
}
const edgeTile = new Float64Array(16)

/** C(m×n) = A(m×k) · B(k×n). */
export function matmul(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  m: number,
  k: number,
  n: number,
  accumulate = false,
): void {
  gemmStrided(m, n, k, a, k, 1, b, n, 1, c, accumulate)
}

/** C(m×n) = A(m×k) · Bᵀ, with B stored n×k. */
export function matmulTransB(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  m: number,
  k: number,
  n: number,
  accumulate = false,
): void {
  gemmStrided(m, n, k, a, k, 1, b, 1, k, c, accumulate)
}

/** C(m×n) = Aᵀ · B(k×n), with A stored k×m. */
export function matmulTransA(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  m: number,
  k: number,
  n: number,
  accumulate = false,
): void {
  gemmStrided(m, n, k, a, 1, m, b, n, 1, c, accumulate)
}

/** out[j] = Σ_i x[i, j]: the bias gradient, a column sum over the batch. */
export function sumColumns(x: Float32Array, rows: number, cols: number, out: Float32Array): void {
  out.fill(0, 0, cols)
  for (let i = 0; i < rows; i++) {
    const base = i * cols
    for (let j = 0; j < cols; j++) out[j] += x[base + j]
  }
}
