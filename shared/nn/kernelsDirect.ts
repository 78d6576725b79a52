/**
 * The unpacked kernels behind gemmStrided for thin products (fewer than 16 rows, or fewer than 4 columns): matrix·
 * vector over a full batch, batch-10 layers. Same strided operand convention as kernels.ts.
 */
/** K is processed in blocks so the slice of B a tile walks (packed, in kernels.ts) stays in cache. */
export const K_BLOCK = 256

/** Unpacked kernel for products with few rows or columns. */
export function gemmDirect(
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
  if (m < 4 && bCol === 1) {
    rowTimesMatrix(m, n, k, a, aRow, aCol, b, bRow, c, accumulate)
    return
  }
  for (let p0 = 0; p0 < k; p0 += K_BLOCK) {
    const p1 = Math.min(k, p0 + K_BLOCK)
    const add = accumulate || p0 > 0
    let i = 0
    for (; i + 4 <= m; i += 4) {
      let j = 0
      for (; j + 4 <= n; j += 4) tile4x4(i, j, n, p0, p1, a, aRow, aCol, b, bRow, bCol, c, add)
      for (; j < n; j++) tile4x1(i, j, n, p0, p1, a, aRow, aCol, b, bRow, bCol, c, add)
    }
    for (; i < m; i++) {
      let j = 0
      for (; j + 4 <= n; j += 4) tile1x4(i, j, n, p0, p1, a, aRow, aCol, b, bRow, bCol, c, add)
      for (; j < n; j++) tile1x1(i, j, n, p0, p1, a, aRow, aCol, b, bRow, bCol, c, add)
    }
  }
}

let rowAccumulator = new Float64Array(0)

/**
 * A row of C as a sum of rows of B (c_i = Σ_p a_ip · b_p), streaming B once in memory order: the shape of a
 * single output's weight gradient over a full batch, where walking B by columns would miss the cache on every step.
 */
function rowTimesMatrix(
  m: number,
  n: number,
  k: number,
  a: Float32Array,
  aRow: number,
  aCol: number,
  b: Float32Array,
  bRow: number,
  c: Float32Array,
  accumulate: boolean,
): void {
  if (rowAccumulator.length < n) rowAccumulator = new Float64Array(n)
  const acc = rowAccumulator
  for (let i = 0; i < m; i++) {
    acc.fill(0, 0, n)
    let p = 0
    // four rows of B per pass, so each accumulator load and store serves four multiply-adds
    for (; p + 4 <= k; p += 4) {
      const a0 = a[i * aRow + p * aCol],
        a1 = a[i * aRow + (p + 1) * aCol]
      const a2 = a[i * aRow + (p + 2) * aCol],
        a3 = a[i * aRow + (p + 3) * aCol]
      const b0 = p * bRow,
        b1 = b0 + bRow,
        b2 = b1 + bRow,
        b3 = b2 + bRow
      for (let j = 0; j < n; j++) acc[j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j]
    }
    for (; p < k; p++) {
      const av = a[i * aRow + p * aCol]
      const base = p * bRow
      for (let j = 0; j < n; j++) acc[j] += av * b[base + j]
    }
    const row = i * n
    for (let j = 0; j < n; j++) c[row + j] = accumulate ? c[row + j] + acc[j] : acc[j]
  }
}

// A 4×4 block of C held in sixteen locals: each step loads 8 values and does 16 multiply-adds.
function tile4x4(
  i: number,
  j: number,
  n: number,
  p0: number,
  p1: number,
  a: Float32Array,
  aRow: number,
  aCol: number,
  b: Float32Array,
  bRow: number,
  bCol: number,
  c: Float32Array,
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
  const aRow2 = 2 * aRow,
    aRow3 = 3 * aRow,
    bCol2 = 2 * bCol,
    bCol3 = 3 * bCol
  let pa = i * aRow + p0 * aCol
  let pb = p0 * bRow + j * bCol
  for (let p = p0; p < p1; p++) {
    const a0 = a[pa],
      a1 = a[pa + aRow],
      a2 = a[pa + aRow2],
      a3 = a[pa + aRow3]
    const b0 = b[pb],
      b1 = b[pb + bCol],
      b2 = b[pb + bCol2],
      b3 = b[pb + bCol3]
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
    pa += aCol
    pb += bRow
  }
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
}

function tile4x1(
  i: number,
  j: number,
  n: number,
  p0: number,
  p1: number,
  a: Float32Array,
  aRow: number,
  aCol: number,
  b: Float32Array,
  bRow: number,
  bCol: number,
  c: Float32Array,
  add: boolean,
): void {
  let c0 = 0,
    c1 = 0,
    c2 = 0,
    c3 = 0
  const aRow2 = 2 * aRow,
    aRow3 = 3 * aRow
  let pa = i * aRow + p0 * aCol
  let pb = p0 * bRow + j * bCol
  for (let p = p0; p < p1; p++) {
    const bv = b[pb]
    c0 += a[pa] * bv
    c1 += a[pa + aRow] * bv
    c2 += a[pa + aRow2] * bv
    c3 += a[pa + aRow3] * bv
    pa += aCol
    pb += bRow
  }
  const r0 = i * n + j
  if (add) {
    c[r0] += c0
    c[r0 + n] += c1
    c[r0 + 2 * n] += c2
    c[r0 + 3 * n] += c3
  } else {
    c[r0] = c0
    c[r0 + n] = c1
    c[r0 + 2 * n] = c2
    c[r0 + 3 * n] = c3
  }
}

function tile1x4(
  i: number,
  j: number,
  n: number,
  p0: number,
  p1: number,
  a: Float32Array,
  aRow: number,
  aCol: number,
  b: Float32Array,
  bRow: number,
  bCol: number,
  c: Float32Array,
  add: boolean,
): void {
  let c0 = 0,
    c1 = 0,
    c2 = 0,
    c3 = 0
  const bCol2 = 2 * bCol,
    bCol3 = 3 * bCol
  let pa = i * aRow + p0 * aCol
  let pb = p0 * bRow + j * bCol
  for (let p = p0; p < p1; p++) {
    const av = a[pa]
    c0 += av * b[pb]
    c1 += av * b[pb + bCol]
    c2 += av * b[pb + bCol2]
    c3 += av * b[pb + bCol3]
    pa += aCol
    pb += bRow
  }
  const r = i * n + j
  if (add) {
    c[r] += c0
    c[r + 1] += c1
    c[r + 2] += c2
    c[r + 3] += c3
  } else {
    c[r] = c0
    c[r + 1] = c1
    c[r + 2] = c2
    c[r + 3] = c3
  }
}

function tile1x1(
  i: number,
  j: number,
  n: number,
  p0: number,
  p1: number,
  a: Float32Array,
  aRow: number,
  aCol: number,
  b: Float32Array,
  bRow: number,
  bCol: number,
  c: Float32Array,
  add: boolean,
): void {
  let s = 0
  let pa = i * aRow + p0 * aCol
  let pb = p0 * bRow + j * bCol
  for (let p = p0; p < p1; p++) {
    s += a[pa] * b[pb]
    pa += aCol
    pb += bRow
  }
  if (add) c[i * n + j] += s
  else c[i * n + j] = s
}
