import { addBias, type ActivationName } from '../activations'
import { kernels } from '../kernelSet'
import { gatherColumns, nonZeroColumns, scatterColumns } from '../sparseColumns'
import { BufferCache, type Matrix } from '../matrix'
import type { FusedSgd, Layer, LayerSpec, Param } from './layer'

/** y = f(x·Wᵀ + b), with W stored units × inputs so each output's weights are one contiguous row. */
export class Dense implements Layer {
  readonly w: Float32Array
  readonly b: Float32Array
  readonly dw: Float32Array
  readonly db: Float32Array
  private input: Matrix | null = null
  private preActivation: Matrix | null = null
  private output: Matrix | null = null
  private readonly zBuffers = new BufferCache()
  private readonly aBuffers = new BufferCache()
  private readonly dzBuffers = new BufferCache()
  private readonly dxBuffers = new BufferCache()

  private readonly sparse: SparseInput | null

  /** `skipZeroInputs` suits the first layer of image data: columns that are zero across the whole batch are skipped
   * when the kernel set in use says the gathering pays (the JS kernels; not the wasm ones). */
  constructor(
    readonly inputSize: number,
    readonly outputSize: number,
    readonly activation: ActivationName,
    skipZeroInputs = false,
  ) {
    const alloc = kernels().alloc
    this.w = alloc(outputSize * inputSize)
    this.b = alloc(outputSize)
    this.dw = alloc(outputSize * inputSize)
    this.db = alloc(outputSize)
    this.sparse = skipZeroInputs ? new SparseInput(inputSize, outputSize) : null
  }

  forward(x: Matrix, _training: boolean): Matrix {
    const z = this.zBuffers.get(x.rows, this.outputSize)
    const a = this.activation === 'linear' ? z : this.aBuffers.get(x.rows, this.outputSize)
    const s = this.sparse
    const k = kernels()
    if (s) s.active = k.compactZeroColumns && s.compact(x, this.w)
    if (s?.active) {
      k.matmulTransB(s.x.subarray(0, x.rows * s.count), s.w, z.data, x.rows, s.count, this.outputSize)
      addBias(z.data, x.rows, this.outputSize, this.b)
    } else {
      k.denseForward(x.data, this.w, this.b, z.data, x.rows, this.inputSize, this.outputSize)
    }
    k.activate(z.data, a.data, x.rows, this.outputSize, this.activation)
    this.input = x
    this.preActivation = z
    this.output = a
    return a
  }

  /** The last forward's z = x·Wᵀ + b, for losses that fuse with the output activation. */
  lastPreActivation(): Matrix {
    if (!this.preActivation) throw new Error('Dense.lastPreActivation called before forward')
    return this.preActivation
  }

  lastOutput(): Matrix {
    if (!this.output) throw new Error('Dense.lastOutput called before forward')
    return this.output
  }

  backward(dy: Matrix, needInputGrad: boolean, sgd: FusedSgd | null = null): Matrix | null {
    if (!this.output) throw new Error('Dense.backward called before forward')
    const dz = this.activation === 'linear' ? dy : this.dzBuffers.get(dy.rows, this.outputSize)
    kernels().activationBackward(this.activation, this.output.data, dy.data, dz.data, dy.rows, this.outputSize)
    return this.backwardFromPreActivation(dz, needInputGrad, sgd)
  }

  /** Backward pass given dL/dz directly (softmax + cross-entropy and sigmoid + binary cross-entropy fuse to a − y). */
  backwardFromPreActivation(dz: Matrix, needInputGrad: boolean, sgd: FusedSgd | null = null): Matrix | null {
    const x = this.input
    if (!x) throw new Error('Dense.backward called before forward')
    const rows = dz.rows
    const s = this.sparse
    const k = kernels()
    if (sgd && !s?.active) {
      // dx needs the weights before the step
      const dx = needInputGrad ? this.dxBuffers.get(rows, this.inputSize) : null
      if (dx) k.matmul(dz.data, this.w, dx.data, rows, this.outputSize, this.inputSize)
      k.sgdDenseWeights(
        dz.data,
        x.data,
        this.w,
        this.dw,
        rows,
        this.inputSize,
        this.outputSize,
        sgd.lr,
        sgd.weightDecay,
      )
      k.sumColumns(dz.data, rows, this.outputSize, this.db)
      k.sgdStep(this.b, this.db, null, this.outputSize, sgd.lr, 0, false, 0)
      return dx
    }
    if (s && s.active) {
      // columns of x that were all zero have exactly zero weight gradient
      k.matmulTransA(dz.data, s.x, s.dw, this.outputSize, rows, s.count)
      scatterColumns(s.dw, this.outputSize, s.count, s.index, this.inputSize, this.dw)
    } else {
      k.matmulTransA(dz.data, x.data, this.dw, this.outputSize, rows, this.inputSize)
    }
    k.sumColumns(dz.data, rows, this.outputSize, this.db)
    if (!needInputGrad) {
      if (sgd) this.step(sgd)
      return null
    }
    const dx = this.dxBuffers.get(rows, this.inputSize)
    k.matmul(dz.data, this.w, dx.data, rows, this.outputSize, this.inputSize)
    if (sgd) this.step(sgd)
    return dx
  }

  private step(sgd: FusedSgd): void {
    const k = kernels()
    k.sgdStep(this.w, this.dw, null, this.w.length, sgd.lr, 0, false, sgd.weightDecay)
    k.sgdStep(this.b, this.db, null, this.b.length, sgd.lr, 0, false, 0)
  }

  params(): Param[] {
    return [
      { name: 'w', value: this.w, grad: this.dw, decay: true },
      { name: 'b', value: this.b, grad: this.db, decay: false },
    ]
  }

  toJSON(): LayerSpec {
    return { type: 'dense', units: this.outputSize, activation: this.activation }
  }

  dispose(): void {
    const free = kernels().free
    for (const array of [this.w, this.b, this.dw, this.db]) free(array)
    for (const cache of [this.zBuffers, this.aBuffers, this.dzBuffers, this.dxBuffers]) cache.dispose()
    this.input = this.preActivation = this.output = null
  }
}

/** Skipping only pays when enough columns are zero to outweigh the gathering. */
const MAX_DENSITY_TO_COMPACT = 0.8

/**
 * The batch's non-zero input columns gathered into compact copies of x and W (and room for the compact dW),
 * so the products skip multiplications by exact zeros (same sums, up to float32 rounding of partial sums).
 */
class SparseInput {
  readonly index: Int32Array
  private readonly seen: Uint8Array
  // made on first use: a kernel set that never compacts (wasm) never pays for these copies of W
  w = new Float32Array(0)
  dw = new Float32Array(0)
  x = new Float32Array(0)
  count = 0
  active = false

  constructor(
    private readonly inputSize: number,
    private readonly outputSize: number,
  ) {
    this.index = new Int32Array(inputSize)
    this.seen = new Uint8Array(inputSize)
  }

  /** Gathers the compact operands for this batch; false (dense path) when too few columns are zero. */
  compact(x: Matrix, w: Float32Array): boolean {
    this.count = nonZeroColumns(
      x.data,
      x.rows,
      this.inputSize,
      MAX_DENSITY_TO_COMPACT * this.inputSize,
      this.seen,
      this.index,
    )
    this.active = this.count >= 0
    if (!this.active) return false
    if (this.x.length < x.rows * this.inputSize) this.x = new Float32Array(x.rows * this.inputSize)
    if (this.w.length === 0) {
      this.w = new Float32Array(this.outputSize * this.inputSize)
      this.dw = new Float32Array(this.outputSize * this.inputSize)
    }
    gatherColumns(x.data, x.rows, this.inputSize, this.index, this.count, this.x)
    gatherColumns(w, this.outputSize, this.inputSize, this.index, this.count, this.w)
    return true
  }
}
