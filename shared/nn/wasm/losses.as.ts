// AssemblyScript, not TypeScript: compiled to WebAssembly SIMD128 by electron/wasm.cjs (tsc never sees this file).
// The fused losses of the wasm set, with the semantics of shared/nn/losses.ts (lossForward): the batch's mean loss,
// its gradient into grad. Pointers are byte offsets into the imported memory, sizes in floats, row-major rows × cols.

import {
  rowMax,
  exp4,
  expDiff4,
  low64,
  high64,
  narrow,
  sum64,
  lane0,
  VEC,
  loadTail,
  tailMask,
  storeTail,
} from './vecmath.as'

// The codes shared/nn/wasmElementwise.ts passes for a loss name.
const QUADRATIC = 0
const SOFTMAX_CROSS_ENTROPY = 1
const BINARY_CROSS_ENTROPY = 2

/** The batch's mean loss; dL/d(input) into grad (grad = input allowed). See shared/nn/losses.ts. */
export function lossForward(kind: i32, yTrue: usize, input: usize, grad: usize, rows: i32, cols: i32): f64 {
  switch (kind) {
    case QUADRATIC:
      return quadratic(yTrue, input, grad, rows, cols)
    case SOFTMAX_CROSS_ENTROPY:
      return softmaxCrossEntropy(yTrue, input, grad, rows, cols)
    case BINARY_CROSS_ENTROPY:
      return binaryCrossEntropy(yTrue, input, grad, rows, cols)
  }
  return NaN
}

/** ½‖a − y‖² per row, averaged; grad = (a − y)/rows. In float64, where a − y and its square are exact. */
function quadratic(yTrue: usize, a: usize, grad: usize, rows: i32, cols: i32): f64 {
  const end = (<usize>(rows * cols)) << 2
  const body = end & ~(VEC - 1)
  const inv = 1 / <f64>rows
  const vInv = f64x2.splat(inv)
  let sumLo = f64x2.splat(0),
    sumHi = f64x2.splat(0)
  let i: usize = 0
  for (; i < body; i += VEC) {
    const out = v128.load(a + i),
      y = v128.load(yTrue + i)
    const dLo = f64x2.sub(low64(out), low64(y))
    const dHi = f64x2.sub(high64(out), high64(y))
    sumLo = f64x2.add(sumLo, f64x2.mul(dLo, dLo))
    sumHi = f64x2.add(sumHi, f64x2.mul(dHi, dHi))
    v128.store(grad + i, narrow(f64x2.mul(dLo, vInv), f64x2.mul(dHi, vInv)))
  }
  let sum = sum64(f64x2.add(sumLo, sumHi))
  for (; i < end; i += 4) {
    const d = <f64>load<f32>(a + i) - <f64>load<f32>(yTrue + i)
    sum += d * d
    store<f32>(grad + i, <f32>(d * inv))
  }
  return (0.5 * sum) / <f64>rows
}

/**
 * Per row, with m = max z and S = Σ e^(z − m): the loss Σ y·(log S + m − z) = lse·Σy − Σ y·z in float64, and
 * grad = (e^(z − m)/S − y)/rows. The first pass parks e^(z − m) in grad unless grad is z or y (then the second pass
 * computes it again), so either may be overwritten.
 */
function softmaxCrossEntropy(yTrue: usize, z: usize, grad: usize, rows: i32, cols: i32): f64 {
  const rowBytes = (<usize>cols) << 2
  const body = rowBytes & ~(VEC - 1)
  const tail = rowBytes - body
  const keep = grad != z && grad != yTrue
  const inv = f64x2.splat(1 / <f64>rows)
  let loss: f64 = 0
  for (let r = 0; r < rows; r++) {
    const offset = <usize>r * rowBytes
    const zr = z + offset,
      yr = yTrue + offset,
      gr = grad + offset
    const max = rowMax(zr, cols)
    const m = f32x4.splat(max)
    let sLo = f64x2.splat(0),
      sHi = f64x2.splat(0)
    let yLo = f64x2.splat(0),
      yHi = f64x2.splat(0)
    let yzLo = f64x2.splat(0),
      yzHi = f64x2.splat(0)
    for (let j: usize = 0; j < body; j += VEC) {
      const x = v128.load(zr + j),
        y = v128.load(yr + j)
      const e = expDiff4(x, m)
      if (keep) v128.store(gr + j, e)
      sLo = f64x2.add(sLo, low64(e))
      sHi = f64x2.add(sHi, high64(e))
      const yl = low64(y),
        yh = high64(y)
      yLo = f64x2.add(yLo, yl)
      yHi = f64x2.add(yHi, yh)
      yzLo = f64x2.add(yzLo, f64x2.mul(yl, low64(x)))
      yzHi = f64x2.add(yzHi, f64x2.mul(yh, high64(x)))
    }
    if (tail) {
      const x = loadTail(zr + body, tail, max),
        y = loadTail(yr + body, tail, 0)
      const e = v128.and(expDiff4(x, m), tailMask(tail))
      if (keep) storeTail(gr + body, tail, e)
      sLo = f64x2.add(sLo, low64(e))
      sHi = f64x2.add(sHi, high64(e))
      const yl = low64(y),
        yh = high64(y)
      yLo = f64x2.add(yLo, yl)
      yHi = f64x2.add(yHi, yh)
      yzLo = f64x2.add(yzLo, f64x2.mul(yl, low64(x)))
      yzHi = f64x2.add(yzHi, f64x2.mul(yh, high64(x)))
    }
    const s = sum64(f64x2.add(sLo, sHi))
    const logSumExp = <f64>max + Math.log(s)
    loss += logSumExp * sum64(f64x2.add(yLo, yHi)) - sum64(f64x2.add(yzLo, yzHi))
    // p − y in float64: for the largest z, e = 1 exactly and 1/S − 1 keeps the digits that p − 1 in float32 would lose
    const invS = f64x2.splat(1 / s)
    for (let j: usize = 0; j < body; j += VEC) {
      const e = keep ? v128.load(gr + j) : expDiff4(v128.load(zr + j), m)
      const y = v128.load(yr + j)
      const lo = f64x2.mul(f64x2.sub(f64x2.mul(low64(e), invS), low64(y)), inv)
      const hi = f64x2.mul(f64x2.sub(f64x2.mul(high64(e), invS), high64(y)), inv)
      v128.store(gr + j, narrow(lo, hi))
    }
    if (tail) {
      const e = keep ? loadTail(gr + body, tail, 0) : expDiff4(loadTail(zr + body, tail, max), m)
      const y = loadTail(yr + body, tail, 0)
      const lo = f64x2.mul(f64x2.sub(f64x2.mul(low64(e), invS), low64(y)), inv)
      const hi = f64x2.mul(f64x2.sub(f64x2.mul(high64(e), invS), high64(y)), inv)
      storeTail(gr + body, tail, narrow(lo, hi))
    }
  }
  return loss / <f64>rows
}

/**
 * max(z, 0) − z·y + log(1 + e^−|z|) per element (never e of a large number), averaged over rows;
 * grad = (σ(z) − y)/rows, with σ from the same e^−|z|. The log is scalar float64, once per element.
 */
function binaryCrossEntropy(yTrue: usize, z: usize, grad: usize, rows: i32, cols: i32): f64 {
  const end = (<usize>(rows * cols)) << 2
  const body = end & ~(VEC - 1)
  const inv = <f32>(1 / <f64>rows)
  const vInv = f32x4.splat(inv)
  const one = f32x4.splat(1)
  const zero64 = f64x2.splat(0)
  let termsLo = f64x2.splat(0),
    termsHi = f64x2.splat(0)
  let logs: f64 = 0
  let i: usize = 0
  for (; i < body; i += VEC) {
    const x = v128.load(z + i),
      y = v128.load(yTrue + i)
    const e = exp4(v128.or(x, i32x4.splat(i32.MIN_VALUE)))
    // σ − y as (1 − y) − (1 − σ) for z ≥ 0: 1 − σ = e/(1 + e) keeps its digits where σ rounds to 1
    const q = f32x4.div(e, f32x4.add(one, e))
    const positive = f32x4.ge(x, f32x4.splat(0))
    const t = v128.bitselect(f32x4.sub(one, y), y, positive)
    v128.store(grad + i, f32x4.mul(v128.bitselect(f32x4.sub(t, q), f32x4.sub(q, t), positive), vInv))
    const xl = low64(x),
      xh = high64(x)
    termsLo = f64x2.add(termsLo, f64x2.sub(f64x2.max(xl, zero64), f64x2.mul(xl, low64(y))))
    termsHi = f64x2.add(termsHi, f64x2.sub(f64x2.max(xh, zero64), f64x2.mul(xh, high64(y))))
    logs += Math.log1p(<f64>f32x4.extract_lane(e, 0)) + Math.log1p(<f64>f32x4.extract_lane(e, 1))
    logs += Math.log1p(<f64>f32x4.extract_lane(e, 2)) + Math.log1p(<f64>f32x4.extract_lane(e, 3))
  }
  let sum = sum64(f64x2.add(termsLo, termsHi)) + logs
  for (; i < end; i += 4) {
    const x = load<f32>(z + i),
      y = load<f32>(yTrue + i)
    const e = lane0(exp4(f32x4.splat(-abs(x))))
    const q = e / (<f32>1 + e)
    store<f32>(grad + i, (x >= 0 ? 1 - y - q : q - y) * inv)
    sum += max(<f64>x, 0) - <f64>x * <f64>y + Math.log1p(<f64>e)
  }
  return sum / <f64>rows
}
