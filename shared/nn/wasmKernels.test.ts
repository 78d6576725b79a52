import { setFlagsFromString } from 'node:v8'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as js from './kernels'
import { kernelsName, setKernels } from './kernelSet'
import { Rng } from './rng'
import { randomArray } from './testing/gradcheck'
import * as wasm from './wasmKernels'
import { allocFloat32, isResident, wasmMemoryStats } from './wasmHeap'
import { Network } from './network'
import { useWasmVariant, wasmAvailable, wasmLoadError, wasmRuntime, wasmVariant } from './wasmModule'
import { resolveConfig } from '../train/config'
import { train, type TrainData } from '../train/train'
import { loadTrainData } from '../train/trainData.node'

type Form = 'AB' | 'ABt' | 'AtB'

/** op(A), op(B) strides of each form, with A and B stored as matmul / matmulTransB / matmulTransA expect them. */
function strides(form: Form, m: number, k: number, n: number): [number, number, number, number] {
  if (form === 'AB') return [k, 1, n, 1]
  if (form === 'ABt') return [k, 1, 1, k]
  return [1, m, n, 1]
}

/** Σ|a_ip · b_pj| per entry of C: the scale float32 rounding of a length-k dot product is measured against. */
function absProducts(m: number, n: number, k: number, a: Float32Array, b: Float32Array, s: number[]): Float64Array {
  const [aRow, aCol, bRow, bCol] = s
  const out = new Float64Array(m * n)
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0
      for (let p = 0; p < k; p++) sum += Math.abs(a[i * aRow + p * aCol] * b[p * bRow + j * bCol])
      out[i * n + j] = sum
    }
  }
  return out
}

/** Runs one form through both kernel sets on the same operands; returns the count of entries that disagree. */
/** A copy of `values` inside the wasm memory (when it is shared), so the kernel reads it in place. */
function inMemory(values: Float32Array): Float32Array {
  const copy = allocFloat32(values.length)
  copy.set(values)
  return copy
}

function disagreements(
  form: Form,
  m: number,
  k: number,
  n: number,
  accumulate: boolean,
  rng: Rng,
  resident = false,
): number {
  const place = resident ? inMemory : (x: Float32Array): Float32Array => x
  const a = place(randomArray(rng, m * k))
  const b = place(randomArray(rng, k * n))
  const base = randomArray(rng, m * n)
  // one guard entry past C catches a write beyond m·n
  const cJs = new Float32Array(m * n + 1).fill(7)
  const cWasm = place(new Float32Array(m * n + 1).fill(7))
  cJs.set(base)
  cWasm.set(base)
  const call = form === 'AB' ? 'matmul' : form === 'ABt' ? 'matmulTransB' : 'matmulTransA'
  js[call](a, b, cJs, m, k, n, accumulate)
  wasm[call](a, b, cWasm, m, k, n, accumulate)
  const scale = absProducts(m, n, k, a, b, strides(form, m, k, n))
  let bad = cWasm[m * n] === 7 ? 0 : 1
  for (let i = 0; i < m * n; i++) {
    const tolerance = 1e-5 * (scale[i] + (accumulate ? Math.abs(base[i]) : 0)) + 1e-30
    if (!(Math.abs(cWasm[i] - cJs[i]) <= tolerance)) bad++
  }
  return bad
}

const SIZES = [1, 3, 7, 8, 9, 129, 785]

// Node 20 has relaxed SIMD behind a flag (Electron and Node >= 22 without one); set here so both builds are tested.
setFlagsFromString('--experimental-wasm-relaxed-simd')

describe('wasm kernels', () => {
  it('load here (Node 20 has WebAssembly SIMD128)', () => {
    expect(wasmLoadError()).toBeNull()
    expect(wasmAvailable()).toBe(true)
  })

  it('prefer the relaxed-SIMD build (fused multiply-add) over a shared memory where the engine has both', () => {
    expect(useWasmVariant('best')).toBe(true)
    expect(wasmVariant()).toBe('relaxed-simd')
    expect(wasmRuntime()?.shared).toBe(true)
  })
})

const BUILDS = [
  ['simd128', true],
  ['relaxed-simd', true],
  ['simd128', false],
  ['relaxed-simd', false],
] as const

for (const [variant, shared] of BUILDS)
  describe(`the ${variant} build over ${shared ? 'a shared' : 'an ordinary'} memory`, () => {
    beforeAll(() => expect(useWasmVariant(variant, { shared })).toBe(true))
    afterAll(() => useWasmVariant('best'))

    for (const form of ['AB', 'ABt', 'AtB'] as const) {
      it(`${form} matches the TS kernels with each of m, k, n in {1, 3, 7, 8, 9, 129, 785}`, () => {
        const rng = new Rng(11)
        const failures: string[] = []
        for (const size of SIZES) {
          // the size under test in one dimension, small odd remainders in the others
          const shapes: [number, number, number][] = [
            [size, 5, 11],
            [6, size, 13],
            [9, 4, size],
            [size, size % 300, 3],
          ]
          for (const [m, k, n] of shapes) {
            for (const accumulate of [false, true]) {
              for (const resident of [false, true]) {
                const bad = disagreements(form, m, k, n, accumulate, rng, resident)
                if (bad)
                  failures.push(
                    `${m}×${k}×${n}${accumulate ? ' accumulate' : ''}${resident ? ' in memory' : ''}: ${bad} entries`,
                  )
              }
            }
          }
        }
        expect(failures).toEqual([])
      })
    }

    it('matches on random shapes, across K blocks (k > 384), the layer shapes of a 784-128-10 network and one-unit (logistic) shapes', () => {
      const rng = new Rng(5)
      const failures: string[] = []
      const shapes: [number, number, number][] = [
        [128, 784, 128],
        [128, 128, 784],
        [10, 784, 100],
        [100, 10, 784],
        [33, 600, 17],
        [1, 3000, 100],
        [2, 1000, 7],
        [1500, 784, 1],
        [700, 300, 2],
      ]
      for (let t = 0; t < 20; t++)
        shapes.push([
          1 + Math.floor(rng.uniform() * 70),
          1 + Math.floor(rng.uniform() * 900),
          1 + Math.floor(rng.uniform() * 70),
        ])
      for (const [m, k, n] of shapes) {
        for (const form of ['AB', 'ABt', 'AtB'] as const) {
          const accumulate = rng.uniform() < 0.5
          const bad = disagreements(form, m, k, n, accumulate, rng, rng.uniform() < 0.5)
          if (bad) failures.push(`${form} ${m}×${k}×${n}${accumulate ? ' accumulate' : ''}: ${bad} entries`)
        }
      }
      expect(failures).toEqual([])
    })

    it('k = 0 gives zeros, or leaves C alone when accumulating', () => {
      const c = new Float32Array([1, 2, 3, 4, 5, 6])
      wasm.matmul(new Float32Array(0), new Float32Array(0), c, 2, 0, 3, true)
      expect([...c]).toEqual([1, 2, 3, 4, 5, 6])
      wasm.matmul(new Float32Array(0), new Float32Array(0), c, 2, 0, 3)
      expect([...c]).toEqual([0, 0, 0, 0, 0, 0])
    })

    it('reads only the prefix of a longer operand (the compact sparse-input path passes oversized buffers)', () => {
      const rng = new Rng(3)
      const a = randomArray(rng, 4 * 5 + 9)
      const b = randomArray(rng, 5 * 6 + 9)
      const cJs = new Float32Array(4 * 6)
      const cWasm = new Float32Array(4 * 6)
      js.matmulTransB(a, b, cJs, 4, 5, 6)
      wasm.matmulTransB(a, b, cWasm, 4, 5, 6)
      for (let i = 0; i < cJs.length; i++) expect(cWasm[i]).toBeCloseTo(cJs[i], 5)
    })

    it('computes alpha·A·Bᵀ + beta·C + bias (the fused forward and update forms) on odd shapes', () => {
      const rng = new Rng(9)
      for (const [m, k, n] of [
        [10, 784, 100],
        [3, 7, 5],
        [129, 9, 13],
        [1, 785, 1],
        [17, 300, 11],
      ] as const) {
        const a = randomArray(rng, m * k)
        const b = randomArray(rng, n * k)
        const c0 = randomArray(rng, m * n)
        const bias = randomArray(rng, n)
        const [alpha, beta] = [-0.37, 0.9]
        const expected = new Float32Array(m * n)
        js.matmulTransB(a, b, expected, m, k, n)
        for (let i = 0; i < m * n; i++) expected[i] = alpha * expected[i] + beta * c0[i] + bias[i % n]
        const c = inMemory(c0)
        wasm.gemm(m, n, k, a, k, 1, b, 1, k, c, alpha, beta, bias)
        const scale = absProducts(m, n, k, a, b, strides('ABt', m, k, n))
        for (let i = 0; i < m * n; i++)
          expect(Math.abs(c[i] - expected[i])).toBeLessThanOrEqual(1e-5 * (scale[i] + 2) + 1e-6)
      }
    })
  })

describe('arrays in the wasm memory', () => {
  it('are views into it where the memory is shared, and stay valid when it grows', () => {
    const a = allocFloat32(1000).fill(3)
    expect(isResident(a)).toBe(true)
    const before = wasmRuntime()?.memory.buffer.byteLength ?? 0
    const big = allocFloat32(4_000_000) // 16 MB more: the memory has to grow
    expect(wasmRuntime()?.memory.buffer.byteLength).toBeGreaterThan(before)
    expect(isResident(big)).toBe(true)
    expect(a.length).toBe(1000)
    expect(a[999]).toBe(3)
    const c = allocFloat32(1)
    wasm.matmul(a, a, c, 1, 1000, 1)
    expect(c[0]).toBe(9000)
  })

  it('past the 4 GiB maximum, fail with a sentence that says what to do, and leave the memory as it was', () => {
    const before = wasmRuntime()?.memory.buffer.byteLength
    expect(() => allocFloat32(2 ** 30)).toThrow(/ran out of memory \(4 GiB\).*smaller batch size.*NNWB_KERNELS=js/)
    expect(wasmRuntime()?.memory.buffer.byteLength).toBe(before)
    expect(allocFloat32(10).length).toBe(10)
  })

  it('are ordinary arrays where the memory is not shared (a page without cross-origin isolation)', () => {
    try {
      expect(useWasmVariant('best', { shared: false })).toBe(true)
      expect(isResident(allocFloat32(10))).toBe(false)
    } finally {
      useWasmVariant('best')
    }
  })
})

describe('training with either kernel set', () => {
  let data: TrainData
  const before = kernelsName()
  beforeAll(() => {
    data = loadTrainData(resolveConfig({ trainLimit: 2000, validationSize: 0, testLimit: 1000 }))
  })
  afterAll(() => setKernels(before))

  it('reaches the same test accuracy within noise on a 2,000-image MNIST slice', async () => {
    const accuracy = async (name: 'js' | 'wasm'): Promise<number> => {
      setKernels(name)
      const config = resolveConfig({
        trainLimit: 2000,
        validationSize: 0,
        testLimit: 1000,
        hidden: [64],
        epochs: 2,
        batchSize: 32,
        lr: 0.1,
        seed: 4,
      })
      const result = await train(config, { ...data, validation: null })
      expect(result.status).toBe('finished')
      return result.test?.accuracy ?? 0
    }
    const fromJs = await accuracy('js')
    const fromWasm = await accuracy('wasm')
    expect(fromJs).toBeGreaterThan(0.8)
    // same seed, same data: only float32 summation order differs, so 1,000 test images should agree to ~1 %
    expect(Math.abs(fromJs - fromWasm)).toBeLessThan(0.015)
  })
})

describe('a network given back with dispose()', () => {
  it('frees its wasm memory at once: building and dropping 50 networks does not grow the memory', () => {
    const before = kernelsName()
    setKernels('wasm')
    try {
      const spec = {
        inputSize: 784,
        layers: [
          { type: 'dense' as const, units: 256, activation: 'relu' as const },
          { type: 'dense' as const, units: 10, activation: 'softmax' as const },
        ],
        loss: 'softmax-cross-entropy' as const,
      }
      const input = new Float32Array(784 * 100).fill(0.5)
      const once = (): void => {
        const network = new Network(spec)
        network.predict(input, 100, 50)
        network.dispose()
      }
      once()
      const used = wasmMemoryStats().used
      for (let i = 0; i < 50; i++) once()
      expect(wasmMemoryStats().used).toBe(used)
    } finally {
      setKernels(before)
    }
  })
})
