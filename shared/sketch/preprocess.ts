// A drawing made to look like an MNIST digit before a network sees it: what MNIST itself did to each scan (invert to
// white-on-black, crop to the ink, scale the longer side to 20 px with area averaging, centre the mass in 28×28).
// Pure: the renderer runs it live on every frame of a stroke, Node runs it in tests and the bench.
import { median } from '../stats'
import { areaResize } from './resize'

/** The side of the field the network sees, and of the box the ink is scaled into (MNIST's 28 and 20). */
export const FIELD = 28
export const INK_BOX = 20

/** A grey image of any size, row by row: bytes 0–255 or floats 0–1, dark ink on light or light ink on dark. */
export interface GreyImage {
  width: number
  height: number
  data: Uint8Array | Uint8ClampedArray | Float32Array
}

export interface InkBox {
  x: number
  y: number
  width: number
  height: number
}

export type SketchWarningCode = 'empty' | 'thin' | 'small' | 'edge'

export interface SketchWarning {
  code: SketchWarningCode
  /** One sentence for the user: what is wrong and what to do. */
  message: string
}

export interface Sketch {
  /** FIELD × FIELD grey levels 0–255, white ink on black, as MNIST stores a digit (and the store a drawing). */
  pixels: Uint8Array
  /** pixels / 255: the network's input, normalised as in training. */
  input: Float32Array
  warnings: SketchWarning[]
  /** Whether the image was dark ink on a light ground and so was inverted. */
  inverted: boolean
  /** Where the ink is in the source image; null when there is none. */
  box: InkBox | null
  /** Mean stroke width in the 28×28 field, in pixels (MNIST digits: about 1.8, rarely below 1). */
  strokeWidth: number
}

/** Ink fainter than this (after levelling, 0–1) is noise: it neither extends the ink's box nor counts as touching the edge. */
export const NOISE_LEVEL = 0.1
/** Below this contrast between ground and ink there is no drawing, only noise or a blank page. */
const MIN_CONTRAST = 0.15
/** A box whose longer side is below this share of the canvas's shorter side is "small". */
const SMALL_SHARE = 0.15
/** Mean stroke width (28×28 pixels) below which strokes count as thin; under 0.5 % of MNIST digits are. */
export const THIN_STROKE = 0.8

/** Runs the whole pipeline on one image. Never throws for an empty or odd drawing: it says so in `warnings`. */
export function preprocessSketch(image: GreyImage): Sketch {
  checkImage(image)
  const { width, height } = image
  const { ink, inverted } = inkLevels(image)
  const box = inkBox(ink, width, height)
  if (!box) return blank(inverted)

  const scale = INK_BOX / Math.max(box.width, box.height)
  const outWidth = Math.max(1, Math.round(box.width * scale))
  const outHeight = Math.max(1, Math.round(box.height * scale))
  const scaled = areaResize(ink, width, box, outWidth, outHeight)
  const field = centreByMass(scaled, outWidth, outHeight)

  const pixels = new Uint8Array(FIELD * FIELD)
  const input = new Float32Array(FIELD * FIELD)
  for (let i = 0; i < pixels.length; i++) {
    pixels[i] = Math.round(Math.min(1, Math.max(0, field[i])) * 255)
    input[i] = pixels[i] / 255
  }
  const strokeWidth = meanStrokeWidth(input)
  return { pixels, input, inverted, box, strokeWidth, warnings: warningsFor(ink, width, height, box, strokeWidth) }
}

function checkImage({ width, height, data }: GreyImage): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`a sketch must be at least 1×1 pixels, got ${width}×${height}`)
  }
  if (data.length !== width * height)
    throw new RangeError(`a ${width}×${height} sketch needs ${width * height} grey levels, got ${data.length}`)
}

/**
 * Ink as 0 (ground) to 1 (full ink): the ground is what most of the border is (its median), so either polarity
 * works, and the levels are stretched from ground to the darkest ink, so grey paper or a faint pen still fill 0–1.
 */
function inkLevels({ width, height, data }: GreyImage): { ink: Float32Array; inverted: boolean } {
  const unit = data instanceof Float32Array ? 1 : 1 / 255
  let ground = median(borderValues(data, width, height)) * unit
  // a border that is half ink says nothing about the ground: then ask the whole image (the ground is most of it)
  if (Math.abs(ground - 0.5) < 0.15) ground = median(Array.from(data)) * unit
  const inverted = ground > 0.5
  const ink = new Float32Array(data.length)
  let peak = 0
  for (let i = 0; i < data.length; i++) {
    const v = data[i] * unit
    ink[i] = inverted ? 1 - v : v
    if (ink[i] > peak) peak = ink[i]
  }
  const base = inverted ? 1 - ground : ground
  const range = peak - base
  if (range < MIN_CONTRAST) return { ink: ink.fill(0), inverted }
  for (let i = 0; i < ink.length; i++) ink[i] = Math.min(1, Math.max(0, (ink[i] - base) / range))
  return { ink, inverted }
}

function borderValues(data: GreyImage['data'], width: number, height: number): number[] {
  const values: number[] = []
  for (let x = 0; x < width; x++) values.push(data[x], data[(height - 1) * width + x])
  for (let y = 1; y < height - 1; y++) values.push(data[y * width], data[y * width + width - 1])
  return values
}

/** The smallest box holding every pixel above the noise level, or null when there is no ink. */
function inkBox(ink: Float32Array, width: number, height: number): InkBox | null {
  let x0 = width
  let y0 = height
  let x1 = -1
  let y1 = -1
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x] <= NOISE_LEVEL) continue
      if (x < x0) x0 = x
      if (x > x1) x1 = x
      if (y < y0) y0 = y
      if (y > y1) y1 = y
    }
  }
  return x1 < 0 ? null : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 }
}

/**
 * Places the scaled ink in the field so its centre of mass lands on pixel (14, 14), shifting by whole pixels as
 * MNIST did (its digits' mean centre of mass, in pixel indices, is 14.0 on both axes).
 */
function centreByMass(scaled: Float32Array, width: number, height: number): Float32Array {
  let mass = 0
  let mx = 0
  let my = 0
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = scaled[y * width + x]
      mass += v
      mx += v * x
      my += v * y
    }
  }
  const centre = FIELD / 2
  const dx = mass > 0 ? Math.round(centre - mx / mass) : Math.round((FIELD - width) / 2)
  const dy = mass > 0 ? Math.round(centre - my / mass) : Math.round((FIELD - height) / 2)
  const field = new Float32Array(FIELD * FIELD)
  for (let y = 0; y < height; y++) {
    const fy = y + dy
    if (fy < 0 || fy >= FIELD) continue
    for (let x = 0; x < width; x++) {
      const fx = x + dx
      if (fx >= 0 && fx < FIELD) field[fy * FIELD + fx] = scaled[y * width + x]
    }
  }
  return field
}

/**
 * Ink per unit of stroke length: the mass over half the perimeter of the inked region (a stroke of length L and
 * width w has mass ≈ L·w and perimeter ≈ 2L). A faint line counts as thin too, since its mass is small.
 */
export function meanStrokeWidth(field: Float32Array, side = FIELD): number {
  const inked = (x: number, y: number): boolean =>
    x >= 0 && y >= 0 && x < side && y < side && field[y * side + x] > 0.02
  let mass = 0
  let edges = 0
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      mass += field[y * side + x]
      if (!inked(x, y)) continue
      for (const [nx, ny] of [
        [x + 1, y],
        [x - 1, y],
        [x, y + 1],
        [x, y - 1],
      ])
        if (!inked(nx, ny)) edges += 1
    }
  }
  return edges === 0 ? 0 : mass / (edges / 2)
}

function warningsFor(
  ink: Float32Array,
  width: number,
  height: number,
  box: InkBox,
  strokeWidth: number,
): SketchWarning[] {
  const warnings: SketchWarning[] = []
  if (strokeWidth < THIN_STROKE) {
    warnings.push({
      code: 'thin',
      message: `The strokes are thin: scaled to 28×28 they are about ${strokeWidth.toFixed(1)} px wide, where MNIST's are about 2. Use a bigger brush.`,
    })
  }
  const share = Math.max(box.width, box.height) / Math.min(width, height)
  if (share < SMALL_SHARE) {
    warnings.push({
      code: 'small',
      message: `The digit is small (${Math.round(share * 100)} % of the canvas): it is scaled up, so every wobble grows. Draw it bigger.`,
    })
  }
  if (touchesEdge(ink, width, height)) {
    warnings.push({
      code: 'edge',
      message: 'The drawing touches the edge of the canvas: if part of it is cut off, the network sees another shape.',
    })
  }
  return warnings
}

function touchesEdge(ink: Float32Array, width: number, height: number): boolean {
  for (let x = 0; x < width; x++) if (ink[x] > NOISE_LEVEL || ink[(height - 1) * width + x] > NOISE_LEVEL) return true
  for (let y = 0; y < height; y++)
    if (ink[y * width] > NOISE_LEVEL || ink[y * width + width - 1] > NOISE_LEVEL) return true
  return false
}

function blank(inverted: boolean): Sketch {
  return {
    pixels: new Uint8Array(FIELD * FIELD),
    input: new Float32Array(FIELD * FIELD),
    warnings: [{ code: 'empty', message: 'Nothing to read yet: draw a digit, or open an image of one.' }],
    inverted,
    box: null,
    strokeWidth: 0,
  }
}
