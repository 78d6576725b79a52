import { kernels } from './kernelSet'

/** A row-major float32 matrix: element (i, j) is data[i * cols + j]. */
export interface Matrix {
  rows: number
  cols: number
  data: Float32Array
}

export function zeros(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float32Array(rows * cols) }
}

/** A zeroed matrix from the active kernel set's allocator (inside the wasm memory where it can be). */
export function allocMatrix(rows: number, cols: number): Matrix {
  return { rows, cols, data: kernels().alloc(rows * cols) }
}

export function fromRows(rows: number[][]): Matrix {
  const m = zeros(rows.length, rows[0]?.length ?? 0)
  rows.forEach((row, i) => m.data.set(row, i * m.cols))
  return m
}

/**
 * Buffers keyed by row count, so a layer allocates once for the full batch and once for the last,
 * shorter batch — never per step.
 */
export class BufferCache {
  private readonly byRows = new Map<number, Matrix>()
  get(rows: number, cols: number): Matrix {
    let m = this.byRows.get(rows)
    if (!m || m.cols !== cols) {
      m = allocMatrix(rows, cols)
      this.byRows.set(rows, m)
    }
    return m
  }

  /** Gives every buffer back to the kernel set's allocator. */
  dispose(): void {
    for (const m of this.byRows.values()) kernels().free(m.data)
    this.byRows.clear()
  }
}
