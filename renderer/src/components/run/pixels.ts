/** Base64 grey levels (0–255, one byte a pixel) as the host sends test images. */
export function decodeGrey(base64: string): Uint8Array {
  const text = atob(base64)
  const out = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i)
  return out
}

/** Grey levels as opaque RGBA, drawn as stored: the digit light on a dark ground, as MNIST keeps it. */
export function greyRgba(grey: Uint8Array): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(grey.length * 4)
  for (let i = 0; i < grey.length; i++) rgba.set([grey[i], grey[i], grey[i], 255], i * 4)
  return rgba
}

/** The `count` most probable classes, most probable first. */
export function topClasses(probabilities: number[], count: number): Array<{ index: number; probability: number }> {
  return probabilities
    .map((probability, index) => ({ index, probability }))
    .sort((a, b) => b.probability - a.probability || a.index - b.index)
    .slice(0, count)
}
