// Test helpers: MNIST digits "redrawn" on a big canvas (enlarged, moved), as a user's drawing would arrive. Pure.
import type { GreyImage } from './preprocess'

export type Upscale = 'nearest' | 'bilinear'

/** The box of a 28×28 digit's non-zero pixels, in its own pixels. */
export function digitBox(digit: Float32Array, side = 28): { x0: number; y0: number; x1: number; y1: number } {
  let x0 = side
  let y0 = side
  let x1 = -1
  let y1 = -1
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      if (digit[y * side + x] <= 0) continue
      x0 = Math.min(x0, x)
      x1 = Math.max(x1, x)
      y0 = Math.min(y0, y)
      y1 = Math.max(y1, y)
    }
  }
  return { x0, y0, x1, y1 }
}

/**
 * The digit (values 0–1) enlarged `scale` times and placed on a black canvas so its ink's top-left corner lands at
 * (left, top); the canvas clips whatever falls outside.
 */
export function redraw(
  digit: Float32Array,
  scale: number,
  mode: Upscale,
  left: number,
  top: number,
  canvas = 280,
  side = 28,
): GreyImage {
  const box = digitBox(digit, side)
  const data = new Float32Array(canvas * canvas)
  // canvas pixel (cx, cy) shows digit point ((cx - left) / scale + x0, …) in continuous coordinates
  for (let cy = 0; cy < canvas; cy++) {
    for (let cx = 0; cx < canvas; cx++) {
      const u = (cx + 0.5 - left) / scale + box.x0
      const v = (cy + 0.5 - top) / scale + box.y0
      data[cy * canvas + cx] = mode === 'nearest' ? nearest(digit, side, u, v) : bilinear(digit, side, u - 0.5, v - 0.5)
    }
  }
  return { width: canvas, height: canvas, data }
}

function at(digit: Float32Array, side: number, x: number, y: number): number {
  return x < 0 || y < 0 || x >= side || y >= side ? 0 : digit[y * side + x]
}

function nearest(digit: Float32Array, side: number, u: number, v: number): number {
  return at(digit, side, Math.floor(u), Math.floor(v))
}

// (u, v) in pixel-index coordinates: pixel (i, j) has its centre at (i, j)
function bilinear(digit: Float32Array, side: number, u: number, v: number): number {
  const x = Math.floor(u)
  const y = Math.floor(v)
  const fx = u - x
  const fy = v - y
  const top = at(digit, side, x, y) * (1 - fx) + at(digit, side, x + 1, y) * fx
  const bottom = at(digit, side, x, y + 1) * (1 - fx) + at(digit, side, x + 1, y + 1) * fx
  return top * (1 - fy) + bottom * fy
}

/** Pearson correlation of two equally long arrays. */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length
  let ma = 0
  let mb = 0
  for (let i = 0; i < n; i++) {
    ma += a[i] / n
    mb += b[i] / n
  }
  let sab = 0
  let saa = 0
  let sbb = 0
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb)
    saa += (a[i] - ma) ** 2
    sbb += (b[i] - mb) ** 2
  }
  return sab / Math.sqrt(saa * sbb)
}

/**
 * A polyline of round strokes `width` pixels wide on a black canvas (light ink, value 1), anti-aliased by 4×4
 * supersampling; where segments meet, a pixel keeps the larger coverage.
 */
export function strokes(points: Array<[number, number]>, width: number, canvas = 280): GreyImage {
  const data = new Float32Array(canvas * canvas)
  const r = width / 2
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]]
    const clampToCanvas = (v: number): number => Math.max(0, Math.min(canvas - 1, Math.floor(v)))
    const [x0, x1] = [clampToCanvas(Math.min(a[0], b[0]) - r - 1), clampToCanvas(Math.max(a[0], b[0]) + r + 1)]
    const [y0, y1] = [clampToCanvas(Math.min(a[1], b[1]) - r - 1), clampToCanvas(Math.max(a[1], b[1]) + r + 1)]
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        let covered = 0
        for (let sy = 0; sy < 4; sy++) {
          for (let sx = 0; sx < 4; sx++)
            if (distanceToSegment(x + (sx + 0.5) / 4, y + (sy + 0.5) / 4, a, b) <= r) covered += 1
        }
        data[y * canvas + x] = Math.max(data[y * canvas + x], covered / 16)
      }
    }
  }
  return { width: canvas, height: canvas, data }
}

function distanceToSegment(px: number, py: number, [ax, ay]: [number, number], [bx, by]: [number, number]): number {
  const dx = bx - ax
  const dy = by - ay
  const length2 = dx * dx + dy * dy
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length2))
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy))
}
