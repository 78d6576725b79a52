import { setFlagsFromString } from 'node:v8'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACTIVATIONS, activate, activationBackward, type ActivationName } from './activations'
import { sumColumns } from './kernels'
import { LOSSES, lossForward, type LossName } from './losses'
import { Rng } from './rng'
import { wasmElementwise as wasm } from './wasmElementwise'
import { allocFloat32 } from './wasmHeap'
import { useWasmVariant } from './wasmModule'

// Node 20 has relaxed SIMD behind a flag (Electron and Node >= 22 without one); set here so both builds are tested.
setFlagsFromString('--experimental-wasm-relaxed-simd')

/** float32's unit roundoff: half an ulp at 1. */
const EPS32 = 2 ** -24
const bits = new Uint32Array(1)
const asFloat = new Float32Array(bits.buffer)

/** The float32 ulp at |x| (2⁻¹⁴⁹ among subnormals and at 0). */
function ulp(x: number): number {
  asFloat[0] = x
  const exponent = (bits[0] >>> 23) & 255
  return 2 ** (Math.max(exponent, 1) - 150)
}

// Worst errors measured against the float64 references over dense sweeps, plus one ulp of margin: sigmoid 2,
// tanh 1 (odd polynomial near 0), softmax 3; the float64 paths (softmax backward) round once more than the reference.
const FORWARD_ULPS: Record<ActivationName, number> = {
  linear: 0,
  relu: 0,
  'leaky-relu': 1,
  sigmoid: 3,
  tanh: 2,
  softmax: 4,
}
const BACKWARD_ULPS: Record<ActivationName, number> = {
  linear: 0,
  relu: 0,
  'leaky-relu': 1,
  sigmoid: 3,
  tanh: 3,
  softmax: 1,
}

const SIZES = [1, 3, 7, 10, 129, 785]
/** rows × cols with each of rows and cols in SIZES (785 × 785 left out: 129 × 785 covers the same code). */
const SHAPES: [number, number][] = SIZES.flatMap((rows) => SIZES.map((cols): [number, number] => [rows, cols])).filter(
  ([rows, cols]) => rows * cols <= 129 * 785,
)
/** Where exp over- or underflows, tanh switches formula, and tiny values that must keep their relative precision. */
const EXTREMES = [100, -100, 1e4, -1e4, 0, -0, 1e-8, -1e-8, 1e-30, 0.62, -0.63, 88.5, -88.5, 95, -103, -87.5]
const GUARD = 7

/** Uniform in ±scale, with every fifth entry one of EXTREMES. */
function inputs(rng: Rng, length: number, scale: number): Float32Array {
  const out = new Float32Array(length)
  for (let i = 0; i < length; i++)
    out[i] = i % 5 === 2 ? EXTREMES[((i / 5) % EXTREMES.length) | 0] : (rng.uniform() * 2 - 1) * scale
  return out
}

/** An output of `size` plus one guard entry that a kernel writing past the end would change. */
const guarded = (size: number): Float32Array => new Float32Array(size + 1).fill(GUARD)

/** A copy of `values` inside the wasm memory (when it is shared), so the kernels read and write it in place. */
function inMemory(values: Float32Array): Float32Array {
  const copy = allocFloat32(values.length)
  copy.set(values)
  return copy
}

/** Entries where |got − want| > ulps·ulp(want) + slack(i), and a changed guard; as text, empty when all agree. */
function mismatches(
  label: string,
  got: Float32Array,
  want: Float32Array,
  size: number,
  ulps: number,
  slack: (i: number) => number = () => 0,
): string[] {
  let bad = 0
  let worst = ''
  for (let i = 0; i < size; i++) {
    if (Math.abs(got[i] - want[i]) <= ulps * ulp(want[i]) + slack(i)) continue
    if (bad === 0) worst = ` (first at ${i}: ${got[i]} vs ${want[i]})`
    bad++
  }
  const out = bad ? [`${label}: ${bad} entries${worst}`] : []
  if (got.length > size && got[size] !== GUARD) out.push(`${label}: wrote past the end`)
  return out
}

function activationCase(name: ActivationName, rows: number, cols: number, rng: Rng, resident: boolean): string[] {
  const size = rows * cols
  const place = resident ? inMemory : (x: Float32Array): Float32Array => x
  const label = `${name} ${rows}×${cols}${resident ? ' in memory' : ''}`
  // one extra input entry: the kernels read only the first rows·cols
  const z = inputs(rng, size + 1, 6)
  const aWant = guarded(size)
  activate(z, aWant, rows, cols, name)
  const aGot = place(guarded(size))
  wasm.activate(place(z), aGot, rows, cols, name)
  const da = inputs(rng, size + 1, 2)
  const dzWant = guarded(size)
  activationBackward(name, aWant, da, dzWant, rows, cols)
  const dzGot = place(guarded(size))
  wasm.activationBackward(name, place(aWant), place(da), dzGot, rows, cols)
  return [
    ...mismatches(`${label} forward`, aGot, aWant, size, FORWARD_ULPS[name]),
    ...mismatches(`${label} backward`, dzGot, dzWant, size, BACKWARD_ULPS[name]),
  ]
}

/** Targets: one-hot rows (softmax cross-entropy), 0/1 (binary) or any values; `soft` gives spread labels instead. */
function targets(name: LossName, rows: number, cols: number, rng: Rng, soft: boolean): Float32Array {
  const y = new Float32Array(rows * cols)
  for (let r = 0; r < rows; r++) {
    const row = y.subarray(r * cols, (r + 1) * cols)
    if (name === 'quadratic') row.set(inputs(rng, cols, 1))
    else if (name === 'binary-cross-entropy')
      for (let j = 0; j < cols; j++) row[j] = soft ? rng.uniform() : rng.uniform() < 0.5 ? 1 : 0
    else if (!soft) row[Math.floor(rng.uniform() * cols)] = 1
    else {
      for (let j = 0; j < cols; j++) row[j] = rng.uniform()
      const total = row.reduce((s, v) => s + v, 0)
      for (let j = 0; j < cols; j++) row[j] /= total
    }
  }
  return y
}

/**
 * The loss value and gradient against the reference. The gradient (p − y)/rows may cancel: with spread labels the
 * float32 p carries a few ulps of itself into the difference; with hard labels it must not (only the reference's
 * own float64 rounding of p − 1 remains), which catches σ − 1 or p − 1 computed in float32. The loss is float64,
 * off by float32 rounding of the exponentials' sum (cross-entropy) or of each log1p(e^−|z|) (binary).
 */
function lossCase(name: LossName, rows: number, cols: number, rng: Rng, resident: boolean, soft: boolean): string[] {
  const size = rows * cols
  const place = resident ? inMemory : (x: Float32Array): Float32Array => x
  const label = `${name} ${rows}×${cols}${soft ? ' spread labels' : ''}${resident ? ' in memory' : ''}`
  const y = targets(name, rows, cols, rng, soft)
  const input = inputs(rng, size, name === 'quadratic' ? 1 : 8)
  const gradWant = guarded(size)
  const lossWant = lossForward(name, y, input, gradWant, rows, cols)
  const gradGot = place(guarded(size))
  const lossGot = wasm.lossForward(name, place(y), place(input), gradGot, rows, cols)
  const cancelling = soft ? 4 * EPS32 : 2 ** -50
  const slack = (i: number): number => (cancelling * (Math.abs(gradWant[i] * rows + y[i]) + Math.abs(y[i]))) / rows
  let labelMass = 0
  for (let i = 0; i < size; i++) labelMass += Math.abs(y[i])
  const lossSlack =
    name === 'quadratic' ? 0 : (4 * EPS32 * (labelMass + (name === 'binary-cross-entropy' ? size : 0))) / rows
  const out = mismatches(`${label} gradient`, gradGot, gradWant, size, name === 'quadratic' ? 1 : 4, slack)
  if (!(Math.abs(lossGot - lossWant) <= 1e-12 * Math.abs(lossWant) + lossSlack))
    out.push(`${label} loss: ${lossGot} vs ${lossWant}`)
  return out
}

const BUILDS = [
  ['simd128', true],
  ['relaxed-simd', true],
  ['simd128', false],
  ['relaxed-simd', false],
] as const

for (const [variant, shared] of BUILDS)
  describe(`wasm elementwise kernels, ${variant} build over ${shared ? 'a shared' : 'an ordinary'} memory`, () => {
    beforeAll(() => expect(useWasmVariant(variant, { shared })).toBe(true))
    afterAll(() => useWasmVariant('best'))

    for (const name of ACTIVATIONS) {
      it(`${name} forward and backward match the reference with rows, cols in {${SIZES.join(', ')}}`, () => {
        const rng = new Rng(17)
        const failures: string[] = []
        for (const [rows, cols] of SHAPES) {
          for (const resident of [false, true]) failures.push(...activationCase(name, rows, cols, rng, resident))
        }
        expect(failures).toEqual([])
      })
    }

    for (const name of LOSSES) {
      it(`${name} loss and gradient match the reference with rows, cols in {${SIZES.join(', ')}}`, () => {
        const rng = new Rng(23)
        const failures: string[] = []
        for (const [rows, cols] of SHAPES) {
          for (const resident of [false, true]) {
            for (const soft of [false, true]) failures.push(...lossCase(name, rows, cols, rng, resident, soft))
          }
        }
        expect(failures).toEqual([])
      })
    }

    it('sumColumns gives exactly the reference (same float32 additions in the same order)', () => {
      const rng = new Rng(29)
      const failures: string[] = []
      for (const [rows, cols] of [...SHAPES, [128, 128], [128, 10], [3, 40], [5, 33]] as [number, number][]) {
        for (const resident of [false, true]) {
          const x = inputs(rng, rows * cols + 1, 3)
          const want = guarded(cols)
          sumColumns(x, rows, cols, want)
          const got = resident ? inMemory(guarded(cols).fill(-1, 0, cols)) : guarded(cols).fill(-1, 0, cols)
          wasm.sumColumns(resident ? inMemory(x) : x, rows, cols, got)
          failures.push(...mismatches(`${rows}×${cols}${resident ? ' in memory' : ''}`, got, want, cols, 0))
        }
      }
      expect(failures).toEqual([])
    })

    it('work in place: a = z, dz = da, dz = a, grad = z, grad = y', () => {
      const rng = new Rng(31)
      const failures: string[] = []
      for (const resident of [false, true]) {
        const place = resident ? inMemory : (x: Float32Array): Float32Array => x.slice()
        for (const [rows, cols] of [
          [7, 10],
          [3, 129],
          [10, 1],
        ] as const) {
          const size = rows * cols
          const tag = `${rows}×${cols}${resident ? ' in memory' : ''}`
          for (const name of ACTIVATIONS) {
            const z = inputs(rng, size, 6)
            const want = z.slice()
            activate(want, want, rows, cols, name)
            const got = place(z)
            wasm.activate(got, got, rows, cols, name)
            failures.push(...mismatches(`${name} a = z ${tag}`, got, want, size, FORWARD_ULPS[name]))
            const da = inputs(rng, size, 2)
            for (const into of ['da', 'a'] as const) {
              const dzWant = (into === 'da' ? da : want).slice()
              activationBackward(name, into === 'a' ? dzWant : want, into === 'da' ? dzWant : da, dzWant, rows, cols)
              const a = place(want)
              const g = place(da)
              const dz = into === 'da' ? g : a
              wasm.activationBackward(name, a, g, dz, rows, cols)
              failures.push(...mismatches(`${name} dz = ${into} ${tag}`, dz, dzWant, size, BACKWARD_ULPS[name]))
            }
          }
          for (const name of LOSSES) {
            const y = targets(name, rows, cols, rng, false)
            const input = inputs(rng, size, 8)
            const gradWant = new Float32Array(size)
            const lossWant = lossForward(name, y, input, gradWant, rows, cols)
            const ulps = name === 'quadratic' ? 1 : 4
            const slack = (i: number): number =>
              (2 ** -50 * (Math.abs(gradWant[i] * rows + y[i]) + Math.abs(y[i]))) / rows
            const overInput = place(input)
            const lossOverInput = wasm.lossForward(name, place(y), overInput, overInput, rows, cols)
            failures.push(...mismatches(`${name} grad = input ${tag}`, overInput, gradWant, size, ulps, slack))
            const overY = place(y)
            const lossOverY = wasm.lossForward(name, overY, place(input), overY, rows, cols)
            failures.push(...mismatches(`${name} grad = y ${tag}`, overY, gradWant, size, ulps, slack))
            for (const loss of [lossOverInput, lossOverY]) {
              if (!(Math.abs(loss - lossWant) <= 1e-6 * Math.abs(lossWant)))
                failures.push(`${name} in place ${tag}: loss ${loss} vs ${lossWant}`)
            }
          }
        }
      }
      expect(failures).toEqual([])
    })

    it('never produce NaN from ±100, ±1e4 or 0, and saturate like Math.exp', () => {
      const z = new Float32Array([100, -100, 1e4, -1e4, 0, -0, 88.8, -88.8, 104, -104])
      const cols = z.length
      for (const name of ['sigmoid', 'tanh', 'softmax'] as const) {
        const a = new Float32Array(cols)
        wasm.activate(z, a, 1, cols, name)
        expect(a.some(Number.isNaN), name).toBe(false)
      }
      const sigma = new Float32Array(cols)
      wasm.activate(z, sigma, 1, cols, 'sigmoid')
      expect([...sigma.subarray(0, 6)]).toEqual([1, Math.fround(1 / (1 + Math.exp(100))), 1, 0, 0.5, 0.5])
      const t = new Float32Array(cols)
      wasm.activate(z, t, 1, cols, 'tanh')
      expect([...t.subarray(0, 4)]).toEqual([1, -1, 1, -1])
      const soft = new Float32Array(cols)
      wasm.activate(z, soft, 1, cols, 'softmax')
      expect(soft[2]).toBe(1) // e^(z − 1e4) is exactly 0 for every other entry
      for (const name of LOSSES) {
        const y = new Float32Array(cols)
        y[1] = 1
        const grad = new Float32Array(cols)
        const loss = wasm.lossForward(name, y, z, grad, 1, cols)
        expect(Number.isFinite(loss), name).toBe(true)
        expect(grad.some(Number.isNaN), name).toBe(false)
      }
    })

    it('handle empty batches as the references do', () => {
      const grad = new Float32Array(0)
      for (const name of LOSSES) expect(wasm.lossForward(name, grad, grad, grad, 0, 3)).toBeNaN()
      expect(wasm.lossForward('quadratic', grad, grad, grad, 2, 0)).toBe(0)
      const out = new Float32Array([5, 5, 5])
      wasm.sumColumns(new Float32Array(0), 0, 3, out)
      expect([...out]).toEqual([0, 0, 0])
    })
  })
