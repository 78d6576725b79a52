import type { ActivationName } from '../activations'
import type { Matrix } from '../matrix'

/** A trainable tensor and its gradient, side by side. `decay` marks weights (not biases) for L2 decay. */
export interface Param {
  name: string
  value: Float32Array
  grad: Float32Array
  decay: boolean
}

/** Plain SGD applied during backward, where the gradient is made (see Optimizer.fusedSgd). */
export interface FusedSgd {
  lr: number
  weightDecay: number
}

export type LayerSpec = { type: 'dense'; units: number; activation: ActivationName } | { type: 'dropout'; rate: number }

export interface Layer {
  readonly outputSize: number
  /** Returns a buffer owned by the layer, valid until its next forward. */
  forward(x: Matrix, training: boolean): Matrix
  /**
   * Gradient with respect to the layer's input, or null when the caller does not need it (the first layer).
   * With `sgd`, the layer's parameters take that SGD step here instead of keeping their gradients.
   */
  backward(dy: Matrix, needInputGrad: boolean, sgd?: FusedSgd | null): Matrix | null
  params(): Param[]
  toJSON(): LayerSpec
  /** Gives the layer's arrays back to the kernels' allocator; the layer is not used again. */
  dispose(): void
}
