import { BufferCache, type Matrix } from '../matrix'
import type { Rng } from '../rng'
import type { Layer, LayerSpec, Param } from './layer'

/** Inverted dropout: zero a unit with probability `rate` and scale survivors by 1/(1−rate), in training only. */
export class Dropout implements Layer {
  private readonly masks = new BufferCache()
  private readonly outputs = new BufferCache()
  private readonly dxBuffers = new BufferCache()
  private mask: Matrix | null = null

  constructor(
    readonly outputSize: number,
    readonly rate: number,
    private readonly rng: Rng,
  ) {}

  forward(x: Matrix, training: boolean): Matrix {
    if (!training || this.rate === 0) {
      this.mask = null
      return x
    }
    const mask = this.masks.get(x.rows, x.cols)
    const y = this.outputs.get(x.rows, x.cols)
    const keep = 1 - this.rate
    const scale = 1 / keep
    const size = x.rows * x.cols
    for (let i = 0; i < size; i++) {
      const m = this.rng.uniform() < keep ? scale : 0
      mask.data[i] = m
      y.data[i] = x.data[i] * m
    }
    this.mask = mask
    return y
  }

  backward(dy: Matrix, needInputGrad: boolean): Matrix | null {
    if (!needInputGrad) return null
    const mask = this.mask
    if (!mask) return dy
    const dx = this.dxBuffers.get(dy.rows, dy.cols)
    const size = dy.rows * dy.cols
    for (let i = 0; i < size; i++) dx.data[i] = dy.data[i] * mask.data[i]
    return dx
  }

  params(): Param[] {
    return []
  }

  dispose(): void {
    for (const cache of [this.masks, this.outputs, this.dxBuffers]) cache.dispose()
    this.mask = null
  }

  toJSON(): LayerSpec {
    return { type: 'dropout', rate: this.rate }
  }
}
