import type { InkBox } from './preprocess'

/** For one output pixel along an axis: the source pixels it covers and how much of each (weights sum to 1). */
interface Footprint {
  first: number
  weights: number[]
}

/**
 * Area averaging (an exact box filter): each output pixel is the mean of the source over the rectangle it covers,
 * partly covered source pixels counting by the covered fraction. The area of a rectangle is width × height, so the
 * filter is separable: rows first, then columns. Works for shrinking and for enlarging.
 */
export function areaResize(
  source: Float32Array,
  sourceWidth: number,
  box: InkBox,
  outWidth: number,
  outHeight: number,
): Float32Array {
  const across = footprints(box.width, outWidth)
  const down = footprints(box.height, outHeight)
  const rows = new Float32Array(box.height * outWidth)
  for (let y = 0; y < box.height; y++) {
    const start = (box.y + y) * sourceWidth + box.x
    for (let x = 0; x < outWidth; x++) {
      const { first, weights } = across[x]
      let sum = 0
      for (let k = 0; k < weights.length; k++) sum += source[start + first + k] * weights[k]
      rows[y * outWidth + x] = sum
    }
  }
  const out = new Float32Array(outWidth * outHeight)
  for (let y = 0; y < outHeight; y++) {
    const { first, weights } = down[y]
    for (let k = 0; k < weights.length; k++) {
      const row = (first + k) * outWidth
      const w = weights[k]
      for (let x = 0; x < outWidth; x++) out[y * outWidth + x] += rows[row + x] * w
    }
  }
  return out
}

// Output pixel i covers source span [i·step, (i+1)·step); source pixel j covers [j, j+1).
function footprints(sourceSize: number, outSize: number): Footprint[] {
  const step = sourceSize / outSize
  return Array.from({ length: outSize }, (_, i) => {
    const start = i * step
    const end = Math.min(sourceSize, (i + 1) * step)
    const first = Math.floor(start)
    const weights: number[] = []
    for (let j = first; j < end; j++) weights.push((Math.min(j + 1, end) - Math.max(j, start)) / step)
    return { first, weights }
  })
}
