import type { ActivationName } from '../activations';
import type { Matrix } from '../matrix';

/** A trainable tensor and its gradient, side by side. `decay` marks weights (not biases) for L2 decay. */
export interface Param {
  name: string;
  value: Float32Array;
  grad: Float32Array;
  decay: boolean;
}

export type LayerSpec =
  | { type: 'dense'; units: number; activation: ActivationName }
  | { type: 'dropout'; rate: number };

export interface Layer {
  readonly outputSize: number;
  /** Returns a buffer owned by the layer, valid until its next forward. */
  forward(x: Matrix, training: boolean): Matrix;
  /** Gradient with respect to the layer's input, or null when the caller does not need it (the first layer). */
  backward(dy: Matrix, needInputGrad: boolean): Matrix | null;
  params(): Param[];
  toJSON(): LayerSpec;
}
