import { setFlagsFromString } from 'node:v8'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adamUpdate, sgdUpdate } from './optim/updates'
import { Rng } from './rng'
import { randomArray } from './testing/gradcheck'
import { allocFloat32, isResident } from './wasmHeap'
import { useWasmVariant } from './wasmModule'
import { wasmOptim } from './wasmOptim'

// Node 20 has relaxed SIMD behind a flag (Electron and Node >= 22 without one); set here so both builds are tested.
setFlagsFromString('--experimental-wasm-relaxed-simd')

const LENGTHS = [1, 3, 7, 10, 129, 785, 78400]
const STEPS = 5
/** Float32 rounds each operation to ~6e-8 relative; 1e-5 of the terms' magnitudes leaves room for a few steps. */
const TOLERANCE = 1e-5
/** Written one past `length` in every updated array: a kernel that touches it wrote out of bounds. */
const GUARD = 7

const BUILDS = [
  ['simd128', true],
  ['relaxed-simd', true],
  ['simd128', false],
  ['relaxed-simd', false],
] as const

/** Where the arrays of one call live: every combination the wrappers stage differently. */
type Placement = 'ordinary' | 'in memory' | 'mixed' | 'unaligned in memory'
const PLACEMENTS: Placement[] = ['ordinary', 'in memory', 'mixed', 'unaligned in memory']

/** A copy of `values` placed as `placement` asks; `index` picks which arrays of a call go in memory when mixed. */
function place(values: Float32Array, placement: Placement, index: number): Float32Array {
  if (placement === 'ordinary' || (placement === 'mixed' && index % 2 === 1)) return values.slice()
  if (placement === 'unaligned in memory') {
    const backing = allocFloat32(values.length + 1)
    const view = backing.subarray(1) // byte offset 4 mod 16: the kernels' vector loads must not assume alignment
    keepAlive.push(backing)
    view.set(values)
    return view
  }
  const copy = allocFloat32(values.length)
  copy.set(values)
  return copy
}
const keepAlive: Float32Array[] = []

/** An array of `length` values plus the guard entry. */
function withGuard(values: Float32Array): Float32Array {
  const out = new Float32Array(values.length + 1).fill(GUARD)
  out.set(values)
  return out
}

/** Entries where |actual − expected| exceeds TOLERANCE·magnitude (NaN counts), the guard included. */
function mismatches(name: string, actual: Float32Array, expected: Float32Array, magnitude: Float64Array): string[] {
  const out: string[] = []
  const length = magnitude.length
  if (actual[length] !== GUARD) out.push(`${name}: wrote past the end`)
  for (let i = 0; i < length && out.length < 3; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= TOLERANCE * magnitude[i] + 1e-30)) {
      out.push(`${name}[${i}] = ${actual[i]}, expected ${expected[i]} (magnitude ${magnitude[i]})`)
    }
  }
  return out
}

interface SgdCase {
  velocity: 'none' | 'unused' | 'used'
  nesterov: boolean
  decay: number
}

const SGD_CASES: SgdCase[] = []
for (const velocity of ['none', 'unused', 'used'] as const) {
  for (const nesterov of [false, true]) for (const decay of [0, 0.01]) SGD_CASES.push({ velocity, nesterov, decay })
}

const sgdLabel = (c: SgdCase): string =>
  `${c.velocity === 'none' ? 'no velocity' : c.velocity === 'unused' ? 'momentum 0' : 'momentum'}` +
  `${c.nesterov ? ', nesterov' : ''}${c.decay ? ', decay' : ''}`

/**
 * Runs STEPS updates through the JS reference and the wasm kernel from the same state and gradients; returns what
 * disagrees. The magnitudes sum |each term| of the update in float64, the scale float32 rounding is relative to.
 */
function sgdMismatches(c: SgdCase, length: number, placement: Placement, rng: Rng): string[] {
  const lr = 0.1
  // 'none' passes a momentum with no velocity: null velocity alone must mean plain SGD
  const momentum = c.velocity === 'unused' ? 0 : 0.9
  const w0 = randomArray(rng, length)
  const wJs = withGuard(w0)
  const vJs = c.velocity === 'none' ? null : withGuard(new Float32Array(length))
  const wWasm = place(wJs, placement, 0)
  const vWasm = vJs ? place(vJs, placement, 2) : null
  const wMagnitude = Float64Array.from(w0, Math.abs)
  const vMagnitude = new Float64Array(length)
  const momentumUsed = vJs !== null && momentum !== 0
  for (let step = 0; step < STEPS; step++) {
    const grad = randomArray(rng, length)
    for (let i = 0; i < length; i++) {
      const gMagnitude = Math.abs(grad[i]) + Math.abs(c.decay * wJs[i])
      let stepMagnitude = gMagnitude
      if (momentumUsed) {
        vMagnitude[i] = momentum * vMagnitude[i] + gMagnitude
        stepMagnitude = c.nesterov ? gMagnitude + momentum * vMagnitude[i] : vMagnitude[i]
      }
      wMagnitude[i] += lr * stepMagnitude
    }
    sgdUpdate(wJs, grad, vJs, length, lr, momentum, c.nesterov, c.decay)
    wasmOptim.sgdStep(wWasm, place(grad, placement, 1), vWasm, length, lr, momentum, c.nesterov, c.decay)
  }
  const out = mismatches('w', wWasm, wJs, wMagnitude)
  if (vJs && vWasm) out.push(...mismatches('velocity', vWasm, vJs, vMagnitude))
  return out
}

interface AdamCase {
  beta1: number
  beta2: number
  epsilon: number
  decay: number
}

const ADAM_CASES: AdamCase[] = []
for (const [beta1, beta2, epsilon] of [
  [0.9, 0.999, 1e-8],
  [0.5, 0.9, 1e-3],
]) {
  for (const decay of [0, 0.01]) ADAM_CASES.push({ beta1, beta2, epsilon, decay })
}

const adamLabel = (c: AdamCase): string => `β1 ${c.beta1}, β2 ${c.beta2}, ε ${c.epsilon}${c.decay ? ', decay' : ''}`

/** As sgdMismatches, for Adam: the step count t makes the bias corrections differ from step to step. */
function adamMismatches(c: AdamCase, length: number, placement: Placement, rng: Rng): string[] {
  const lr = 0.01
  const w0 = randomArray(rng, length)
  const wJs = withGuard(w0)
  const mJs = withGuard(new Float32Array(length))
  const vJs = withGuard(new Float32Array(length))
  const wWasm = place(wJs, placement, 0)
  const mWasm = place(mJs, placement, 2)
  const vWasm = place(vJs, placement, 3)
  const wMagnitude = Float64Array.from(w0, Math.abs)
  const mMagnitude = new Float64Array(length)
  const vMagnitude = new Float64Array(length)
  for (let t = 1; t <= STEPS; t++) {
    const grad = randomArray(rng, length)
    const correction1 = 1 - c.beta1 ** t
    const correction2 = 1 - c.beta2 ** t
    for (let i = 0; i < length; i++) {
      const gMagnitude = Math.abs(grad[i]) + Math.abs(c.decay * wJs[i])
      mMagnitude[i] = c.beta1 * mMagnitude[i] + (1 - c.beta1) * gMagnitude
      vMagnitude[i] = c.beta2 * vMagnitude[i] + (1 - c.beta2) * gMagnitude * gMagnitude
    }
    adamUpdate(wJs, grad, mJs, vJs, length, lr, c.beta1, c.beta2, c.epsilon, c.decay, correction1, correction2)
    wasmOptim.adamStep(
      wWasm,
      place(grad, placement, 1),
      mWasm,
      vWasm,
      length,
      lr,
      c.beta1,
      c.beta2,
      c.epsilon,
      c.decay,
      correction1,
      correction2,
    )
    // the quotient's error is relative to the numerator's terms over the (well-conditioned, all-positive) denominator
    for (let i = 0; i < length; i++) {
      wMagnitude[i] += (lr * mMagnitude[i]) / correction1 / (Math.sqrt(vJs[i] / correction2) + c.epsilon)
    }
  }
  return [
    ...mismatches('w', wWasm, wJs, wMagnitude),
    ...mismatches('m', mWasm, mJs, mMagnitude),
    ...mismatches('v', vWasm, vJs, vMagnitude),
  ]
}

for (const [variant, shared] of BUILDS)
  describe(`wasm optimizer steps, ${variant} over ${shared ? 'a shared' : 'an ordinary'} memory`, () => {
    beforeAll(() => expect(useWasmVariant(variant, { shared })).toBe(true))
    afterAll(() => {
      keepAlive.length = 0
      useWasmVariant('best')
    })

    it('places arrays as the test means to (in memory only where the memory is shared)', () => {
      expect(isResident(place(new Float32Array(4), 'in memory', 0))).toBe(shared)
      expect(isResident(place(new Float32Array(4), 'unaligned in memory', 0))).toBe(shared)
    })

    it(`SGD matches sgdUpdate over ${STEPS} steps for every option and length, ordinary and in-memory arrays`, () => {
      const rng = new Rng(17)
      const failures: string[] = []
      for (const c of SGD_CASES) {
        for (const length of LENGTHS) {
          for (const placement of PLACEMENTS) {
            const bad = sgdMismatches(c, length, placement, rng)
            if (bad.length) failures.push(`${sgdLabel(c)}, length ${length}, ${placement}: ${bad.join('; ')}`)
          }
        }
      }
      expect(failures).toEqual([])
    })

    it(`Adam matches adamUpdate over ${STEPS} steps (bias corrections t = 1…${STEPS}) for every option and length`, () => {
      const rng = new Rng(23)
      const failures: string[] = []
      for (const c of ADAM_CASES) {
        for (const length of LENGTHS) {
          for (const placement of PLACEMENTS) {
            const bad = adamMismatches(c, length, placement, rng)
            if (bad.length) failures.push(`${adamLabel(c)}, length ${length}, ${placement}: ${bad.join('; ')}`)
          }
        }
      }
      expect(failures).toEqual([])
    })

    it('takes the steps derived by hand, in the vector body and the scalar tail (length 5)', () => {
      const length = 5
      const ones = (): Float32Array => place(new Float32Array(length).fill(1), 'in memory', 0)
      const grad = new Float32Array(length).fill(0.5)
      // plain, decay 0.1: w ← 1 − 0.1·(0.5 + 0.1·1) = 0.94
      const plain = ones()
      wasmOptim.sgdStep(plain, grad, null, length, 0.1, 0.9, false, 0.1)
      for (const x of plain) expect(x).toBeCloseTo(0.94, 6)
      // momentum 0.9 from v = 1: v ← 0.9·1 + 0.5 = 1.4;  w ← 1 − 0.1·1.4 = 0.86
      const w = ones()
      const velocity = ones()
      wasmOptim.sgdStep(w, grad, velocity, length, 0.1, 0.9, false, 0)
      for (const x of velocity) expect(x).toBeCloseTo(1.4, 6)
      for (const x of w) expect(x).toBeCloseTo(0.86, 6)
      // nesterov, same start: v ← 1.4;  w ← 1 − 0.1·(0.5 + 0.9·1.4) = 0.824
      const wNesterov = ones()
      wasmOptim.sgdStep(wNesterov, grad, ones(), length, 0.1, 0.9, true, 0)
      for (const x of wNesterov) expect(x).toBeCloseTo(0.824, 6)
      // adam, t = 1 from zero state: m = 0.1·0.5, v = 0.001·0.25, so m/c1 = 0.5, √(v/c2) = 0.5;  w ← 1 − 0.01·0.5/0.5 = 0.99
      const wAdam = ones()
      const m = new Float32Array(length)
      const v = new Float32Array(length)
      wasmOptim.adamStep(wAdam, grad, m, v, length, 0.01, 0.9, 0.999, 0, 0, 1 - 0.9, 1 - 0.999)
      for (const x of m) expect(x).toBeCloseTo(0.05, 7)
      for (const x of v) expect(x).toBeCloseTo(0.00025, 9)
      for (const x of wAdam) expect(x).toBeCloseTo(0.99, 6)
    })
  })
