import type { SavedModel } from '../../../../shared/nn/model'

/** The first dense layer's weights, one tile per unit, each tile laid out as the input image. */
export interface WeightTiles {
  units: number
  rows: number
  cols: number
  /** units × (rows·cols), unit by unit (the Dense layout). */
  weights: Float32Array
  /** True when the first dense layer is the output layer (no hidden layers): its tiles are class templates. */
  isOutput: boolean
}

/**
 * Reads the first layer's weights out of a saved model. Parameters are stored layer by layer, weights before
 * biases, and dropout has none, so the first dense layer's units × inputs weights come first.
 */
export function firstLayerTiles(saved: SavedModel, image = { rows: 28, cols: 28 }): WeightTiles | { problem: string } {
  const { spec } = saved
  const dense = spec.layers.filter((layer) => layer.type === 'dense')
  const first = dense[0]
  if (!first) return { problem: 'the model has no dense layer' }
  if (spec.inputSize !== image.rows * image.cols) {
    return {
      problem: `the first layer has ${spec.inputSize} inputs, not a ${image.rows}×${image.cols} image, so its weights are not pictures`,
    }
  }
  const count = first.units * spec.inputSize
  if (saved.weights.length < count)
    return { problem: `the model file has ${saved.weights.length} weights, fewer than its first layer needs` }
  return {
    units: first.units,
    rows: image.rows,
    cols: image.cols,
    weights: saved.weights.subarray(0, count),
    isOutput: dense.length === 1,
  }
}

const NEGATIVE = [33, 102, 172] // blue
const POSITIVE = [178, 24, 43] // red

/** A diverging colour for t in [-1, 1]: blue, through white at 0, to red. */
export function divergingColor(t: number): [number, number, number] {
  const clamped = Math.max(-1, Math.min(1, Number.isFinite(t) ? t : 0))
  const end = clamped < 0 ? NEGATIVE : POSITIVE
  const a = Math.abs(clamped)
  return [0, 1, 2].map((i) => Math.round(255 + (end[i] - 255) * a)) as [number, number, number]
}

/** One unit's tile as RGBA pixels, normalised by the tile's own largest |weight| so every unit's pattern shows. */
export function tileRgba(tiles: WeightTiles, unit: number): Uint8ClampedArray {
  const n = tiles.rows * tiles.cols
  const w = tiles.weights.subarray(unit * n, (unit + 1) * n)
  let max = 0
  for (const v of w) max = Math.max(max, Math.abs(v))
  const rgba = new Uint8ClampedArray(n * 4)
  for (let i = 0; i < n; i++) {
    const [r, g, b] = divergingColor(max > 0 ? w[i] / max : 0)
    rgba.set([r, g, b, 255], i * 4)
  }
  return rgba
}
