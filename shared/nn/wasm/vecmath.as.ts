// AssemblyScript, not TypeScript: compiled to WebAssembly SIMD128 by electron/wasm.cjs (tsc never sees this file).
// Lane-wise maths for the elementwise kernels (elementwise.as.ts, losses.as.ts): a vectorised exp and the
// activations built on it, float64 helpers for sums that must not lose digits, and loads and stores of row tails.
import { madd } from './common.as';

export const LEAKY_SLOPE: f32 = 0.01;

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
@inline export function exp4(x: v128): v128 {
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
@inline export function expDiff4(x: v128, m: v128): v128 {
  const d = f32x4.sub(x, m);
  const xPart = f32x4.add(d, m);
  const mPart = f32x4.sub(xPart, d);
  let err = f32x4.add(f32x4.sub(x, xPart), f32x4.sub(mPart, m));
  err = v128.and(err, f32x4.eq(err, err)); // an infinite x or m gives NaN here: no correction then
  const e = exp4(d);
  return madd(e, err, e);
}

/** 1/(1 + e^−z) for z ≥ 0, e^z/(1 + e^z) below: e^−|z| never overflows. */
@inline export function sigmoid4(z: v128): v128 {
  const e = exp4(v128.or(z, i32x4.splat(i32.MIN_VALUE)));
  const one = f32x4.splat(1);
  return f32x4.div(v128.bitselect(one, e, f32x4.ge(z, f32x4.splat(0))), f32x4.add(one, e));
}

@inline export function tanh4(x: v128): v128 {
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

@inline export function relu4(z: v128): v128 {
  return v128.and(z, f32x4.gt(z, f32x4.splat(0))); // NaN and −0 give +0, as z > 0 ? z : 0 does
}

@inline export function leaky4(z: v128): v128 {
  return v128.bitselect(z, f32x4.mul(z, f32x4.splat(LEAKY_SLOPE)), f32x4.gt(z, f32x4.splat(0)));
}

// Lanes 0–1 and 2–3 of a f32x4 as f64x2, and back: the row sums and the products that cancel run in float64.
@inline export function low64(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}
@inline export function high64(v: v128): v128 {
  return f64x2.promote_low_f32x4(f32x4.shuffle(v, v, 2, 3, 2, 3));
}
@inline export function narrow(lo: v128, hi: v128): v128 {
  return f32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}
@inline export function sum64(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}
/** A scalar through a lane-wise function: the tails shorter than a vector use the very same code. */
@inline export function lane0(v: v128): f32 {
  return f32x4.extract_lane(v, 0);
}

export const VEC: usize = 16;

/**
 * The `bytes` (4, 8 or 12) left at the end of a row as one vector, the missing lanes set to `fill`. Row kernels fill
 * with the row's max and mask e^0 out: e^−∞ would be right too but underflows, which costs a microcode assist.
 */
@inline export function loadTail(p: usize, bytes: usize, fill: f32): v128 {
  let v = f32x4.replace_lane(f32x4.splat(fill), 0, load<f32>(p));
  if (bytes > 4) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (bytes > 8) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}
/** All ones in the lanes a tail of `bytes` fills. */
@inline export function tailMask(bytes: usize): v128 {
  return i32x4.lt_s(i32x4(0, 4, 8, 12), i32x4.splat(<i32>bytes));
}
@inline export function storeTail(p: usize, bytes: usize, v: v128): void {
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (bytes > 4) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (bytes > 8) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}

/** The largest of a row's `cols` floats. */
export function rowMax(z: usize, cols: i32): f32 {
  const end = <usize>cols << 2;
  const body = end & ~(VEC - 1);
  let v = f32x4.splat(-Infinity);
  let j: usize = 0;
  for (; j < body; j += VEC) v = f32x4.max(v, v128.load(z + j));
  let m = max(max(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)), max(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)));
  for (; j < end; j += 4) m = max(m, load<f32>(z + j));
  return m;
}
