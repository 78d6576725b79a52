import type { Dataset } from '../data/dataset'
import type { Matrix } from '../nn/matrix'
import { kernels } from '../nn/kernelSet'
import { allocMatrix } from '../nn/matrix'
import type { Rng } from '../nn/rng'

/** The class a task sees for an example: the label itself, or 1/0 for "is it the positive class?". */
export type TargetEncoder = (label: number) => number

export function targetClasses(task: 'multiclass' | 'binary', numClasses: number): number {
  return task === 'binary' ? 2 : numClasses
}

/** Writes the targets of `count` examples (indices[from..]) as one-hot rows, or a single 0/1 column for binary tasks. */
export function writeTargets(
  y: Matrix,
  labels: Uint8Array,
  indices: Uint32Array | null,
  from: number,
  count: number,
  encode: TargetEncoder,
): void {
  y.data.fill(0, 0, count * y.cols)
  for (let r = 0; r < count; r++) {
    const cls = encode(labels[indices ? indices[from + r] : from + r])
    if (y.cols === 1) y.data[r] = cls
    else y.data[r * y.cols + cls] = 1
  }
}

/**
 * Serves shuffled mini-batches from a dataset into two reusable buffers (inputs and targets), reshuffling each
 * epoch from the run's own random stream. A full batch is served without copying or shuffling: the sum over
 * every example does not depend on order.
 */
export class BatchSource {
  readonly stepsPerEpoch: number
  private readonly order: Uint32Array
  private readonly x: Matrix
  private readonly y: Matrix
  private readonly lastX: Matrix | null
  private readonly lastY: Matrix | null
  private readonly fullBatch: boolean
  private cursor = 0
  epoch = 0

  constructor(
    private readonly data: Dataset,
    readonly batchSize: number,
    targetCols: number,
    private readonly encode: TargetEncoder,
    private readonly rng: Rng,
  ) {
    this.fullBatch = batchSize === 0 || batchSize >= data.count
    const size = this.fullBatch ? data.count : batchSize
    this.stepsPerEpoch = Math.ceil(data.count / size)
    this.order = new Uint32Array(data.count).map((_, i) => i)
    const remainder = data.count % size
    if (this.fullBatch) {
      // kept in the kernels' memory (one copy, once) so full-batch steps pass a pointer instead of copying it each step
      this.x = { rows: data.count, cols: data.features, data: kernels().resident(data.images) }
      this.y = allocMatrix(data.count, targetCols)
      writeTargets(this.y, data.labels, null, 0, data.count, encode)
    } else {
      this.x = allocMatrix(size, data.features)
      this.y = allocMatrix(size, targetCols)
    }
    this.lastX = !this.fullBatch && remainder > 0 ? allocMatrix(remainder, data.features) : null
    this.lastY = !this.fullBatch && remainder > 0 ? allocMatrix(remainder, targetCols) : null
    if (!this.fullBatch) rng.shuffle(this.order)
    this.targets = this.y
  }

  /** Targets of the batch last returned by next(). */
  targets: Matrix
  private batchStart = 0

  /** The next batch's inputs (targets in `targets`); the buffers are overwritten by the following call. */
  next(): Matrix {
    if (this.fullBatch) {
      this.epoch += 1
      return this.x
    }
    const n = this.data.count
    // reshuffle when the next epoch starts, not when the last one ends: classOf still reads the last batch's order
    if (this.cursor === 0 && this.epoch > 0) this.rng.shuffle(this.order)
    const count = Math.min(this.batchSize, n - this.cursor)
    const x = count === this.batchSize ? this.x : (this.lastX as Matrix)
    const y = count === this.batchSize ? this.y : (this.lastY as Matrix)
    const features = this.data.features
    const images = this.data.images
    for (let r = 0; r < count; r++) {
      const src = this.order[this.cursor + r] * features
      x.data.set(images.subarray(src, src + features), r * features)
    }
    writeTargets(y, this.data.labels, this.order, this.cursor, count, this.encode)
    this.batchStart = this.cursor
    this.targets = y
    this.cursor += count
    if (this.cursor >= n) {
      this.cursor = 0
      this.epoch += 1
    }
    return x
  }

  /** Gives the batch buffers back to the kernels' allocator (not the dataset's own arrays); no next() after this. */
  dispose(): void {
    const free = kernels().free
    for (const m of [this.x, this.y, this.lastX, this.lastY]) if (m && m.data !== this.data.images) free(m.data)
  }

  /** The task's class of row `row` of the batch last returned by next(). */
  classOf(row: number): number {
    const index = this.fullBatch ? row : this.order[this.batchStart + row]
    return this.encode(this.data.labels[index])
  }
}
