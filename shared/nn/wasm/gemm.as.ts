// AssemblyScript, not TypeScript: compiled to WebAssembly SIMD128 by electron/wasm.cjs (tsc never sees this file).
// The same strided GEMM as shared/nn/kernels.ts: op(A)(i, p) = a[i·aRow + p·aCol], op(B)(p, j) = b[p·bRow + j·bCol],
// C row-major m×n. All pointers are byte offsets into this module's memory; strides are in floats.

/** K is processed in blocks so the packed panels of B stay in cache while every row tile walks them. */
const K_BLOCK: i32 = 256;

/** A 4×8 tile that does not fit inside C is written here first, then copied entry by entry. */
const edgeTile: usize = memory.data(32 * 4, 16);

/** First free byte after the module's static data, 16-byte aligned: the caller lays out its buffers from here. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~(<usize>15);
}

/** Bytes of scratch `gemm` needs for its packed panels of A and B. */
export function scratchBytes(n: i32): usize {
  return <usize>(4 * K_BLOCK + ((n + 7) >> 3) * 8 * K_BLOCK) << 2;
}

export function gemm(
  m: i32, n: i32, k: i32,
  a: usize, aRow: i32, aCol: i32,
  b: usize, bRow: i32, bCol: i32,
  c: usize, accumulate: i32, scratch: usize,
): void {
  if (k == 0) {
    if (accumulate == 0) memory.fill(c, 0, <usize>(m * n) << 2);
    return;
  }
  const packedA = scratch;
  const packedB = scratch + (<usize>(4 * K_BLOCK) << 2);
  const panels = (n + 7) >> 3;
  for (let p0 = 0; p0 < k; p0 += K_BLOCK) {
    const kb = min(K_BLOCK, k - p0);
    const add = accumulate != 0 || p0 > 0;
    packB(packedB, b, bRow, bCol, n, p0, kb);
    for (let i = 0; i < m; i += 4) {
      packA(packedA, a, aRow, aCol, m, i, p0, kb);
      for (let t = 0; t < panels; t++) {
        microKernel(packedA, packedB + (<usize>(t * 8 * kb) << 2), kb, c, i, t * 8, m, n, add);
      }
    }
  }
}

/** Panel t holds columns 8t … 8t+7 of op(B) interleaved by p: panel[8p + s] = B(p0 + p, 8t + s), zero past n. */
function packB(dst: usize, b: usize, bRow: i32, bCol: i32, n: i32, p0: i32, kb: i32): void {
  const panels = (n + 7) >> 3;
  const rowBytes = <usize>bRow << 2;
  for (let t = 0; t < panels; t++) {
    const base = dst + (<usize>(t * 8 * kb) << 2);
    const j0 = t * 8;
    if (bCol == 1 && j0 + 8 <= n) {
      // rows of B are contiguous: each step is two vector copies
      let src = b + (<usize>(p0 * bRow + j0) << 2);
      for (let p = 0; p < kb; p++) {
        const out = base + (<usize>p << 5);
        v128.store(out, v128.load(src));
        v128.store(out, v128.load(src, 16), 16);
        src += rowBytes;
      }
      continue;
    }
    for (let s = 0; s < 8; s++) {
      const j = j0 + s;
      let out = base + (<usize>s << 2);
      if (j >= n) {
        for (let p = 0; p < kb; p++, out += 32) store<f32>(out, 0);
        continue;
      }
      let src = b + (<usize>(p0 * bRow + j * bCol) << 2);
      for (let p = 0; p < kb; p++, out += 32) {
        store<f32>(out, load<f32>(src));
        src += rowBytes;
      }
    }
  }
}

/** Rows i … i+3 of op(A) interleaved by p: panel[4p + r] = A(i + r, p0 + p), zero past m. */
function packA(dst: usize, a: usize, aRow: i32, aCol: i32, m: i32, i: i32, p0: i32, kb: i32): void {
  const stepBytes = <usize>aCol << 2;
  if (aRow == 1 && i + 4 <= m) {
    // Aᵀ·B: the four values for one p are adjacent in memory
    let src = a + (<usize>(i + p0 * aCol) << 2);
    for (let p = 0; p < kb; p++) {
      v128.store(dst + (<usize>p << 4), v128.load(src));
      src += stepBytes;
    }
    return;
  }
  for (let r = 0; r < 4; r++) {
    let out = dst + (<usize>r << 2);
    if (i + r >= m) {
      for (let p = 0; p < kb; p++, out += 16) store<f32>(out, 0);
      continue;
    }
    let src = a + (<usize>((i + r) * aRow + p0 * aCol) << 2);
    for (let p = 0; p < kb; p++, out += 16) {
      store<f32>(out, load<f32>(src));
      src += stepBytes;
    }
  }
}

/** a·b + c; fused (one rounding) where the build enables relaxed SIMD and the CPU has FMA. */
@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

// A 4×8 tile of C in eight v128 accumulators: per step, 2 vector loads of B and 4 splats of A feed 32 multiply-adds.
function microKernel(pa: usize, pb: usize, kb: i32, c: usize, i: i32, j: i32, m: i32, n: i32, add: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < kb; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    const a0 = v128.load32_splat(pa);
    const a1 = v128.load32_splat(pa, 4);
    const a2 = v128.load32_splat(pa, 8);
    const a3 = v128.load32_splat(pa, 12);
    c00 = madd(a0, b0, c00); c01 = madd(a0, b1, c01);
    c10 = madd(a1, b0, c10); c11 = madd(a1, b1, c11);
    c20 = madd(a2, b0, c20); c21 = madd(a2, b1, c21);
    c30 = madd(a3, b0, c30); c31 = madd(a3, b1, c31);
    pa += 16;
    pb += 32;
  }
  if (i + 4 <= m && j + 8 <= n) {
    const rowBytes = <usize>n << 2;
    const r0 = c + (<usize>(i * n + j) << 2), r1 = r0 + rowBytes, r2 = r1 + rowBytes, r3 = r2 + rowBytes;
    if (add) {
      c00 = f32x4.add(c00, v128.load(r0)); c01 = f32x4.add(c01, v128.load(r0, 16));
      c10 = f32x4.add(c10, v128.load(r1)); c11 = f32x4.add(c11, v128.load(r1, 16));
      c20 = f32x4.add(c20, v128.load(r2)); c21 = f32x4.add(c21, v128.load(r2, 16));
      c30 = f32x4.add(c30, v128.load(r3)); c31 = f32x4.add(c31, v128.load(r3, 16));
    }
    v128.store(r0, c00); v128.store(r0, c01, 16);
    v128.store(r1, c10); v128.store(r1, c11, 16);
    v128.store(r2, c20); v128.store(r2, c21, 16);
    v128.store(r3, c30); v128.store(r3, c31, 16);
    return;
  }
  v128.store(edgeTile, c00); v128.store(edgeTile, c01, 16);
  v128.store(edgeTile, c10, 32); v128.store(edgeTile, c11, 48);
  v128.store(edgeTile, c20, 64); v128.store(edgeTile, c21, 80);
  v128.store(edgeTile, c30, 96); v128.store(edgeTile, c31, 112);
  for (let r = 0; r < 4 && i + r < m; r++) {
    for (let s = 0; s < 8 && j + s < n; s++) {
      const at = c + (<usize>((i + r) * n + j + s) << 2);
      const value = load<f32>(edgeTile + (<usize>(8 * r + s) << 2));
      store<f32>(at, add ? load<f32>(at) + value : value);
    }
  }
}
