// AssemblyScript, not TypeScript: compiled to WebAssembly SIMD128 by electron/wasm.cjs (tsc never sees this file).
// The same strided GEMM as shared/nn/kernels.ts: op(A)(i, p) = a[i·aRow + p·aCol], op(B)(p, j) = b[p·bRow + j·bCol],
// C row-major m×n. All pointers are byte offsets into the imported memory; strides are in floats.
//   C ← alpha·op(A)·op(B) + beta·C + bias   (beta = 0 never reads C; bias = 0 means none; bias[j] adds to column j)
// Nothing here keeps state between calls: every scratch byte comes from the caller, so two threads sharing the
// memory can run disjoint row ranges of one product at once.

import { finishOne, madd } from './common.as';
import { dotProducts, rowAxpy } from './dot.as';

/** K is processed in blocks so the packed panels of B stay in cache while every row tile walks them. */
const K_BLOCK: i32 = 384;
/** Up to this many rows, B is read where it lies instead of packed: its panels would be reused too few times. */
const DIRECT_ROWS: i32 = 16;
/** Rows of C per register tile. */
const MR: i32 = 6;

/** The path and tile constants, for a caller that splits a product and must keep every row on the same path. */
export function gemmDirectRows(): i32 {
  return DIRECT_ROWS;
}
export function gemmTileRows(): i32 {
  return MR;
}

/** Bytes of scratch `gemm` needs: the packed panels of A and B and one 6×8 edge tile. */
export function gemmScratchBytes(n: i32): usize {
  return <usize>(MR * K_BLOCK + ((n + 7) >> 3) * 8 * K_BLOCK + 8 * MR) << 2;
}

export function gemm(
  m: i32, n: i32, k: i32,
  a: usize, aRow: i32, aCol: i32,
  b: usize, bRow: i32, bCol: i32,
  c: usize, alpha: f32, beta: f32, bias: usize, scratch: usize,
): void {
  if (m <= 0 || n <= 0) return;
  if (k == 0) {
    epilogueOnly(m, n, c, beta, bias);
    return;
  }
  if (aCol == 1 && bRow == 1 && (m <= DIRECT_ROWS || n < 4)) {
    dotProducts(m, n, k, a, aRow, b, bCol, c, alpha, beta, bias);
    return;
  }
  if (m < 4 && bCol == 1) {
    rowAxpy(m, n, k, a, aRow, aCol, b, bRow, c, alpha, beta, bias, scratch);
    return;
  }
  const packedA = scratch;
  const packedB = scratch + (<usize>(MR * K_BLOCK) << 2);
  const edge = packedB + (<usize>(((n + 7) >> 3) * 8 * K_BLOCK) << 2);
  const panels = (n + 7) >> 3;
  const directB = bCol == 1 && m <= DIRECT_ROWS;
  const fullPanels = directB ? n >> 3 : panels;
  // K blocks of equal size (a multiple of 4), so no block is a short, inefficient remainder
  const blocks = (k + K_BLOCK - 1) / K_BLOCK;
  const kbEven = min(K_BLOCK, (((k + blocks - 1) / blocks) + 3) & ~3);
  for (let p0 = 0; p0 < k; p0 += kbEven) {
    const kb = min(kbEven, k - p0);
    const blockBeta: f32 = p0 == 0 ? beta : 1;
    const blockBias: usize = p0 + kb >= k ? bias : 0;
    const blockAlpha = alpha;
    if (directB) packB(packedB, b, bRow, bCol, n, p0, kb, fullPanels);
    else packB(packedB, b, bRow, bCol, n, p0, kb, 0);
    for (let i = 0; i < m; i += MR) {
      packA(packedA, a, aRow, aCol, m, i, p0, kb);
      for (let t = 0; t < panels; t++) {
        if (t < fullPanels && directB) {
          const pb = b + (<usize>(p0 * bRow + t * 8) << 2);
          tile(packedA, pb, <usize>bRow << 2, kb, c, i, t * 8, m, n, blockAlpha, blockBeta, blockBias, edge);
        } else {
          tile(packedA, packedB + (<usize>(t * 8 * kb) << 2), 32, kb, c, i, t * 8, m, n, blockAlpha, blockBeta, blockBias, edge);
        }
      }
    }
  }
}

/** C ← beta·C + bias, for k = 0. */
function epilogueOnly(m: i32, n: i32, c: usize, beta: f32, bias: usize): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const at = c + (<usize>(i * n + j) << 2);
      let value: f32 = beta != 0 ? beta * load<f32>(at) : 0;
      if (bias != 0) value += load<f32>(bias + (<usize>j << 2));
      store<f32>(at, value);
    }
  }
}

/**
 * Panel t (from `firstPanel`) holds columns 8t … 8t+7 of op(B) interleaved by p: panel[8p + s] = B(p0 + p, 8t + s),
 * zero past n.
 */
function packB(dst: usize, b: usize, bRow: i32, bCol: i32, n: i32, p0: i32, kb: i32, firstPanel: i32): void {
  const panels = (n + 7) >> 3;
  const rowBytes = <usize>bRow << 2;
  for (let t = firstPanel; t < panels; t++) {
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
    if (bRow == 1 && j0 + 8 <= n) {
      // columns of op(B) are contiguous (A·Bᵀ): 4×4 blocks transpose in registers
      const col0 = b + (<usize>(p0 + j0 * bCol) << 2), colBytes = <usize>bCol << 2;
      const kb4 = kb & ~3;
      for (let half = 0; half < 2; half++) {
        const q0 = col0 + <usize>(4 * half) * colBytes, q1 = q0 + colBytes, q2 = q1 + colBytes, q3 = q2 + colBytes;
        const out = base + (<usize>half << 4);
        for (let p = 0; p < kb4; p += 4) {
          const off = <usize>p << 2;
          transposeStore(out + (<usize>p << 5), 32, v128.load(q0 + off), v128.load(q1 + off), v128.load(q2 + off), v128.load(q3 + off));
        }
        for (let p = kb4; p < kb; p++) {
          const off = <usize>p << 2, at = out + (<usize>p << 5);
          store<f32>(at, load<f32>(q0 + off)); store<f32>(at, load<f32>(q1 + off), 4);
          store<f32>(at, load<f32>(q2 + off), 8); store<f32>(at, load<f32>(q3 + off), 12);
        }
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

/** Rows i … i+5 of op(A) interleaved by p: panel[6p + r] = A(i + r, p0 + p), zero past m. */
function packA(dst: usize, a: usize, aRow: i32, aCol: i32, m: i32, i: i32, p0: i32, kb: i32): void {
  const stepBytes = <usize>aCol << 2;
  if (aRow == 1 && i + 6 <= m) {
    // Aᵀ·B: the six values for one p are adjacent in memory
    let src = a + (<usize>(i + p0 * aCol) << 2);
    for (let p = 0; p < kb; p++) {
      const out = dst + <usize>p * 24;
      v128.store(out, v128.load(src));
      v128.store64_lane(out, v128.load64_zero(src, 16), 0, 16);
      src += stepBytes;
    }
    return;
  }
  if (aCol == 1 && i + 6 <= m) {
    // rows of A are contiguous: rows 0-3 as 4×4 blocks transposed in registers, rows 4-5 one by one
    const r0 = a + (<usize>(i * aRow + p0) << 2), rowBytes = <usize>aRow << 2;
    const r1 = r0 + rowBytes, r2 = r1 + rowBytes, r3 = r2 + rowBytes, r4 = r3 + rowBytes, r5 = r4 + rowBytes;
    const kb4 = kb & ~3;
    for (let p = 0; p < kb4; p += 4) {
      const off = <usize>p << 2;
      transposeStore(dst + <usize>p * 24, 24, v128.load(r0 + off), v128.load(r1 + off), v128.load(r2 + off), v128.load(r3 + off));
    }
    for (let p = kb4; p < kb; p++) {
      const off = <usize>p << 2, out = dst + <usize>p * 24;
      store<f32>(out, load<f32>(r0 + off)); store<f32>(out, load<f32>(r1 + off), 4);
      store<f32>(out, load<f32>(r2 + off), 8); store<f32>(out, load<f32>(r3 + off), 12);
    }
    for (let p = 0; p < kb; p++) {
      const off = <usize>p << 2, out = dst + <usize>p * 24;
      store<f32>(out, load<f32>(r4 + off), 16); store<f32>(out, load<f32>(r5 + off), 20);
    }
    return;
  }
  for (let r = 0; r < 6; r++) {
    let out = dst + (<usize>r << 2);
    if (i + r >= m) {
      for (let p = 0; p < kb; p++, out += 24) store<f32>(out, 0);
      continue;
    }
    let src = a + (<usize>((i + r) * aRow + p0 * aCol) << 2);
    for (let p = 0; p < kb; p++, out += 24) {
      store<f32>(out, load<f32>(src));
      src += stepBytes;
    }
  }
}

/** Stores the transpose of the 4×4 block with rows x0…x3 as four vectors `stride` bytes apart. */
@inline function transposeStore(out: usize, stride: usize, x0: v128, x1: v128, x2: v128, x3: v128): void {
  const t0 = v128.shuffle<f32>(x0, x1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(x2, x3, 0, 4, 1, 5);
  const t2 = v128.shuffle<f32>(x0, x1, 2, 6, 3, 7);
  const t3 = v128.shuffle<f32>(x2, x3, 2, 6, 3, 7);
  v128.store(out, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
  v128.store(out + stride, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
  v128.store(out + 2 * stride, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5));
  v128.store(out + 3 * stride, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7));
}

/** alpha·acc + beta·C + bias for 8 entries of one row, stored at `at` (beta = 0 never reads C). */
@inline function finishRow(at: usize, acc0: v128, acc1: v128, alpha: v128, beta: f32, bias0: v128, bias1: v128): void {
  let out0 = f32x4.add(f32x4.mul(acc0, alpha), bias0);
  let out1 = f32x4.add(f32x4.mul(acc1, alpha), bias1);
  if (beta != 0) {
    const vb = f32x4.splat(beta);
    out0 = madd(v128.load(at), vb, out0);
    out1 = madd(v128.load(at, 16), vb, out1);
  }
  v128.store(at, out0);
  v128.store(at, out1, 16);
}

// A 6×8 tile of C in twelve v128 accumulators: per step, 2 vector loads of B and 6 splats of A feed 48 multiply-adds.
// B is a packed panel (bStep 32) or B itself (bStep = its row stride); A is always packed.
function tile(
  pa: usize, pb: usize, bStep: usize, kb: i32, c: usize, i: i32, j: i32, m: i32, n: i32,
  alpha: f32, beta: f32, bias: usize, edge: usize,
): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let c40 = f32x4.splat(0), c41 = f32x4.splat(0);
  let c50 = f32x4.splat(0), c51 = f32x4.splat(0);
  for (let p = 0; p < kb; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a0 = v128.load32_splat(pa);
    c00 = madd(a0, b0, c00); c01 = madd(a0, b1, c01);
    a0 = v128.load32_splat(pa, 4);
    c10 = madd(a0, b0, c10); c11 = madd(a0, b1, c11);
    a0 = v128.load32_splat(pa, 8);
    c20 = madd(a0, b0, c20); c21 = madd(a0, b1, c21);
    a0 = v128.load32_splat(pa, 12);
    c30 = madd(a0, b0, c30); c31 = madd(a0, b1, c31);
    a0 = v128.load32_splat(pa, 16);
    c40 = madd(a0, b0, c40); c41 = madd(a0, b1, c41);
    a0 = v128.load32_splat(pa, 20);
    c50 = madd(a0, b0, c50); c51 = madd(a0, b1, c51);
    pa += 24;
    pb += bStep;
  }
  const va = f32x4.splat(alpha);
  if (i + 6 <= m && j + 8 <= n) {
    const bias0 = bias != 0 ? v128.load(bias + (<usize>j << 2)) : f32x4.splat(0);
    const bias1 = bias != 0 ? v128.load(bias + (<usize>j << 2), 16) : f32x4.splat(0);
    const rowBytes = <usize>n << 2;
    const r0 = c + (<usize>(i * n + j) << 2);
    finishRow(r0, c00, c01, va, beta, bias0, bias1);
    finishRow(r0 + rowBytes, c10, c11, va, beta, bias0, bias1);
    finishRow(r0 + 2 * rowBytes, c20, c21, va, beta, bias0, bias1);
    finishRow(r0 + 3 * rowBytes, c30, c31, va, beta, bias0, bias1);
    finishRow(r0 + 4 * rowBytes, c40, c41, va, beta, bias0, bias1);
    finishRow(r0 + 5 * rowBytes, c50, c51, va, beta, bias0, bias1);
    return;
  }
  v128.store(edge, c00); v128.store(edge, c01, 16);
  v128.store(edge, c10, 32); v128.store(edge, c11, 48);
  v128.store(edge, c20, 64); v128.store(edge, c21, 80);
  v128.store(edge, c30, 96); v128.store(edge, c31, 112);
  v128.store(edge, c40, 128); v128.store(edge, c41, 144);
  v128.store(edge, c50, 160); v128.store(edge, c51, 176);
  for (let r = 0; r < 6 && i + r < m; r++) {
    for (let s = 0; s < 8 && j + s < n; s++) {
      const at = c + (<usize>((i + r) * n + j + s) << 2);
      finishOne(at, alpha * load<f32>(edge + (<usize>(8 * r + s) << 2)), beta, bias, j + s);
    }
  }
}
