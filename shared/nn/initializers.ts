import type { Rng } from './rng'

/** Weight initializers, each named after the tutorial or library whose default it reproduces. */
export const INITIALIZERS = ['normal', 'small-normal', 'truncated-normal', 'glorot-uniform', 'he-normal'] as const
export type InitializerName = (typeof INITIALIZERS)[number]

export const INITIALIZER_HELP: Record<InitializerName, string> = {
  normal: 'weights and biases N(0, 1) (the from-scratch numpy network)',
  'small-normal': 'weights N(0, 1)·0.01, biases 0 (the numpy logistic regression)',
  'truncated-normal': 'weights truncated normal σ=0.1, biases 0.1 (the TensorFlow MLP)',
  'glorot-uniform': 'weights U(±√(6/(fan_in+fan_out))), biases 0 (Keras default)',
  'he-normal': 'weights N(0, 2/fan_in), biases 0 (for relu)',
}

/** Fills a dense layer's weights (fanOut × fanIn) and biases. */
export function initialize(
  name: InitializerName,
  w: Float32Array,
  b: Float32Array,
  fanIn: number,
  fanOut: number,
  rng: Rng,
): void {
  switch (name) {
    case 'normal':
      for (let i = 0; i < w.length; i++) w[i] = rng.normal()
      for (let i = 0; i < b.length; i++) b[i] = rng.normal()
      return
    case 'small-normal':
      for (let i = 0; i < w.length; i++) w[i] = rng.normal() * 0.01
      b.fill(0)
      return
    case 'truncated-normal':
      // as tf.truncated_normal: redraw anything beyond two standard deviations
      for (let i = 0; i < w.length; i++) {
        let v = rng.normal()
        while (Math.abs(v) > 2) v = rng.normal()
        w[i] = v * 0.1
      }
      b.fill(0.1)
      return
    case 'glorot-uniform': {
      const limit = Math.sqrt(6 / (fanIn + fanOut))
      for (let i = 0; i < w.length; i++) w[i] = (rng.uniform() * 2 - 1) * limit
      b.fill(0)
      return
    }
    case 'he-normal': {
      const std = Math.sqrt(2 / fanIn)
      for (let i = 0; i < w.length; i++) w[i] = rng.normal() * std
      b.fill(0)
      return
    }
  }
}
