import { describe, expect, it } from 'vitest'
import { greyFromRgba } from './grey'

const image = (pixels: number[][]) => Uint8ClampedArray.from(pixels.flat())

describe('greyFromRgba', () => {
  it('reads an opaque image by luminance', () => {
    const grey = greyFromRgba(
      image([
        [255, 255, 255, 255],
        [0, 0, 0, 255],
        [255, 0, 0, 255],
        [0, 0, 255, 255],
      ]),
      2,
      2,
    )
    expect(Array.from(grey.data)).toEqual([255, 0, 76, 29])
  })

  it('puts half-transparent pixels of an opaque-ground image over white', () => {
    const grey = greyFromRgba(
      image([
        [255, 255, 255, 255],
        [0, 0, 0, 128],
        [255, 255, 255, 255],
        [255, 255, 255, 255],
      ]),
      2,
      2,
    )
    expect(grey.data[1]).toBe(127)
  })

  it('reads an image with a transparent ground by its alpha, whatever the colour of the ink', () => {
    const white = [255, 255, 255]
    const grey = greyFromRgba(
      image([
        [...white, 0],
        [...white, 255],
        [...white, 0],
        [...white, 0],
      ]),
      2,
      2,
    )
    expect(Array.from(grey.data)).toEqual([0, 255, 0, 0])
  })

  it('refuses a buffer of the wrong size', () => {
    expect(() => greyFromRgba(new Uint8ClampedArray(12), 2, 2)).toThrow('a 2×2 RGBA image needs 16 bytes, got 12')
  })
})
