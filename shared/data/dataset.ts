// In-memory labelled image sets built from parsed IDX files. Pure: runs in Node, in a worker and in the browser.
import { countLabels, IdxError } from './idx'
import type { IdxImages, IdxLabels, LabelStats } from './idx'

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
  checkSameCount(images.count, labels.count, imagesFile, labelsFile)
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
  const numClasses = classesFromLabels(countLabels(labels.labels), labelsFile, maxClasses)
  return {
    name,
    count: images.count,
    rows: images.rows,
    cols: images.cols,
    features,
    images: pixelsToUnit(images.pixels),
    labels: labels.labels,
    numClasses,
  }
}

export function checkSameCount(images: number, labels: number, imagesFile: string, labelsFile: string): void {
  if (images !== labels) {
    throw new IdxError(imagesFile, `${imagesFile} and ${labelsFile}: ${images} images but ${labels} labels`)
  }
}

/** The class count the labels imply: the largest label + 1, at least 2; a label of maxClasses or more is refused. */
export function classesFromLabels(stats: LabelStats, labelsFile: string, maxClasses = 256): number {
  if (!Number.isInteger(maxClasses) || maxClasses < 2 || maxClasses > 256) {
    throw new RangeError(`maxClasses ${maxClasses} must be an integer from 2 to 256`)
  }
  const present = labelsPresent(stats)
  const outOfRange = present.filter((label) => label >= maxClasses)
  if (outOfRange.length > 0) {
    const first = outOfRange.reduce((a, b) => (stats.firstIndex[a] <= stats.firstIndex[b] ? a : b))
    throw new IdxError(
      labelsFile,
      `${labelsFile}: label ${first} at index ${stats.firstIndex[first]} is out of range 0–${maxClasses - 1}`,
    )
  }
  return Math.max((present.at(-1) ?? 0) + 1, 2)
}

/**
 * For a new dataset: refuses labels far beyond the rest (more empty classes than used ones, as one 200 among 0–9
 * makes). A network gets one output per class, and a stray byte must not turn 10 classes into 201.
 */
export function checkLabelGaps(stats: LabelStats, labelsFile: string): void {
  const present = labelsPresent(stats)
  const classes = classesFromLabels(stats, labelsFile)
  const empty = classes - present.length
  if (empty <= present.length) return
  const stray = present.at(-1)!
  throw new IdxError(
    labelsFile,
    `${labelsFile}: label ${stray} (first at index ${stats.firstIndex[stray]}) leaves most classes empty: the labels ` +
      `present are ${labelRanges(present)}, which would make ${classes} classes, ${empty} of them with no examples; ` +
      'number the classes 0, 1, 2, … without large gaps',
  )
}

function labelsPresent(stats: LabelStats): number[] {
  return stats.counts.flatMap((count, label) => (count > 0 ? [label] : []))
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

function pixelsToUnit(pixels: Uint8Array): Float32Array {
  const unit = new Float32Array(pixels.length)
  for (let i = 0; i < pixels.length; i++) unit[i] = pixels[i] / 255
  return unit
}
/** [0, 1, 2, 3, 9, 200] → "0–3, 9 and 200" */
function labelRanges(labels: number[]): string {
  const runs: string[] = []
  for (let i = 0; i < labels.length;) {
    let j = i
    while (j + 1 < labels.length && labels[j + 1] === labels[j] + 1) j++
    runs.push(j > i ? `${labels[i]}–${labels[j]}` : String(labels[i]))
    i = j + 1
  }
  return runs.length > 1 ? `${runs.slice(0, -1).join(', ')} and ${runs.at(-1)}` : runs[0]
}
