/**
 * The WebAssembly SIMD128 kernels (shared/nn/wasm/*.as.ts) behind the same signatures as the JS kernels.
 * Arrays from `alloc` live in the module's memory, so calls on them pass pointers and copy nothing; any other array
 * is staged through scratch slots (see wasmHeap.ts), which keeps every caller correct.
 */
import type { KernelSet } from './kernelSet'
import { wasmElementwise } from './wasmElementwise'
import { wasmOptim } from './wasmOptim'
import {
  abandonCall,
  allocFloat32,
  finishCall,
  freeFloat32,
  isResident,
  requireRuntime,
  scratch,
  stageIn,
  stageOut,
} from './wasmHeap'
import { onWasmReload } from './wasmModule'

// Staging slots: one per operand of a call, so a pointer handed out earlier in the call never moves.
const SLOT_A = 0
const SLOT_B = 1
const SLOT_C = 2
const SLOT_BIAS = 3
const SLOT_SCRATCH = 4
const SLOT_HELPER_SCRATCH = 5

/**
 * A second thread that runs the same module over the same shared memory (Node: electron/trainer/gemmThread.ts).
 * `start` hands it a product to compute while this thread computes another; `join` returns once it is done.
 */
export interface GemmHelper {
  start(
    m: number,
    n: number,
    k: number,
    a: number,
    aRow: number,
    aCol: number,
    b: number,
    bRow: number,
    bCol: number,
    c: number,
    alpha: number,
    beta: number,
    bias: number,
    scratch: number,
  ): void
  join(): void
}

let helper: GemmHelper | null = null
// a reloaded module has a new memory: a helper running the old one would write its rows there
onWasmReload(() => {
  helper = null
})

/** Lets large products split their rows with `next` (null: this thread alone). Needs the shared-memory build. */
export function setGemmHelper(next: GemmHelper | null): void {
  if (next && !requireRuntime().shared) throw new Error('a second GEMM thread needs the shared-memory build')
  helper = next
}

/** Below this many flops a product is not worth waking the second thread for (a wake-up costs microseconds). */
const SPLIT_MIN_FLOPS = 4e6
/**
 * Where to split a product's rows between the threads, or 0 not to. Both parts must take the whole product's path
 * (products of at most `directRows` rows take other paths, which sum in another order) and the split must fall on a
 * register tile boundary, so two threads give the very same floats as one and training stays deterministic.
 */
function splitRow(m: number, n: number, k: number): number {
  if (!helper || 2 * m * n * k < SPLIT_MIN_FLOPS) return 0
  const wasm = requireRuntime().exports
  const tileRows = wasm.gemmTileRows()
  const directRows = wasm.gemmDirectRows()
  const top = Math.ceil(m / 2 / tileRows) * tileRows
  const direct = m <= directRows
  if (top === 0 || top >= m || top <= directRows !== direct || m - top <= directRows !== direct) return 0
  return top
}

/** The element span strides reach: the first `span` floats are all an operand's call reads. */
const span = (rows: number, rowStride: number, cols: number, colStride: number): number =>
  rows === 0 || cols === 0 ? 0 : (rows - 1) * rowStride + (cols - 1) * colStride + 1

/** C ← alpha·op(A)·op(B) + beta·C (+ bias along columns); beta = 0 never reads C. */
export function gemm(
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
  alpha: number,
  beta: number,
  bias: Float32Array | null,
): void {
  if (m === 0 || n === 0) return
  const wasm = requireRuntime().exports
  const pa = stageIn(SLOT_A, a, span(m, aRow, k, aCol))
  const pb = stageIn(SLOT_B, b, span(k, bRow, n, bCol))
  const pBias = bias ? stageIn(SLOT_BIAS, bias, n) : 0
  const pc = stageOut(SLOT_C, c, m * n, beta !== 0)
  const pScratch = scratch(SLOT_SCRATCH, wasm.gemmScratchBytes(n))
  const top = splitRow(m, n, k)
  if (helper && top > 0) {
    // rows of C split in two on a tile boundary: the helper takes the bottom part with its own scratch
    const helperScratch = scratch(SLOT_HELPER_SCRATCH, wasm.gemmScratchBytes(n))
    helper.start(
      m - top,
      n,
      k,
      pa + 4 * top * aRow,
      aRow,
      aCol,
      pb,
      bRow,
      bCol,
      pc + 4 * top * n,
      alpha,
      beta,
      pBias,
      helperScratch,
    )
    wasm.gemm(top, n, k, pa, aRow, aCol, pb, bRow, bCol, pc, alpha, beta, pBias, pScratch)
    try {
      helper.join()
    } catch (error) {
      abandonCall()
      throw error
    }
  } else {
    wasm.gemm(m, n, k, pa, aRow, aCol, pb, bRow, bCol, pc, alpha, beta, pBias, pScratch)
  }
  finishCall()
}

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
  gemm(m, n, k, a, aRow, aCol, b, bRow, bCol, c, 1, accumulate ? 1 : 0, null)
}

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
  gemm(m, n, k, a, k, 1, b, n, 1, c, 1, accumulate ? 1 : 0, null)
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
  gemm(m, n, k, a, k, 1, b, 1, k, c, 1, accumulate ? 1 : 0, null)
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
  gemm(m, n, k, a, 1, m, b, n, 1, c, 1, accumulate ? 1 : 0, null)
}

export const wasmKernels: KernelSet = {
  name: 'wasm',
  alloc: allocFloat32,
  free: freeFloat32,
  resident(array) {
    if (isResident(array)) return array
    const copy = allocFloat32(array.length)
    if (!isResident(copy)) return array // an ordinary memory: a copy would be staged just the same
    copy.set(array)
    return copy
  },
  gemmStrided,
  matmul,
  matmulTransB,
  matmulTransA,
  denseForward(x, w, b, z, rows, inputs, units) {
    gemm(rows, units, inputs, x, inputs, 1, w, 1, inputs, z, 1, 0, b)
  },
  ...wasmElementwise,
  ...wasmOptim,
  sgdDenseWeights(dz, x, w, _dw, rows, inputs, units, lr, decay) {
    // the gradient never exists on its own: the product lands in W, scaled, on top of W's decayed values
    gemm(units, inputs, rows, dz, 1, units, x, inputs, 1, w, -lr, 1 - lr * decay, null)
  },
  // The gather costs more than the skipped multiplications save at SIMD speed (epoch A 4.5 s with it, 3.4 s without).
  compactZeroColumns: false,
}
