import type { GreyImage } from './preprocess'

/**
 * Grey levels of RGBA pixels (a canvas's ImageData, a decoded PNG or JPEG). An image whose ground is transparent
 * (most of its border) is read by its alpha, since its ink may be any colour; otherwise by luminance over white.
 */
export function greyFromRgba(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): GreyImage {
  if (rgba.length !== width * height * 4)
    throw new RangeError(`a ${width}×${height} RGBA image needs ${width * height * 4} bytes, got ${rgba.length}`)
  const data = new Uint8ClampedArray(width * height)
  if (transparentGround(rgba, width, height)) {
    for (let i = 0; i < data.length; i++) data[i] = rgba[i * 4 + 3]
    return { width, height, data }
  }
  for (let i = 0; i < data.length; i++) {
    const o = i * 4
    const luminance = 0.299 * rgba[o] + 0.587 * rgba[o + 1] + 0.114 * rgba[o + 2]
    const alpha = rgba[o + 3] / 255
    data[i] = luminance * alpha + 255 * (1 - alpha)
  }
  return { width, height, data }
}

function transparentGround(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): boolean {
  let transparent = 0
  let border = 0
  const look = (x: number, y: number): void => {
    border += 1
    if (rgba[(y * width + x) * 4 + 3] < 128) transparent += 1
  }
  for (let x = 0; x < width; x++) {
    look(x, 0)
    if (height > 1) look(x, height - 1)
  }
  for (let y = 1; y < height - 1; y++) {
    look(0, y)
    if (width > 1) look(width - 1, y)
  }
  return transparent * 2 > border
}
