// In-memory labelled image sets built from parsed IDX files. Pure: runs in Node, in a worker and in the browser.
import { IdxError } from './idx'
import type { IdxImages, IdxLabels } from './idx'

export interface Dataset {
  name: string
  count: number
  rows: number
  cols: number
  /** rows × cols */
  features: number
  /** count × features, row-major, pixel / 255 in [0, 1] */
  images: Float32Array
  labels: Uint8Array
  /** max label + 1, at least 2 */
  numClasses: number
}

export function makeDataset(
  name: string,
  images: IdxImages,
  labels: IdxLabels,
  imagesFile: string,
  labelsFile: string,
  maxClasses = 256,
): Dataset {
  if (!Number.isInteger(maxClasses) || maxClasses < 2 || maxClasses > 256) {
    throw new RangeError(`maxClasses ${maxClasses} must be an integer from 2 to 256`)
  }
  if (images.count !== labels.count) {
    throw new IdxError(imagesFile, `${imagesFile} and ${labelsFile}: ${images.count} images but ${labels.count} labels`)
  }
  const features = images.rows * images.cols
  if (images.pixels.length !== images.count * features) {
    throw new IdxError(
      imagesFile,
      `${imagesFile}: ${images.pixels.length} pixels for ${images.count} images of ${images.rows}×${images.cols}`,
    )
  }
  if (labels.labels.length !== labels.count) {
    throw new IdxError(labelsFile, `${labelsFile}: ${labels.labels.length} label bytes for ${labels.count} labels`)
  }
  const maxLabel = checkLabelRange(labels.labels, maxClasses, labelsFile)
  return {
    name,
    count: images.count,
    rows: images.rows,
    cols: images.cols,
    features,
    images: pixelsToUnit(images.pixels),
    labels: labels.labels,
    numClasses: Math.max(maxLabel + 1, 2),
  }
}

/** Splits off the LAST tailCount examples (the validation set); both halves are views, not copies. */
export function splitTail(ds: Dataset, tailCount: number): { head: Dataset; tail: Dataset } {
  if (!Number.isInteger(tailCount) || tailCount < 0 || tailCount >= ds.count) {
    throw new RangeError(
      `${ds.name}: cannot split off ${tailCount} examples; need a whole number from 0 to ${ds.count - 1} ` +
        `(the set has ${ds.count})`,
    )
  }
  const headCount = ds.count - tailCount
  return { head: sliceExamples(ds, 0, headCount), tail: sliceExamples(ds, headCount, ds.count) }
}

/** The first n examples as a view, e.g. a small subset for tests. */
export function takeFirst(ds: Dataset, n: number): Dataset {
  if (!Number.isInteger(n) || n < 0 || n > ds.count) {
    throw new RangeError(`${ds.name}: cannot take ${n} examples; need a whole number from 0 to ${ds.count}`)
  }
  return sliceExamples(ds, 0, n)
}

export function classCounts(ds: Dataset): number[] {
  const counts = new Array<number>(ds.numClasses).fill(0)
  for (const label of ds.labels) counts[label]++
  return counts
}

// Keeps the parent's numClasses so a subset that lacks a digit still has the full output width.
function sliceExamples(ds: Dataset, start: number, end: number): Dataset {
  return {
    ...ds,
    count: end - start,
    images: ds.images.subarray(start * ds.features, end * ds.features),
    labels: ds.labels.subarray(start, end),
  }
}

function checkLabelRange(labels: Uint8Array, maxClasses: number, labelsFile: string): number {
  let maxLabel = 0
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]
    if (label >= maxClasses) {
      throw new IdxError(labelsFile, `${labelsFile}: label ${label} at index ${i} is out of range 0–${maxClasses - 1}`)
    }
    if (label > maxLabel) maxLabel = label
  }
  return maxLabel
}

function pixelsToUnit(pixels: Uint8Array): Float32Array {
  const unit = new Float32Array(pixels.length)
  for (let i = 0; i < pixels.length; i++) unit[i] = pixels[i] / 255
  return unit
}
