// AssemblyScript, not TypeScript: compiled to WebAssembly SIMD128 by electron/wasm.cjs (tsc never sees this file).
// The elementwise kernels of the wasm set, with the semantics of shared/nn/activations.ts (activate,
// activationBackward), losses.ts (lossForward) and kernels.ts (sumColumns). Pointers are byte offsets into the
// imported memory, sizes in floats, matrices row-major rows × cols. Every kernel reads an element before it writes
// the same index, so an output may be one of the inputs (a = z, dz = da, grad = z) as with the JS references.
import { madd } from './gemm.as';

// The codes shared/nn/wasmElementwise.ts passes for an activation or a loss name.
const LINEAR = 0;
const SIGMOID = 1;
const TANH = 2;
const RELU = 3;
const LEAKY_RELU = 4;
const SOFTMAX = 5;
const QUADRATIC = 0;
const SOFTMAX_CROSS_ENTROPY = 1;
const BINARY_CROSS_ENTROPY = 2;

const LEAKY_SLOPE: f32 = 0.01;

// e^x = 2ⁿ·e^r with x = n·ln2 + r, |r| ≤ ln2/2; ln2 in two parts so that n·LN2_HI is exact (Cephes expf).
const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
// e^100 overflows float32 and e^−104 rounds to 0: clamping there keeps n within what the scaling below handles.
const EXP_MAX: f32 = 100;
const EXP_MIN: f32 = -104;
/** 1.5·2²³: adding it leaves a float whose last mantissa bits are the rounded integer part. */
const ROUNDING_SHIFT: f32 = 12582912;
// Below this |x|, tanh is an odd polynomial (1 − 2/(e^2|x| + 1) would cancel); Cephes tanhf's split and coefficients.
const TANH_SMALL: f32 = 0.625;

/** e^x in each lane: +Inf above 88.7, 0 below −103.9 (subnormals between), NaN for NaN, like Math.exp rounded. */
@inline function exp4(x: v128): v128 {
  // pmin/pmax are one instruction each where min/max are a sequence; with x first they keep a NaN x
  x = f32x4.pmax(f32x4.pmin(x, f32x4.splat(EXP_MAX)), f32x4.splat(EXP_MIN));
  // adding 1.5·2²³ rounds x·log2e to an integer n held in the low mantissa bits (nearest + trunc_sat cost more)
  const shifted = madd(x, f32x4.splat(LOG2E), f32x4.splat(ROUNDING_SHIFT));
  const n = f32x4.sub(shifted, f32x4.splat(ROUNDING_SHIFT));
  let r = madd(n, f32x4.splat(-LN2_HI), x);
  r = madd(n, f32x4.splat(-LN2_LO), r);
  // e^r = 1 + r + r²·P(r), Cephes expf's minimax P
  let p = madd(f32x4.splat(1.9875691500e-4), r, f32x4.splat(1.3981999507e-3));
  p = madd(p, r, f32x4.splat(8.3334519073e-3));
  p = madd(p, r, f32x4.splat(4.1665795894e-2));
  p = madd(p, r, f32x4.splat(1.6666665459e-1));
  p = madd(p, r, f32x4.splat(5.0000001201e-1));
  const y = f32x4.add(madd(p, f32x4.mul(r, r), r), f32x4.splat(1));
  // ·2ⁿ as 2^⌊n/2⌋·2^⌈n/2⌉, each a normal float for n in [−150, 145]: tiny results round once, large ones reach +Inf
  const whole = i32x4.sub(shifted, f32x4.splat(ROUNDING_SHIFT));
  const half = i32x4.shr_s(whole, 1);
  const bias = i32x4.splat(127);
  const scale1 = i32x4.shl(i32x4.add(half, bias), 23);
  const scale2 = i32x4.shl(i32x4.add(i32x4.sub(whole, half), bias), 23);
  return f32x4.mul(f32x4.mul(y, scale1), scale2);
}

/** e^(x − m) with the rounding error of x − m put back: e^(d + err) ≈ e^d + e^d·err, err exact by TwoSum. */
@inline function expDiff4(x: v128, m: v128): v128 {
  const d = f32x4.sub(x, m);
  const xPart = f32x4.add(d, m);
  const mPart = f32x4.sub(xPart, d);
  let err = f32x4.add(f32x4.sub(x, xPart), f32x4.sub(mPart, m));
  err = v128.and(err, f32x4.eq(err, err)); // an infinite x or m gives NaN here: no correction then
  const e = exp4(d);
  return madd(e, err, e);
}

/** 1/(1 + e^−z) for z ≥ 0, e^z/(1 + e^z) below: e^−|z| never overflows. */
@inline function sigmoid4(z: v128): v128 {
  const e = exp4(v128.or(z, i32x4.splat(i32.MIN_VALUE)));
  const one = f32x4.splat(1);
  return f32x4.div(v128.bitselect(one, e, f32x4.ge(z, f32x4.splat(0))), f32x4.add(one, e));
}

@inline function tanh4(x: v128): v128 {
  const one = f32x4.splat(1);
  const ax = f32x4.abs(x);
  // 1 − 2/(e^2|x| + 1): e = +Inf for large |x| gives exactly 1
  const e = exp4(f32x4.add(ax, ax));
  const large = f32x4.sub(one, f32x4.div(f32x4.splat(2), f32x4.add(e, one)));
  // |x| + |x|³·P(x²)
  const z = f32x4.mul(ax, ax);
  let p = madd(f32x4.splat(-5.70498872745e-3), z, f32x4.splat(2.06390887954e-2));
  p = madd(p, z, f32x4.splat(-5.37397155531e-2));
  p = madd(p, z, f32x4.splat(1.33314422036e-1));
  p = madd(p, z, f32x4.splat(-3.33332819422e-1));
  const small = madd(f32x4.mul(p, z), ax, ax);
  const magnitude = v128.bitselect(small, large, f32x4.lt(ax, f32x4.splat(TANH_SMALL)));
  return v128.or(magnitude, v128.and(x, i32x4.splat(i32.MIN_VALUE)));
}

@inline function relu4(z: v128): v128 {
  return v128.and(z, f32x4.gt(z, f32x4.splat(0))); // NaN and −0 give +0, as z > 0 ? z : 0 does
}

@inline function leaky4(z: v128): v128 {
  return v128.bitselect(z, f32x4.mul(z, f32x4.splat(LEAKY_SLOPE)), f32x4.gt(z, f32x4.splat(0)));
}

// Lanes 0–1 and 2–3 of a f32x4 as f64x2, and back: the row sums and the products that cancel run in float64.
@inline function low64(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}
@inline function high64(v: v128): v128 {
  return f64x2.promote_low_f32x4(f32x4.shuffle(v, v, 2, 3, 2, 3));
}
@inline function narrow(lo: v128, hi: v128): v128 {
  return f32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}
@inline function sum64(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}
/** A scalar through a lane-wise function: the tails shorter than a vector use the very same code. */
@inline function lane0(v: v128): f32 {
  return f32x4.extract_lane(v, 0);
}

const VEC: usize = 16;

/**
 * The `bytes` (4, 8 or 12) left at the end of a row as one vector, the missing lanes set to `fill`. Row kernels fill
 * with the row's max and mask e^0 out: e^−∞ would be right too but underflows, which costs a microcode assist.
 */
@inline function loadTail(p: usize, bytes: usize, fill: f32): v128 {
  let v = f32x4.replace_lane(f32x4.splat(fill), 0, load<f32>(p));
  if (bytes > 4) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (bytes > 8) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}
/** All ones in the lanes a tail of `bytes` fills. */
@inline function tailMask(bytes: usize): v128 {
  return i32x4.lt_s(i32x4(0, 4, 8, 12), i32x4.splat(<i32>bytes));
}
@inline function storeTail(p: usize, bytes: usize, v: v128): void {
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (bytes > 4) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (bytes > 8) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}

/** a ← f(z) over rows × cols (z = a allowed). */
export function activationForward(kind: i32, z: usize, a: usize, rows: i32, cols: i32): void {
  const end = <usize>(rows * cols) << 2;
  const body = end & ~(VEC - 1);
  let i: usize = 0;
  switch (kind) {
    case LINEAR:
      if (a != z) memory.copy(a, z, end);
      return;
    case SIGMOID:
      for (; i < body; i += VEC) v128.store(a + i, sigmoid4(v128.load(z + i)));
      for (; i < end; i += 4) store<f32>(a + i, lane0(sigmoid4(f32x4.splat(load<f32>(z + i)))));
      return;
    case TANH:
      for (; i < body; i += VEC) v128.store(a + i, tanh4(v128.load(z + i)));
      for (; i < end; i += 4) store<f32>(a + i, lane0(tanh4(f32x4.splat(load<f32>(z + i)))));
      return;
    case RELU:
      for (; i < body; i += VEC) v128.store(a + i, relu4(v128.load(z + i)));
      for (; i < end; i += 4) store<f32>(a + i, lane0(relu4(f32x4.splat(load<f32>(z + i)))));
      return;
    case LEAKY_RELU:
      for (; i < body; i += VEC) v128.store(a + i, leaky4(v128.load(z + i)));
      for (; i < end; i += 4) store<f32>(a + i, lane0(leaky4(f32x4.splat(load<f32>(z + i)))));
      return;
    case SOFTMAX:
      softmaxRows(z, a, rows, cols);
      return;
  }
}

function rowMax(z: usize, cols: i32): f32 {
  const end = <usize>cols << 2;
  const body = end & ~(VEC - 1);
  let v = f32x4.splat(-Infinity);
  let j: usize = 0;
  for (; j < body; j += VEC) v = f32x4.max(v, v128.load(z + j));
  let m = max(max(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)), max(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)));
  for (; j < end; j += 4) m = max(m, load<f32>(z + j));
  return m;
}

/** Each row: e^(z − max) into a, summed in float64, then a ← a / Σ. */
function softmaxRows(z: usize, a: usize, rows: i32, cols: i32): void {
  const rowBytes = <usize>cols << 2;
  const body = rowBytes & ~(VEC - 1);
  const tail = rowBytes - body;
  for (let r = 0; r < rows; r++) {
    const zr = z + <usize>r * rowBytes;
    const ar = a + <usize>r * rowBytes;
    const max = rowMax(zr, cols);
    const m = f32x4.splat(max);
    let sumLo = f64x2.splat(0), sumHi = f64x2.splat(0);
    for (let j: usize = 0; j < body; j += VEC) {
      const e = expDiff4(v128.load(zr + j), m);
      v128.store(ar + j, e);
      sumLo = f64x2.add(sumLo, low64(e));
      sumHi = f64x2.add(sumHi, high64(e));
    }
    if (tail) {
      const e = v128.and(expDiff4(loadTail(zr + body, tail, max), m), tailMask(tail));
      storeTail(ar + body, tail, e);
      sumLo = f64x2.add(sumLo, low64(e));
      sumHi = f64x2.add(sumHi, high64(e));
    }
    const inv = f32x4.splat(<f32>(1 / sum64(f64x2.add(sumLo, sumHi))));
    for (let j: usize = 0; j < body; j += VEC) v128.store(ar + j, f32x4.mul(v128.load(ar + j), inv));
    if (tail) storeTail(ar + body, tail, f32x4.mul(loadTail(ar + body, tail, 0), inv));
  }
}

/** dz = da ⊙ f′ with f′ written in terms of the output a = f(z) (dz = da or dz = a allowed). */
export function activationBackward(kind: i32, a: usize, da: usize, dz: usize, rows: i32, cols: i32): void {
  const end = <usize>(rows * cols) << 2;
  const body = end & ~(VEC - 1);
  const one = f32x4.splat(1);
  const zero = f32x4.splat(0);
  const slope = f32x4.splat(LEAKY_SLOPE);
  let i: usize = 0;
  switch (kind) {
    case LINEAR:
      if (dz != da) memory.copy(dz, da, end);
      return;
    case SIGMOID:
      for (; i < body; i += VEC) {
        const y = v128.load(a + i);
        v128.store(dz + i, f32x4.mul(f32x4.mul(v128.load(da + i), y), f32x4.sub(one, y)));
      }
      for (; i < end; i += 4) {
        const y = load<f32>(a + i);
        store<f32>(dz + i, load<f32>(da + i) * y * (1 - y));
      }
      return;
    case TANH:
      // 1 − a² as (1 − a)(1 + a): one factor is exact near |a| = 1, where a·a would cancel
      for (; i < body; i += VEC) {
        const y = v128.load(a + i);
        v128.store(dz + i, f32x4.mul(v128.load(da + i), f32x4.mul(f32x4.sub(one, y), f32x4.add(one, y))));
      }
      for (; i < end; i += 4) {
        const y = load<f32>(a + i);
        store<f32>(dz + i, load<f32>(da + i) * ((1 - y) * (1 + y)));
      }
      return;
    case RELU:
      for (; i < body; i += VEC) v128.store(dz + i, v128.and(v128.load(da + i), f32x4.gt(v128.load(a + i), zero)));
      for (; i < end; i += 4) store<f32>(dz + i, load<f32>(a + i) > 0 ? load<f32>(da + i) : 0);
      return;
    case LEAKY_RELU:
      for (; i < body; i += VEC) {
        const g = v128.load(da + i);
        v128.store(dz + i, v128.bitselect(g, f32x4.mul(g, slope), f32x4.gt(v128.load(a + i), zero)));
      }
      for (; i < end; i += 4) {
        const g = load<f32>(da + i);
        store<f32>(dz + i, load<f32>(a + i) > 0 ? g : LEAKY_SLOPE * g);
      }
      return;
    case SOFTMAX:
      softmaxBackwardRows(a, da, dz, rows, cols);
      return;
  }
}

/** Jacobian-vector product per row, in float64 like the reference: dz_i = a_i (da_i − Σ_j a_j da_j). */
function softmaxBackwardRows(a: usize, da: usize, dz: usize, rows: i32, cols: i32): void {
  const rowBytes = <usize>cols << 2;
  const body = rowBytes & ~(VEC - 1);
  for (let r = 0; r < rows; r++) {
    const offset = <usize>r * rowBytes;
    const ar = a + offset, dar = da + offset, dzr = dz + offset;
    let dotLo = f64x2.splat(0), dotHi = f64x2.splat(0);
    let j: usize = 0;
    for (; j < body; j += VEC) {
      const y = v128.load(ar + j), g = v128.load(dar + j);
      dotLo = f64x2.add(dotLo, f64x2.mul(low64(y), low64(g)));
      dotHi = f64x2.add(dotHi, f64x2.mul(high64(y), high64(g)));
    }
    let dot = sum64(f64x2.add(dotLo, dotHi));
    for (; j < rowBytes; j += 4) dot += <f64>load<f32>(ar + j) * <f64>load<f32>(dar + j);
    const vDot = f64x2.splat(dot);
    for (j = 0; j < body; j += VEC) {
      const y = v128.load(ar + j), g = v128.load(dar + j);
      const lo = f64x2.mul(low64(y), f64x2.sub(low64(g), vDot));
      const hi = f64x2.mul(high64(y), f64x2.sub(high64(g), vDot));
      v128.store(dzr + j, narrow(lo, hi));
    }
    for (; j < rowBytes; j += 4) store<f32>(dzr + j, <f32>(<f64>load<f32>(ar + j) * (<f64>load<f32>(dar + j) - dot)));
  }
}

/** The batch's mean loss; dL/d(input) into grad (grad = input allowed). See shared/nn/losses.ts. */
export function lossForward(kind: i32, yTrue: usize, input: usize, grad: usize, rows: i32, cols: i32): f64 {
  switch (kind) {
    case QUADRATIC: return quadratic(yTrue, input, grad, rows, cols);
    case SOFTMAX_CROSS_ENTROPY: return softmaxCrossEntropy(yTrue, input, grad, rows, cols);
    case BINARY_CROSS_ENTROPY: return binaryCrossEntropy(yTrue, input, grad, rows, cols);
  }
  return NaN;
}

/** ½‖a − y‖² per row, averaged; grad = (a − y)/rows. In float64, where a − y and its square are exact. */
function quadratic(yTrue: usize, a: usize, grad: usize, rows: i32, cols: i32): f64 {
  const end = <usize>(rows * cols) << 2;
  const body = end & ~(VEC - 1);
  const inv = 1 / <f64>rows;
  const vInv = f64x2.splat(inv);
  let sumLo = f64x2.splat(0), sumHi = f64x2.splat(0);
  let i: usize = 0;
  for (; i < body; i += VEC) {
    const out = v128.load(a + i), y = v128.load(yTrue + i);
    const dLo = f64x2.sub(low64(out), low64(y));
    const dHi = f64x2.sub(high64(out), high64(y));
    sumLo = f64x2.add(sumLo, f64x2.mul(dLo, dLo));
    sumHi = f64x2.add(sumHi, f64x2.mul(dHi, dHi));
    v128.store(grad + i, narrow(f64x2.mul(dLo, vInv), f64x2.mul(dHi, vInv)));
  }
  let sum = sum64(f64x2.add(sumLo, sumHi));
  for (; i < end; i += 4) {
    const d = <f64>load<f32>(a + i) - <f64>load<f32>(yTrue + i);
    sum += d * d;
    store<f32>(grad + i, <f32>(d * inv));
  }
  return (0.5 * sum) / <f64>rows;
}

/**
 * Per row, with m = max z and S = Σ e^(z − m): the loss Σ y·(log S + m − z) = lse·Σy − Σ y·z in float64, and
 * grad = (e^(z − m)/S − y)/rows. The first pass parks e^(z − m) in grad unless grad is z or y (then the second pass
 * computes it again), so either may be overwritten.
 */
function softmaxCrossEntropy(yTrue: usize, z: usize, grad: usize, rows: i32, cols: i32): f64 {
  const rowBytes = <usize>cols << 2;
  const body = rowBytes & ~(VEC - 1);
  const tail = rowBytes - body;
  const keep = grad != z && grad != yTrue;
  const inv = f64x2.splat(1 / <f64>rows);
  let loss: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const offset = <usize>r * rowBytes;
    const zr = z + offset, yr = yTrue + offset, gr = grad + offset;
    const max = rowMax(zr, cols);
    const m = f32x4.splat(max);
    let sLo = f64x2.splat(0), sHi = f64x2.splat(0);
    let yLo = f64x2.splat(0), yHi = f64x2.splat(0);
    let yzLo = f64x2.splat(0), yzHi = f64x2.splat(0);
    for (let j: usize = 0; j < body; j += VEC) {
      const x = v128.load(zr + j), y = v128.load(yr + j);
      const e = expDiff4(x, m);
      if (keep) v128.store(gr + j, e);
      sLo = f64x2.add(sLo, low64(e));
      sHi = f64x2.add(sHi, high64(e));
      const yl = low64(y), yh = high64(y);
      yLo = f64x2.add(yLo, yl);
      yHi = f64x2.add(yHi, yh);
      yzLo = f64x2.add(yzLo, f64x2.mul(yl, low64(x)));
      yzHi = f64x2.add(yzHi, f64x2.mul(yh, high64(x)));
    }
    if (tail) {
      const x = loadTail(zr + body, tail, max), y = loadTail(yr + body, tail, 0);
      const e = v128.and(expDiff4(x, m), tailMask(tail));
      if (keep) storeTail(gr + body, tail, e);
      sLo = f64x2.add(sLo, low64(e));
      sHi = f64x2.add(sHi, high64(e));
      const yl = low64(y), yh = high64(y);
      yLo = f64x2.add(yLo, yl);
      yHi = f64x2.add(yHi, yh);
      yzLo = f64x2.add(yzLo, f64x2.mul(yl, low64(x)));
      yzHi = f64x2.add(yzHi, f64x2.mul(yh, high64(x)));
    }
    const s = sum64(f64x2.add(sLo, sHi));
    const logSumExp = <f64>max + Math.log(s);
    loss += logSumExp * sum64(f64x2.add(yLo, yHi)) - sum64(f64x2.add(yzLo, yzHi));
    // p − y in float64: for the largest z, e = 1 exactly and 1/S − 1 keeps the digits that p − 1 in float32 would lose
    const invS = f64x2.splat(1 / s);
    for (let j: usize = 0; j < body; j += VEC) {
      const e = keep ? v128.load(gr + j) : expDiff4(v128.load(zr + j), m);
      const y = v128.load(yr + j);
      const lo = f64x2.mul(f64x2.sub(f64x2.mul(low64(e), invS), low64(y)), inv);
      const hi = f64x2.mul(f64x2.sub(f64x2.mul(high64(e), invS), high64(y)), inv);
      v128.store(gr + j, narrow(lo, hi));
    }
    if (tail) {
      const e = keep ? loadTail(gr + body, tail, 0) : expDiff4(loadTail(zr + body, tail, max), m);
      const y = loadTail(yr + body, tail, 0);
      const lo = f64x2.mul(f64x2.sub(f64x2.mul(low64(e), invS), low64(y)), inv);
      const hi = f64x2.mul(f64x2.sub(f64x2.mul(high64(e), invS), high64(y)), inv);
      storeTail(gr + body, tail, narrow(lo, hi));
    }
  }
  return loss / <f64>rows;
}

/**
 * max(z, 0) − z·y + log(1 + e^−|z|) per element (never e of a large number), averaged over rows;
 * grad = (σ(z) − y)/rows, with σ from the same e^−|z|. The log is scalar float64, once per element.
 */
function binaryCrossEntropy(yTrue: usize, z: usize, grad: usize, rows: i32, cols: i32): f64 {
  const end = <usize>(rows * cols) << 2;
  const body = end & ~(VEC - 1);
  const inv = <f32>(1 / <f64>rows);
  const vInv = f32x4.splat(inv);
  const one = f32x4.splat(1);
  const zero64 = f64x2.splat(0);
  let termsLo = f64x2.splat(0), termsHi = f64x2.splat(0);
  let logs: f64 = 0;
  let i: usize = 0;
  for (; i < body; i += VEC) {
    const x = v128.load(z + i), y = v128.load(yTrue + i);
    const e = exp4(v128.or(x, i32x4.splat(i32.MIN_VALUE)));
    // σ − y as (1 − y) − (1 − σ) for z ≥ 0: 1 − σ = e/(1 + e) keeps its digits where σ rounds to 1
    const q = f32x4.div(e, f32x4.add(one, e));
    const positive = f32x4.ge(x, f32x4.splat(0));
    const t = v128.bitselect(f32x4.sub(one, y), y, positive);
    v128.store(grad + i, f32x4.mul(v128.bitselect(f32x4.sub(t, q), f32x4.sub(q, t), positive), vInv));
    const xl = low64(x), xh = high64(x);
    termsLo = f64x2.add(termsLo, f64x2.sub(f64x2.max(xl, zero64), f64x2.mul(xl, low64(y))));
    termsHi = f64x2.add(termsHi, f64x2.sub(f64x2.max(xh, zero64), f64x2.mul(xh, high64(y))));
    logs += Math.log1p(<f64>f32x4.extract_lane(e, 0)) + Math.log1p(<f64>f32x4.extract_lane(e, 1));
    logs += Math.log1p(<f64>f32x4.extract_lane(e, 2)) + Math.log1p(<f64>f32x4.extract_lane(e, 3));
  }
  let sum = sum64(f64x2.add(termsLo, termsHi)) + logs;
  for (; i < end; i += 4) {
    const x = load<f32>(z + i), y = load<f32>(yTrue + i);
    const e = lane0(exp4(f32x4.splat(-abs(x))));
    const q = e / (<f32>1 + e);
    store<f32>(grad + i, (x >= 0 ? (1 - y) - q : q - y) * inv);
    sum += max(<f64>x, 0) - <f64>x * <f64>y + Math.log1p(<f64>e);
  }
  return sum / <f64>rows;
}

/**
 * out[j] = Σ_i x[i·cols + j], summed in float32 row by row as the reference does (so the results are identical),
 * 32 columns at a time held in registers across all rows.
 */
export function sumColumns(x: usize, rows: i32, cols: i32, out: usize): void {
  const rowBytes = <usize>cols << 2;
  let j: usize = 0;
  for (; j + 128 <= rowBytes; j += 128) {
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
    let s4 = f32x4.splat(0), s5 = f32x4.splat(0), s6 = f32x4.splat(0), s7 = f32x4.splat(0);
    let p = x + j;
    for (let i = 0; i < rows; i++, p += rowBytes) {
      s0 = f32x4.add(s0, v128.load(p)); s1 = f32x4.add(s1, v128.load(p, 16));
      s2 = f32x4.add(s2, v128.load(p, 32)); s3 = f32x4.add(s3, v128.load(p, 48));
      s4 = f32x4.add(s4, v128.load(p, 64)); s5 = f32x4.add(s5, v128.load(p, 80));
      s6 = f32x4.add(s6, v128.load(p, 96)); s7 = f32x4.add(s7, v128.load(p, 112));
    }
    const o = out + j;
    v128.store(o, s0); v128.store(o, s1, 16); v128.store(o, s2, 32); v128.store(o, s3, 48);
    v128.store(o, s4, 64); v128.store(o, s5, 80); v128.store(o, s6, 96); v128.store(o, s7, 112);
  }
  for (; j + VEC <= rowBytes; j += VEC) {
    let s = f32x4.splat(0);
    let p = x + j;
    for (let i = 0; i < rows; i++, p += rowBytes) s = f32x4.add(s, v128.load(p));
    v128.store(out + j, s);
  }
  for (; j < rowBytes; j += 4) {
    let s: f32 = 0;
    let p = x + j;
    for (let i = 0; i < rows; i++, p += rowBytes) s += load<f32>(p);
    store<f32>(out + j, s);
  }
}
