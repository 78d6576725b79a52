// AssemblyScript, not TypeScript: compiled to WebAssembly SIMD128 by electron/wasm.cjs (tsc never sees this file).
// The elementwise kernels of the wasm set, with the semantics of shared/nn/activations.ts (activate,
// activationBackward) and kernels.ts (sumColumns); the losses are in losses.as.ts. Pointers are byte offsets into the
// imported memory, sizes in floats, matrices row-major rows × cols. Every kernel reads an element before it writes
// the same index, so an output may be one of the inputs (a = z, dz = da, grad = z) as with the JS references.

import {
  rowMax,
  LEAKY_SLOPE,
  expDiff4,
  sigmoid4,
  tanh4,
  relu4,
  leaky4,
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

// The codes shared/nn/wasmElementwise.ts passes for an activation name.
const LINEAR = 0
const SIGMOID = 1
const TANH = 2
const RELU = 3
const LEAKY_RELU = 4
const SOFTMAX = 5

/** a ← f(z) over rows × cols (z = a allowed). */
export function activationForward(kind: i32, z: usize, a: usize, rows: i32, cols: i32): void {
  const end = (<usize>(rows * cols)) << 2
  const body = end & ~(VEC - 1)
  let i: usize = 0
  switch (kind) {
    case LINEAR:
      if (a != z) memory.copy(a, z, end)
      return
    case SIGMOID:
      for (; i < body; i += VEC) v128.store(a + i, sigmoid4(v128.load(z + i)))
      for (; i < end; i += 4) store<f32>(a + i, lane0(sigmoid4(f32x4.splat(load<f32>(z + i)))))
      return
    case TANH:
      for (; i < body; i += VEC) v128.store(a + i, tanh4(v128.load(z + i)))
      for (; i < end; i += 4) store<f32>(a + i, lane0(tanh4(f32x4.splat(load<f32>(z + i)))))
      return
    case RELU:
      for (; i < body; i += VEC) v128.store(a + i, relu4(v128.load(z + i)))
      for (; i < end; i += 4) store<f32>(a + i, lane0(relu4(f32x4.splat(load<f32>(z + i)))))
      return
    case LEAKY_RELU:
      for (; i < body; i += VEC) v128.store(a + i, leaky4(v128.load(z + i)))
      for (; i < end; i += 4) store<f32>(a + i, lane0(leaky4(f32x4.splat(load<f32>(z + i)))))
      return
    case SOFTMAX:
      softmaxRows(z, a, rows, cols)
      return
  }
}

/** Each row: e^(z − max) into a, summed in float64, then a ← a / Σ. */
function softmaxRows(z: usize, a: usize, rows: i32, cols: i32): void {
  const rowBytes = (<usize>cols) << 2
  const body = rowBytes & ~(VEC - 1)
  const tail = rowBytes - body
  for (let r = 0; r < rows; r++) {
    const zr = z + <usize>r * rowBytes
    const ar = a + <usize>r * rowBytes
    const max = rowMax(zr, cols)
    const m = f32x4.splat(max)
    let sumLo = f64x2.splat(0),
      sumHi = f64x2.splat(0)
    for (let j: usize = 0; j < body; j += VEC) {
      const e = expDiff4(v128.load(zr + j), m)
      v128.store(ar + j, e)
      sumLo = f64x2.add(sumLo, low64(e))
      sumHi = f64x2.add(sumHi, high64(e))
    }
    if (tail) {
      const e = v128.and(expDiff4(loadTail(zr + body, tail, max), m), tailMask(tail))
      storeTail(ar + body, tail, e)
      sumLo = f64x2.add(sumLo, low64(e))
      sumHi = f64x2.add(sumHi, high64(e))
    }
    const inv = f32x4.splat(<f32>(1 / sum64(f64x2.add(sumLo, sumHi))))
    for (let j: usize = 0; j < body; j += VEC) v128.store(ar + j, f32x4.mul(v128.load(ar + j), inv))
    if (tail) storeTail(ar + body, tail, f32x4.mul(loadTail(ar + body, tail, 0), inv))
  }
}

/** dz = da ⊙ f′ with f′ written in terms of the output a = f(z) (dz = da or dz = a allowed). */
export function activationBackward(kind: i32, a: usize, da: usize, dz: usize, rows: i32, cols: i32): void {
  const end = (<usize>(rows * cols)) << 2
  const body = end & ~(VEC - 1)
  const one = f32x4.splat(1)
  const zero = f32x4.splat(0)
  const slope = f32x4.splat(LEAKY_SLOPE)
  let i: usize = 0
  switch (kind) {
    case LINEAR:
      if (dz != da) memory.copy(dz, da, end)
      return
    case SIGMOID:
      for (; i < body; i += VEC) {
        const y = v128.load(a + i)
        v128.store(dz + i, f32x4.mul(f32x4.mul(v128.load(da + i), y), f32x4.sub(one, y)))
      }
      for (; i < end; i += 4) {
        const y = load<f32>(a + i)
        store<f32>(dz + i, load<f32>(da + i) * y * (1 - y))
      }
      return
    case TANH:
      // 1 − a² as (1 − a)(1 + a): one factor is exact near |a| = 1, where a·a would cancel
      for (; i < body; i += VEC) {
        const y = v128.load(a + i)
        v128.store(dz + i, f32x4.mul(v128.load(da + i), f32x4.mul(f32x4.sub(one, y), f32x4.add(one, y))))
      }
      for (; i < end; i += 4) {
        const y = load<f32>(a + i)
        store<f32>(dz + i, load<f32>(da + i) * ((1 - y) * (1 + y)))
      }
      return
    case RELU:
      for (; i < body; i += VEC) v128.store(dz + i, v128.and(v128.load(da + i), f32x4.gt(v128.load(a + i), zero)))
      for (; i < end; i += 4) store<f32>(dz + i, load<f32>(a + i) > 0 ? load<f32>(da + i) : 0)
      return
    case LEAKY_RELU:
      for (; i < body; i += VEC) {
        const g = v128.load(da + i)
        v128.store(dz + i, v128.bitselect(g, f32x4.mul(g, slope), f32x4.gt(v128.load(a + i), zero)))
      }
      for (; i < end; i += 4) {
        const g = load<f32>(da + i)
        store<f32>(dz + i, load<f32>(a + i) > 0 ? g : LEAKY_SLOPE * g)
      }
      return
    case SOFTMAX:
      softmaxBackwardRows(a, da, dz, rows, cols)
      return
  }
}

/** Jacobian-vector product per row, in float64 like the reference: dz_i = a_i (da_i − Σ_j a_j da_j). */
function softmaxBackwardRows(a: usize, da: usize, dz: usize, rows: i32, cols: i32): void {
  const rowBytes = (<usize>cols) << 2
  const body = rowBytes & ~(VEC - 1)
  for (let r = 0; r < rows; r++) {
    const offset = <usize>r * rowBytes
    const ar = a + offset,
      dar = da + offset,
      dzr = dz + offset
    let dotLo = f64x2.splat(0),
      dotHi = f64x2.splat(0)
    let j: usize = 0
    for (; j < body; j += VEC) {
      const y = v128.load(ar + j),
        g = v128.load(dar + j)
      dotLo = f64x2.add(dotLo, f64x2.mul(low64(y), low64(g)))
      dotHi = f64x2.add(dotHi, f64x2.mul(high64(y), high64(g)))
    }
    let dot = sum64(f64x2.add(dotLo, dotHi))
    for (; j < rowBytes; j += 4) dot += <f64>load<f32>(ar + j) * <f64>load<f32>(dar + j)
    const vDot = f64x2.splat(dot)
    for (j = 0; j < body; j += VEC) {
      const y = v128.load(ar + j),
        g = v128.load(dar + j)
      const lo = f64x2.mul(low64(y), f64x2.sub(low64(g), vDot))
      const hi = f64x2.mul(high64(y), f64x2.sub(high64(g), vDot))
      v128.store(dzr + j, narrow(lo, hi))
    }
    for (; j < rowBytes; j += 4) store<f32>(dzr + j, <f32>(<f64>load<f32>(ar + j) * (<f64>load<f32>(dar + j) - dot)))
  }
}

/**
 * out[j] = Σ_i x[i·cols + j], summed in float32 row by row as the reference does (so the results are identical),
 * 32 columns at a time held in registers across all rows.
 */
export function sumColumns(x: usize, rows: i32, cols: i32, out: usize): void {
  const rowBytes = (<usize>cols) << 2
  let j: usize = 0
  for (; j + 128 <= rowBytes; j += 128) {
    let s0 = f32x4.splat(0),
      s1 = f32x4.splat(0),
      s2 = f32x4.splat(0),
      s3 = f32x4.splat(0)
    let s4 = f32x4.splat(0),
      s5 = f32x4.splat(0),
      s6 = f32x4.splat(0),
      s7 = f32x4.splat(0)
    let p = x + j
    for (let i = 0; i < rows; i++, p += rowBytes) {
      s0 = f32x4.add(s0, v128.load(p))
      s1 = f32x4.add(s1, v128.load(p, 16))
      s2 = f32x4.add(s2, v128.load(p, 32))
      s3 = f32x4.add(s3, v128.load(p, 48))
      s4 = f32x4.add(s4, v128.load(p, 64))
      s5 = f32x4.add(s5, v128.load(p, 80))
      s6 = f32x4.add(s6, v128.load(p, 96))
      s7 = f32x4.add(s7, v128.load(p, 112))
    }
    const o = out + j
    v128.store(o, s0)
    v128.store(o, s1, 16)
    v128.store(o, s2, 32)
    v128.store(o, s3, 48)
    v128.store(o, s4, 64)
    v128.store(o, s5, 80)
    v128.store(o, s6, 96)
    v128.store(o, s7, 112)
  }
  for (; j + VEC <= rowBytes; j += VEC) {
    let s = f32x4.splat(0)
    let p = x + j
    for (let i = 0; i < rows; i++, p += rowBytes) s = f32x4.add(s, v128.load(p))
    v128.store(out + j, s)
  }
  for (; j < rowBytes; j += 4) {
    let s: f32 = 0
    let p = x + j
    for (let i = 0; i < rows; i++, p += rowBytes) s += load<f32>(p)
    store<f32>(out + j, s)
  }
}
