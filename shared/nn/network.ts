import { initialize, type InitializerName } from './initializers'
import { Dense } from './layers/dense'
import { Dropout } from './layers/dropout'
import type { FusedSgd, Layer, LayerSpec, Param } from './layers/layer'
import { kernels } from './kernelSet'
import { lossByName, type Loss, type LossName } from './losses'
import { BufferCache, type Matrix } from './matrix'
import { Rng } from './rng'

/** The architecture: everything needed to rebuild the network before its weights are loaded. */
export interface ModelSpec {
  inputSize: number
  layers: LayerSpec[]
  loss: LossName
}

/** A feed-forward stack of layers with its loss; forward, backward and batched prediction. */
export class Network {
  readonly layers: Layer[]
  readonly loss: Loss
  readonly outputSize: number
  private readonly output: Dense
  private readonly fused: boolean
  private readonly lossGrads = new BufferCache()

  constructor(
    readonly spec: ModelSpec,
    dropoutRng: Rng = new Rng(0),
  ) {
    let size = spec.inputSize
    this.layers = spec.layers.map((layer, i) => {
      if (layer.type === 'dropout') return new Dropout(size, layer.rate, dropoutRng)
      const dense = new Dense(size, layer.units, layer.activation, i === 0)
      size = layer.units
      return dense
    })
    const last = this.layers[this.layers.length - 1]
    if (!(last instanceof Dense)) throw new Error('the last layer must be dense')
    this.output = last
    this.outputSize = size
    this.loss = lossByName(spec.loss)
    this.fused = this.loss.fusedActivation === last.activation
  }

  initialize(initializer: InitializerName, rng: Rng): void {
    for (const layer of this.layers) {
      if (layer instanceof Dense) initialize(initializer, layer.w, layer.b, layer.inputSize, layer.outputSize, rng)
    }
  }

  forward(x: Matrix, training: boolean): Matrix {
    let h = x
    for (const layer of this.layers) h = layer.forward(h, training)
    return h
  }

  /**
   * Loss of the last forward pass against targets y, and every layer's gradients; with `sgd`, every layer takes
   * that plain-SGD step as its gradient is made (Optimizer.fusedSgd). A loss that is not finite touches nothing.
   */
  backward(y: Matrix, sgd: FusedSgd | null = null): number {
    const out = this.output
    const grad = this.lossGrads.get(y.rows, this.outputSize)
    const loss = kernels().lossForward(
      this.loss.name,
      y.data,
      this.lossInputFor(y).data,
      grad.data,
      y.rows,
      this.outputSize,
    )
    if (!Number.isFinite(loss)) return loss
    const many = this.layers.length > 1
    let dy: Matrix | null = this.fused ? out.backwardFromPreActivation(grad, many, sgd) : out.backward(grad, many, sgd)
    for (let i = this.layers.length - 2; i >= 0 && dy; i--) dy = this.layers[i].backward(dy, i > 0, sgd)
    return loss
  }

  /** The loss of the last forward pass without touching gradients (for evaluation). */
  lossOfLastForward(y: Matrix): number {
    const grad = this.lossGrads.get(y.rows, this.outputSize)
    return kernels().lossForward(this.loss.name, y.data, this.lossInputFor(y).data, grad.data, y.rows, this.outputSize)
  }

  // What the loss reads: pre-activations when it fuses the output activation, else outputs. Targets must match it
  // row for row: fewer would give a silently partial gradient, more would read past the forward buffers.
  private lossInputFor(y: Matrix): Matrix {
    const input = this.fused ? this.output.lastPreActivation() : this.output.lastOutput()
    if (y.rows !== input.rows)
      throw new Error(`targets have ${y.rows} rows but the last forward pass had ${input.rows}`)
    if (y.cols !== this.outputSize)
      throw new Error(`targets are ${y.cols} wide but the network has ${this.outputSize} outputs`)
    return input
  }

  params(): Param[] {
    return this.layers.flatMap((layer) => layer.params())
  }

  /**
   * Gives every array back to the kernels' allocator at once (the wasm memory is not garbage-collected promptly);
   * for long-lived processes that load many models. The network must not be used afterwards.
   */
  dispose(): void {
    for (const layer of this.layers) layer.dispose()
    this.lossGrads.dispose()
  }

  parameterCount(): number {
    return this.params().reduce((n, p) => n + p.value.length, 0)
  }

  /**
   * Class probabilities (count × outputSize) for `count` inputs laid out row by row.
   * Runs in chunks so a whole test set never needs one giant activation buffer.
   */
  predict(inputs: Float32Array, count: number, chunk = 1000): Float32Array {
    const result = new Float32Array(count * this.outputSize)
    for (let start = 0; start < count; start += chunk) {
      const rows = Math.min(chunk, count - start)
      const x = {
        rows,
        cols: this.spec.inputSize,
        data: inputs.subarray(start * this.spec.inputSize, (start + rows) * this.spec.inputSize),
      }
      result.set(this.forward(x, false).data.subarray(0, rows * this.outputSize), start * this.outputSize)
    }
    return result
  }
}
