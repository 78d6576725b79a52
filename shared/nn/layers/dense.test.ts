import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACTIVATIONS, type ActivationName } from '../activations'
import { kernelsName, setKernels, type KernelName } from '../kernelSet'
import type { Matrix } from '../matrix'
import { Rng } from '../rng'
import { randomArray, weightedSum, worstGradientMismatch } from '../testing/gradcheck'
import { Dense } from './dense'

const ROWS = 3
const INPUTS = 6
const UNITS = 4
const EPS = 1e-2
const TOLERANCE = 1e-2

/** x with columns 1, 3 and 4 zero in every row, so a layer that skips zero inputs takes its compact path. */
function sparseInput(rng: Rng): Matrix {
  const x = { rows: ROWS, cols: INPUTS, data: randomArray(rng, ROWS * INPUTS) }
  for (let r = 0; r < ROWS; r++) for (const j of [1, 3, 4]) x.data[r * INPUTS + j] = 0
  return x
}

/**
 * A layer with random weights and biases and an input, drawn until every pre-activation is at least 0.1 from
 * relu's kink, so a ±1e-2 nudge never crosses it and central differences are valid for every activation.
 */
function setup(activation: ActivationName, skipZeroInputs: boolean, sparse: boolean) {
  for (let seed = 1; ; seed++) {
    const rng = new Rng(seed)
    const layer = new Dense(INPUTS, UNITS, activation, skipZeroInputs)
    layer.w.set(randomArray(rng, UNITS * INPUTS))
    layer.b.set(randomArray(rng, UNITS, 0.5))
    const x = sparse ? sparseInput(rng) : { rows: ROWS, cols: INPUTS, data: randomArray(rng, ROWS * INPUTS) }
    const c = randomArray(rng, ROWS * UNITS) // L = Σ c ⊙ y, so dL/dy = c
    layer.forward(x, true)
    const z = layer.lastPreActivation().data
    if (z.subarray(0, ROWS * UNITS).every((v) => Math.abs(v) > 0.1)) return { layer, x, c }
  }
}

const variants = [
  { name: 'dense input', skipZeroInputs: false, sparse: false },
  { name: 'zero input columns, compact path', skipZeroInputs: true, sparse: true },
  { name: 'zero input columns, plain path', skipZeroInputs: false, sparse: true },
]

const defaultKernels = kernelsName()

/** Runs the tests in `body` with one kernel set (the wasm set takes the plain path where js gathers zero columns). */
function withKernels(name: KernelName, body: () => void): void {
  describe(`with ${name} kernels`, () => {
    beforeAll(() => setKernels(name))
    afterAll(() => setKernels(defaultKernels))
    body()
  })
}

for (const kernelSet of ['js', 'wasm'] as const)
  withKernels(kernelSet, () => {
    describe('Dense gradients match central differences', () => {
      for (const activation of ACTIVATIONS) {
        for (const variant of variants) {
          it(`${activation}, ${variant.name}: dW, db and dx`, () => {
            const { layer, x, c } = setup(activation, variant.skipZeroInputs, variant.sparse)
            const loss = (): number => weightedSum(c, layer.forward(x, true).data, ROWS * UNITS)
            loss()
            const dx = layer.backward({ rows: ROWS, cols: UNITS, data: c }, true) as Matrix
            const dw = layer.dw.slice()
            const db = layer.db.slice()
            const dxCopy = dx.data.slice(0, ROWS * INPUTS)

            for (const [name, values, analytic] of [
              ['dW', layer.w, dw],
              ['db', layer.b, db],
              ['dx', x.data, dxCopy],
            ] as const) {
              const worst = worstGradientMismatch(values, analytic, loss, EPS)
              expect(
                worst.error,
                `${name}[${worst.index}]: analytic ${worst.analytic}, numeric ${worst.numeric}`,
              ).toBeLessThan(TOLERANCE)
            }
          })
        }
      }
    })

    describe('Dense', () => {
      it('computes y = f(x·Wᵀ + b) with W stored units × inputs', () => {
        const layer = new Dense(2, 3, 'relu')
        layer.w.set([1, 2, /* unit 1 */ -1, 0, /* unit 2 */ 0.5, 0.5])
        layer.b.set([0, 0.5, -10])
        const y = layer.forward({ rows: 1, cols: 2, data: new Float32Array([3, 4]) }, false)
        expect(Array.from(y.data)).toEqual([11, 0, 0]) // 3 + 8; relu(−3 + 0.5); relu(3.5 − 10)
      })

      it('overwrites its gradients on every backward (never accumulates), also when zero columns move', () => {
        const rng = new Rng(4)
        const dense = { rows: ROWS, cols: INPUTS, data: randomArray(rng, ROWS * INPUTS) }
        const sparse = sparseInput(rng)
        const dy = { rows: ROWS, cols: UNITS, data: randomArray(rng, ROWS * UNITS) }
        const make = (): Dense => {
          const layer = new Dense(INPUTS, UNITS, 'tanh', true)
          layer.w.set(randomArray(new Rng(8), UNITS * INPUTS))
          return layer
        }
        const fresh = make()
        fresh.forward(sparse, true)
        fresh.backward(dy, false)

        const reused = make()
        reused.forward(dense, true)
        reused.backward(dy, false)
        reused.forward(sparse, true)
        reused.backward(dy, false)
        reused.forward(sparse, true)
        reused.backward(dy, false)
        expect(reused.dw).toEqual(fresh.dw)
        expect(reused.db).toEqual(fresh.db)
        for (let u = 0; u < UNITS; u++) expect(reused.dw[u * INPUTS + 1]).toBe(0) // an all-zero input column
      })

      it('returns no input gradient when asked not to', () => {
        const layer = new Dense(2, 2, 'sigmoid')
        layer.forward({ rows: 1, cols: 2, data: new Float32Array([1, 2]) }, true)
        expect(layer.backward({ rows: 1, cols: 2, data: new Float32Array([1, 1]) }, false)).toBeNull()
      })

      it('reuses its output buffer from step to step and keeps one per batch size (no allocation per step)', () => {
        const layer = new Dense(3, 2, 'sigmoid')
        const batch = (rows: number): Matrix => ({ rows, cols: 3, data: new Float32Array(rows * 3).fill(0.5) })
        const first = layer.forward(batch(4), true)
        const short = layer.forward(batch(1), true)
        expect(layer.forward(batch(4), true)).toBe(first)
        expect(layer.forward(batch(1), true)).toBe(short)
        expect(short).not.toBe(first)
      })

      it('refuses backward before forward with a clear message', () => {
        expect(() => new Dense(2, 2, 'relu').backward({ rows: 1, cols: 2, data: new Float32Array(2) }, true)).toThrow(
          /before forward/,
        )
      })

      it('describes itself for saving', () => {
        expect(new Dense(784, 10, 'softmax').toJSON()).toEqual({ type: 'dense', units: 10, activation: 'softmax' })
        expect(new Dense(3, 2, 'relu').params().map((p) => [p.name, p.value.length, p.decay])).toEqual([
          ['w', 6, true],
          ['b', 2, false],
        ])
      })
    })
  })
