// AssemblyScript, not TypeScript: compiled to WebAssembly SIMD128 by electron/wasm.cjs (tsc never sees this file).
// The GEMM's unpacked forms for thin products (gemm.as.ts calls them), where packing would cost more than it saves:
// dot products vectorised along p when both operands run contiguously along p (A·Bᵀ with few rows or columns), and
// rows of B scaled and added (axpy) when C has fewer rows than a register tile (a single output unit's gradient).
import { finishOne, madd } from './common.as';

@inline function sumLanes(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

/**
 * C(i, j) = A row i · B column j when both run contiguously along p (A·Bᵀ with few rows, like a forward pass on a
 * small batch): 2×4 tiles of dot products, vectorised along p, with no packing at all.
 */
export function dotProducts(
  m: i32, n: i32, k: i32, a: usize, aRow: i32, b: usize, bCol: i32, c: usize, alpha: f32, beta: f32, bias: usize,
): void {
  const k4 = k & ~3;
  const aRowBytes = <usize>aRow << 2;
  const bColBytes = <usize>bCol << 2;
  let i = 0;
  for (; i + 2 <= m; i += 2) {
    const a0 = a + <usize>i * aRowBytes;
    const a1 = a0 + aRowBytes;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const b0 = b + <usize>j * bColBytes, b1 = b0 + bColBytes, b2 = b1 + bColBytes, b3 = b2 + bColBytes;
      let s00 = f32x4.splat(0), s01 = f32x4.splat(0), s02 = f32x4.splat(0), s03 = f32x4.splat(0);
      let s10 = f32x4.splat(0), s11 = f32x4.splat(0), s12 = f32x4.splat(0), s13 = f32x4.splat(0);
      for (let p: usize = 0; p < <usize>k4 << 2; p += 16) {
        const x0 = v128.load(a0 + p), x1 = v128.load(a1 + p);
        const w0 = v128.load(b0 + p), w1 = v128.load(b1 + p), w2 = v128.load(b2 + p), w3 = v128.load(b3 + p);
        s00 = madd(x0, w0, s00); s01 = madd(x0, w1, s01); s02 = madd(x0, w2, s02); s03 = madd(x0, w3, s03);
        s10 = madd(x1, w0, s10); s11 = madd(x1, w1, s11); s12 = madd(x1, w2, s12); s13 = madd(x1, w3, s13);
      }
      let d00 = sumLanes(s00), d01 = sumLanes(s01), d02 = sumLanes(s02), d03 = sumLanes(s03);
      let d10 = sumLanes(s10), d11 = sumLanes(s11), d12 = sumLanes(s12), d13 = sumLanes(s13);
      for (let p = k4; p < k; p++) {
        const off = <usize>p << 2;
        const x0 = load<f32>(a0 + off), x1 = load<f32>(a1 + off);
        const w0 = load<f32>(b0 + off), w1 = load<f32>(b1 + off), w2 = load<f32>(b2 + off), w3 = load<f32>(b3 + off);
        d00 += x0 * w0; d01 += x0 * w1; d02 += x0 * w2; d03 += x0 * w3;
        d10 += x1 * w0; d11 += x1 * w1; d12 += x1 * w2; d13 += x1 * w3;
      }
      const r0 = c + (<usize>(i * n + j) << 2), r1 = r0 + (<usize>n << 2);
      finishOne(r0, alpha * d00, beta, bias, j); finishOne(r0 + 4, alpha * d01, beta, bias, j + 1);
      finishOne(r0 + 8, alpha * d02, beta, bias, j + 2); finishOne(r0 + 12, alpha * d03, beta, bias, j + 3);
      finishOne(r1, alpha * d10, beta, bias, j); finishOne(r1 + 4, alpha * d11, beta, bias, j + 1);
      finishOne(r1 + 8, alpha * d12, beta, bias, j + 2); finishOne(r1 + 12, alpha * d13, beta, bias, j + 3);
    }
    for (; j < n; j++) {
      const bj = b + <usize>j * bColBytes;
      finishOne(c + (<usize>(i * n + j) << 2), alpha * dot(a0, bj, k), beta, bias, j);
      finishOne(c + (<usize>((i + 1) * n + j) << 2), alpha * dot(a1, bj, k), beta, bias, j);
    }
  }
  for (; i < m; i++) {
    const ai = a + <usize>i * aRowBytes;
    for (let j = 0; j < n; j++) finishOne(c + (<usize>(i * n + j) << 2), alpha * dot(ai, b + <usize>j * bColBytes, k), beta, bias, j);
  }
}

/** Σ x[p]·y[p] over k contiguous floats. */
function dot(x: usize, y: usize, k: i32): f32 {
  const k4 = k & ~3;
  let s = f32x4.splat(0);
  for (let p: usize = 0; p < <usize>k4 << 2; p += 16) s = madd(v128.load(x + p), v128.load(y + p), s);
  let d = sumLanes(s);
  for (let p = k4; p < k; p++) d += load<f32>(x + (<usize>p << 2)) * load<f32>(y + (<usize>p << 2));
  return d;
}

/** rowAxpy sums this many rows of B on their own before adding them to C: float32 sums over a whole batch of
 * 50,000 would drift, two levels of 256 stay as close as the packed kernel's K blocks. */
const AXPY_BLOCK: i32 = 256;

/**
 * C(i, :) = Σ_p A(i, p) · B row p, for C with fewer rows than a tile (m < 4) and B's rows contiguous: each row of B
 * is read once per row of C, scaled and added to a partial row (n floats of `scratch`), which stays in cache however
 * long k is; each block of partial sums then goes into C.
 */
export function rowAxpy(
  m: i32, n: i32, k: i32, a: usize, aRow: i32, aCol: i32, b: usize, bRow: i32, c: usize,
  alpha: f32, beta: f32, bias: usize, scratch: usize,
): void {
  const n4 = <usize>(n & ~3) << 2;
  const rowBytes = <usize>n << 2;
  for (let i = 0; i < m; i++) {
    const ci = c + <usize>i * rowBytes;
    // C ← beta·C first (never reading C when beta = 0), then each block's alpha·Σ A(i, p)·B(p, :) added
    if (beta == 0) memory.fill(ci, 0, rowBytes);
    else if (beta != 1) for (let j: usize = 0; j < rowBytes; j += 4) store<f32>(ci + j, beta * load<f32>(ci + j));
    for (let p0 = 0; p0 < k; p0 += AXPY_BLOCK) {
      memory.fill(scratch, 0, rowBytes);
      const end = min(k, p0 + AXPY_BLOCK);
      for (let p = p0; p < end; p++) {
        const s = load<f32>(a + (<usize>(i * aRow + p * aCol) << 2));
        const bp = b + (<usize>(p * bRow) << 2);
        const vs = f32x4.splat(s);
        let j: usize = 0;
        for (; j < n4; j += 16) v128.store(scratch + j, madd(vs, v128.load(bp + j), v128.load(scratch + j)));
        for (; j < rowBytes; j += 4) store<f32>(scratch + j, load<f32>(scratch + j) + s * load<f32>(bp + j));
      }
      const va = f32x4.splat(alpha);
      let j: usize = 0;
      for (; j < n4; j += 16) v128.store(ci + j, madd(va, v128.load(scratch + j), v128.load(ci + j)));
      for (; j < rowBytes; j += 4) store<f32>(ci + j, load<f32>(ci + j) + alpha * load<f32>(scratch + j));
    }
    if (bias != 0) for (let j: usize = 0; j < rowBytes; j += 4) store<f32>(ci + j, load<f32>(ci + j) + load<f32>(bias + j));
  }
}
