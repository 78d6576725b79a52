import { beforeAll, describe, expect, it } from 'vitest'
import { takeFirst, type Dataset } from '../data/dataset'
import { loadMnist } from '../data/mnist'
import { Rng } from '../nn/rng'
import { resolveConfig } from '../train/config'
import { predictedClass } from '../train/metrics'
import { train } from '../train/train'
import { FIELD, preprocessSketch, type GreyImage, type Sketch } from './preprocess'
import { correlation, digitBox, redraw, strokes, type Upscale } from './testing'

let test: Dataset
beforeAll(() => {
  test = loadMnist().test
})

const digitAt = (i: number): Float32Array => test.images.slice(i * 784, (i + 1) * 784)

/** Test digit i enlarged 5–12 times and dropped at a random place on a 280×280 canvas, clear of its edges. */
function redrawn(i: number, mode: Upscale, rng: Rng): GreyImage {
  const digit = digitAt(i)
  const scale = 5 + Math.floor(rng.uniform() * 8)
  const box = digitBox(digit)
  const width = (box.x1 - box.x0 + 1) * scale
  const height = (box.y1 - box.y0 + 1) * scale
  // a margin of one source pixel, since a bilinear enlargement spreads that far past the ink
  const left = scale + Math.floor(rng.uniform() * (280 - width - 2 * scale))
  const top = scale + Math.floor(rng.uniform() * (280 - height - 2 * scale))
  return redraw(digit, scale, mode, left, top)
}

function shifted(field: Float32Array, dx: number, dy: number): Float32Array {
  const out = new Float32Array(field.length)
  for (let y = 0; y < FIELD; y++) {
    for (let x = 0; x < FIELD; x++) {
      const sx = x - dx
      const sy = y - dy
      if (sx >= 0 && sy >= 0 && sx < FIELD && sy < FIELD) out[y * FIELD + x] = field[sy * FIELD + sx]
    }
  }
  return out
}

/** The best correlation over shifts of at most one pixel: centring by mass rounds, so a digit may land one pixel over. */
function bestCorrelation(a: Float32Array, b: Float32Array): number {
  let best = -1
  for (let dx = -1; dx <= 1; dx++)
    for (let dy = -1; dy <= 1; dy++) best = Math.max(best, correlation(shifted(a, dx, dy), b))
  return best
}

const meanAbsDifference = (a: Float32Array, b: Float32Array): number =>
  a.reduce((sum, v, i) => sum + Math.abs(v - b[i]), 0) / a.length
const codes = (sketch: Sketch): string[] => sketch.warnings.map((w) => w.code)

function inkGeometry(field: ArrayLike<number>): { width: number; height: number; cx: number; cy: number } {
  let x0 = FIELD
  let y0 = FIELD
  let x1 = -1
  let y1 = -1
  let mass = 0
  let mx = 0
  let my = 0
  for (let y = 0; y < FIELD; y++) {
    for (let x = 0; x < FIELD; x++) {
      const v = field[y * FIELD + x]
      if (v <= 0) continue
      ;[x0, x1, y0, y1] = [Math.min(x0, x), Math.max(x1, x), Math.min(y0, y), Math.max(y1, y)]
      mass += v
      mx += v * x
      my += v * y
    }
  }
  return { width: x1 - x0 + 1, height: y1 - y0 + 1, cx: mx / mass, cy: my / mass }
}

describe('preprocessSketch: MNIST digits redrawn big and off-centre come back as they were', () => {
  it('enlarged by repeating pixels: every digit correlates above 0.9 with its original, most are identical', () => {
    const rng = new Rng(1)
    let identical = 0
    for (let i = 0; i < 200; i++) {
      const sketch = preprocessSketch(redrawn(i, 'nearest', rng))
      expect(bestCorrelation(sketch.input, digitAt(i)), `test digit ${i}`).toBeGreaterThan(0.9)
      expect(sketch.warnings).toEqual([])
      if (meanAbsDifference(sketch.input, digitAt(i)) < 0.002) identical += 1
    }
    expect(identical).toBeGreaterThan(180)
  })

  it('enlarged smoothly (bilinear, which blurs): within a pixel of the original, correlation above 0.85; unshifted, above 0.8 for 95 %', () => {
    const rng = new Rng(2)
    const plain: number[] = []
    const differences: number[] = []
    for (let i = 0; i < 200; i++) {
      const sketch = preprocessSketch(redrawn(i, 'bilinear', rng))
      expect(bestCorrelation(sketch.input, digitAt(i)), `test digit ${i}`).toBeGreaterThan(0.85)
      plain.push(correlation(sketch.input, digitAt(i)))
      differences.push(meanAbsDifference(sketch.input, digitAt(i)))
    }
    expect(plain.filter((c) => c > 0.8).length).toBeGreaterThanOrEqual(190)
    expect(differences.reduce((a, b) => a + b) / differences.length).toBeLessThan(0.05)
  })

  it('a model reads 500 redrawn test digits within 3 points of its accuracy on the originals', async () => {
    const { train: trainFile } = loadMnist()
    const config = resolveConfig({ hidden: [64], lr: 0.1, batchSize: 32, epochs: 3, validationSize: 0, seed: 1 })
    const { network } = await train(config, { train: takeFirst(trainFile, 5000), validation: null, test: null })
    const count = 500
    const rng = new Rng(3)
    const redrawnInputs = new Float32Array(count * 784)
    for (let i = 0; i < count; i++) redrawnInputs.set(preprocessSketch(redrawn(i, 'bilinear', rng)).input, i * 784)
    const accuracy = (inputs: Float32Array): number => {
      const probabilities = network.predict(inputs, count)
      let correct = 0
      for (let i = 0; i < count; i++) if (predictedClass(probabilities, i, 10) === test.labels[i]) correct += 1
      return correct / count
    }
    const original = accuracy(test.images.subarray(0, count * 784))
    expect(original).toBeGreaterThan(0.8)
    expect(Math.abs(accuracy(redrawnInputs) - original)).toBeLessThanOrEqual(0.03)
  })
})

describe('preprocessSketch: polarity, levels and geometry', () => {
  it('inverts dark ink on a light ground, as bytes or floats, to the same result', () => {
    const light = redraw(digitAt(0), 8, 'bilinear', 40, 30)
    const dark = { ...light, data: light.data.map((v) => 1 - v) }
    const darkBytes = { ...light, data: Uint8Array.from(light.data, (v) => Math.round((1 - v) * 255)) }
    const reference = preprocessSketch(light)
    expect(reference.inverted).toBe(false)
    expect(preprocessSketch(dark)).toMatchObject({ inverted: true, pixels: reference.pixels })
    const fromBytes = preprocessSketch(darkBytes)
    expect(fromBytes.inverted).toBe(true)
    expect(meanAbsDifference(fromBytes.input, reference.input)).toBeLessThan(0.01)
  })

  it('stretches grey paper and a faint pen to the full range', () => {
    const clean = redraw(digitAt(1), 8, 'bilinear', 40, 30)
    // pencil at 0.45 on paper at 0.85: dark on light with a contrast of only 0.4
    const pencil = { ...clean, data: clean.data.map((v) => 0.85 - 0.4 * v) }
    const sketch = preprocessSketch(pencil)
    expect(sketch.inverted).toBe(true)
    expect(Math.max(...sketch.pixels)).toBe(Math.max(...preprocessSketch(clean).pixels))
    expect(meanAbsDifference(sketch.input, preprocessSketch(clean).input)).toBeLessThan(0.01)
  })

  it('reads the ground from the whole image when ink crosses half the border', () => {
    // a light canvas whose left and right borders are mostly covered by a thick dark bar
    const size = 100
    const data = new Float32Array(size * size).fill(1)
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) if (y > 5 && y < 95 && (x < 25 || x > 75)) data[y * size + x] = 0
    expect(preprocessSketch({ width: size, height: size, data }).inverted).toBe(true)
  })

  it('scales the longer side to 20 px, keeps the aspect ratio and centres the mass on (14, 14)', () => {
    // a tall bar 20 wide and 200 high, drawn off to the left
    const bar = strokes(
      [
        [40, 40],
        [40, 220],
      ],
      20,
    )
    const sketch = preprocessSketch(bar)
    const ink = inkGeometry(sketch.input)
    expect(ink.height).toBe(20)
    expect(ink.width).toBeLessThanOrEqual(3)
    expect(Math.abs(ink.cx - 14)).toBeLessThanOrEqual(0.5)
    expect(Math.abs(ink.cy - 14)).toBeLessThanOrEqual(0.5)
    expect(sketch.box).toMatchObject({ x: 30, y: 30, width: 20, height: 200 })
  })

  it('keeps a small digit: enlarges it to 20 px with the same area averaging', () => {
    const sketch = preprocessSketch(redraw(digitAt(2), 1, 'nearest', 130, 120))
    expect(Math.max(inkGeometry(sketch.input).width, inkGeometry(sketch.input).height)).toBe(20)
    expect(correlation(sketch.input, digitAt(2))).toBeGreaterThan(0.95)
  })

  it('refuses a malformed image with a sentence', () => {
    expect(() => preprocessSketch({ width: 0, height: 5, data: new Uint8Array(0) })).toThrow(
      'a sketch must be at least 1×1 pixels, got 0×5',
    )
    expect(() => preprocessSketch({ width: 3, height: 3, data: new Uint8Array(8) })).toThrow(
      'a 3×3 sketch needs 9 grey levels, got 8',
    )
  })
})

describe('preprocessSketch: warnings', () => {
  const seven = (width: number, scale = 1, shiftX = 0): GreyImage =>
    strokes(
      [
        [70, 60],
        [210, 60],
        [120, 230],
      ].map(([x, y]) => [140 + (x - 140) * scale + shiftX, 140 + (y - 140) * scale] as [number, number]),
      width,
    )

  it('says nothing about a plain seven drawn with a 20 px brush', () => {
    expect(codes(preprocessSketch(seven(20)))).toEqual([])
  })

  it('an empty canvas, a blank white page and faint noise are "empty", with a blank field', () => {
    const noise = new Float32Array(280 * 280).map((_, i) => 0.5 + 0.05 * Math.sin(i * 12.9898))
    for (const data of [new Uint8Array(280 * 280), new Uint8Array(280 * 280).fill(255), noise]) {
      const sketch = preprocessSketch({ width: 280, height: 280, data })
      expect(codes(sketch)).toEqual(['empty'])
      expect(sketch.pixels.every((p) => p === 0)).toBe(true)
      expect(sketch.box).toBeNull()
    }
  })

  it('strokes 4 px wide on a 280 px canvas are "thin"', () => {
    const sketch = preprocessSketch(seven(4))
    expect(codes(sketch)).toEqual(['thin'])
    expect(sketch.strokeWidth).toBeLessThan(0.8)
    expect(sketch.warnings[0].message).toMatch(/about 0\.\d px wide/)
  })

  it('a digit a tenth of the canvas high is "small"', () => {
    expect(codes(preprocessSketch(seven(3, 0.12)))).toContain('small')
    expect(codes(preprocessSketch(redraw(digitAt(3), 1, 'nearest', 130, 120)))).toEqual(['small'])
  })

  it('ink on the canvas border is "edge" (maybe cut off)', () => {
    expect(codes(preprocessSketch(seven(20, 1, 80)))).toEqual(['edge'])
  })

  it('under 1 % of MNIST digits, redrawn, get any warning', () => {
    const rng = new Rng(4)
    let warned = 0
    for (let i = 0; i < 300; i++) if (preprocessSketch(redrawn(i, 'bilinear', rng)).warnings.length > 0) warned += 1
    expect(warned).toBeLessThan(3)
  })
})
