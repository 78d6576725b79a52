import { describe, expect, it } from 'vitest'
import { gemmStrided, matmul, matmulTransA, matmulTransB, sumColumns } from './kernels'
import { gatherColumns, nonZeroColumns, scatterColumns } from './sparseColumns'
import { Rng } from './rng'
import { randomArray } from './testing/gradcheck'

/** The reference: C = op(A)·op(B) with op(A)(i, p) = a[i·aRow + p·aCol], summed in float64, plus Σ|terms| per entry. */
function naiveGemm(
  m: number,
  n: number,
  k: number,
  a: Float32Array,
  aRow: number,
  aCol: number,
  b: Float32Array,
  bRow: number,
  bCol: number,
): { c: Float64Array; absSum: Float64Array } {
  const c = new Float64Array(m * n)
  const absSum = new Float64Array(m * n)
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0
      let abs = 0
      for (let p = 0; p < k; p++) {
        const t = a[i * aRow + p * aCol] * b[p * bRow + j * bCol]
        s += t
        abs += Math.abs(t)
      }
      c[i * n + j] = s
      absSum[i * n + j] = abs
    }
  }
  return { c, absSum }
}

const GUARD = 5
const SENTINEL = 12345.5

/**
 * Checks c[0 .. m·n) against expected (+ base when accumulating) to 1e-5 of the entry's Σ|terms| (float32 rounding
 * of a length-k dot product stays far below that; one missing or doubled term does not), and that the guard
 * entries after C were not written. Returns the number of bad entries and the first one, for a readable failure.
 */
function mismatches(
  c: Float32Array,
  expected: { c: Float64Array; absSum: Float64Array },
  base: Float32Array | null,
  m: number,
  n: number,
): { bad: number; first: string } {
  let bad = 0
  let first = ''
  for (let idx = 0; idx < m * n; idx++) {
    const want = expected.c[idx] + (base ? base[idx] : 0)
    const tolerance = 1e-5 * (expected.absSum[idx] + (base ? Math.abs(base[idx]) : 0)) + 1e-30
    if (!(Math.abs(c[idx] - want) <= tolerance)) {
      if (bad === 0) first = `C[${Math.floor(idx / n)}, ${idx % n}] = ${c[idx]}, expected ${want}`
      bad++
    }
  }
  for (let g = m * n; g < m * n + GUARD; g++) {
    if (c[g] !== SENTINEL) {
      if (bad === 0) first = `wrote past the end of C at ${g}`
      bad++
    }
  }
  return { bad, first }
}

/** A C buffer full of NaN (so an overwrite that secretly adds shows up) followed by guard entries. */
function outputBuffer(m: number, n: number, fill: 'nan' | Float32Array): Float32Array {
  const c = new Float32Array(m * n + GUARD).fill(SENTINEL)
  if (fill === 'nan') c.fill(NaN, 0, m * n)
  else c.set(fill)
  return c
}

// m < 16 or n < 4 take the direct path, the rest the packed one; sizes straddle the 4-wide tiles.
const SIZES = [1, 3, 7, 16, 17, 129, 785]
const MAX_WORK = 2_500_000
const SHAPES: [number, number, number][] = []
for (const m of SIZES) for (const n of SIZES) for (const k of SIZES) if (m * n * k <= MAX_WORK) SHAPES.push([m, n, k])
// The big cases worth their time: every dimension past a tile boundary at once.
SHAPES.push([129, 17, 785], [17, 129, 785], [785, 16, 129], [16, 785, 129], [785, 3, 785])
// K is blocked in 256s: lengths past one, four and many blocks.
for (const k of [257, 1025, 2100, 4200]) {
  for (const [m, n] of [
    [1, 1],
    [3, 5],
    [4, 4],
    [16, 4],
    [17, 3],
    [17, 17],
    [20, 33],
  ])
    SHAPES.push([m, n, k])
}

type Form = 'matmul' | 'matmulTransA' | 'matmulTransB'

/** Runs one form into c and returns the reference; the operands are stored as the form's doc comment says. */
function runForm(form: Form, m: number, n: number, k: number, rng: Rng, c: Float32Array, accumulate: boolean) {
  if (form === 'matmul') {
    const a = randomArray(rng, m * k) // m×k
    const b = randomArray(rng, k * n) // k×n
    matmul(a, b, c, m, k, n, accumulate)
    return naiveGemm(m, n, k, a, k, 1, b, n, 1)
  }
  if (form === 'matmulTransB') {
    const a = randomArray(rng, m * k) // m×k
    const b = randomArray(rng, n * k) // n×k
    matmulTransB(a, b, c, m, k, n, accumulate)
    return naiveGemm(m, n, k, a, k, 1, b, 1, k)
  }
  const a = randomArray(rng, k * m) // k×m
  const b = randomArray(rng, k * n) // k×n
  matmulTransA(a, b, c, m, k, n, accumulate)
  return naiveGemm(m, n, k, a, 1, m, b, n, 1)
}

describe('matrix products against a float64 triple loop', () => {
  for (const form of ['matmul', 'matmulTransA', 'matmulTransB'] as const) {
    for (const accumulate of [false, true]) {
      it(`${form}, accumulate ${accumulate}, ${SHAPES.length} shapes from 1×1×1 to 785×3×785 and k up to 4200`, () => {
        const rng = new Rng(form.length * 2 + Number(accumulate))
        const failures: string[] = []
        for (const [m, n, k] of SHAPES) {
          const base = accumulate ? randomArray(rng, m * n, 10) : null
          const c = outputBuffer(m, n, base ?? 'nan')
          const expected = runForm(form, m, n, k, rng, c, accumulate)
          const { bad, first } = mismatches(c, expected, base, m, n)
          if (bad > 0) failures.push(`m=${m} n=${n} k=${k}: ${bad} bad entries, first ${first}`)
        }
        expect(failures).toEqual([])
      })
    }
  }
})

describe('gemmStrided', () => {
  it('reads operands through arbitrary strides (padded rows, column-major views)', () => {
    const rng = new Rng(5)
    const failures: string[] = []
    // [aRow, aCol, bRow, bCol] for A (m×k) and B (k×n), each row- or column-major with its lines padded
    const layouts = (m: number, n: number, k: number): [string, number, number, number, number][] => [
      ['A rows padded, B column-major padded', k + 3, 1, 1, k + 2],
      ['A column-major padded, B rows padded', 1, m + 2, n + 5, 1],
    ]
    for (const [m, n, k] of [
      [1, 9, 7],
      [3, 5, 7],
      [2, 40, 513],
      [17, 7, 300],
      [20, 33, 9],
      [16, 4, 257],
      [18, 9, 2100],
    ] as const) {
      for (const [layout, aRow, aCol, bRow, bCol] of layouts(m, n, k)) {
        for (const accumulate of [false, true]) {
          const a = randomArray(rng, Math.max((m - 1) * aRow + (k - 1) * aCol, 0) + 1)
          const b = randomArray(rng, Math.max((k - 1) * bRow + (n - 1) * bCol, 0) + 1)
          const base = accumulate ? randomArray(rng, m * n) : null
          const c = outputBuffer(m, n, base ?? 'nan')
          gemmStrided(m, n, k, a, aRow, aCol, b, bRow, bCol, c, accumulate)
          const { bad, first } = mismatches(c, naiveGemm(m, n, k, a, aRow, aCol, b, bRow, bCol), base, m, n)
          if (bad > 0)
            failures.push(`${layout}, m=${m} n=${n} k=${k} accumulate=${accumulate}: ${bad} bad, first ${first}`)
        }
      }
    }
    expect(failures).toEqual([])
  })

  it('with k = 0 writes zeros, or leaves C alone when accumulating', () => {
    const c = new Float32Array([1, 2, 3, 4, SENTINEL])
    gemmStrided(2, 2, 0, new Float32Array(0), 0, 1, new Float32Array(0), 2, 1, c, true)
    expect(Array.from(c)).toEqual([1, 2, 3, 4, SENTINEL])
    gemmStrided(2, 2, 0, new Float32Array(0), 0, 1, new Float32Array(0), 2, 1, c, false)
    expect(Array.from(c)).toEqual([0, 0, 0, 0, SENTINEL])
  })

  it('gives the same answer when called again after a larger product (packing buffers are reused)', () => {
    const rng = new Rng(9)
    const a = randomArray(rng, 20 * 30)
    const b = randomArray(rng, 30 * 24)
    const first = new Float32Array(20 * 24)
    matmul(a, b, first, 20, 30, 24)
    matmul(randomArray(rng, 64 * 300), randomArray(rng, 300 * 64), new Float32Array(64 * 64), 64, 300, 64)
    const second = new Float32Array(20 * 24)
    matmul(a, b, second, 20, 30, 24)
    expect(second).toEqual(first)
  })

  it('computes a small product exactly: [[1,2],[3,4]]·[[5,6],[7,8]] = [[19,22],[43,50]]', () => {
    const c = new Float32Array(4)
    matmul(new Float32Array([1, 2, 3, 4]), new Float32Array([5, 6, 7, 8]), c, 2, 2, 2)
    expect(Array.from(c)).toEqual([19, 22, 43, 50])
  })
})

describe('sumColumns', () => {
  it('sums each column over the rows and overwrites what was in out', () => {
    const x = new Float32Array([1, 2, 3, 10, 20, 30, 100, 200, 300])
    const out = new Float32Array([7, 7, 7, 99])
    sumColumns(x, 3, 3, out)
    expect(Array.from(out)).toEqual([111, 222, 333, 99])
  })

  it('matches a float64 sum on a random 129×17 batch and reads only rows × cols', () => {
    const rng = new Rng(3)
    const rows = 129
    const cols = 17
    const x = randomArray(rng, rows * cols + 50, 5) // trailing junk past the batch must be ignored
    const out = new Float32Array(cols)
    sumColumns(x, rows, cols, out)
    for (let j = 0; j < cols; j++) {
      let s = 0
      for (let i = 0; i < rows; i++) s += x[i * cols + j]
      expect(out[j]).toBeCloseTo(s, 3)
    }
  })

  it('with zero rows gives zeros', () => {
    const out = new Float32Array([1, 2])
    sumColumns(new Float32Array(0), 0, 2, out)
    expect(Array.from(out)).toEqual([0, 0])
  })
})

describe('sparse-input helpers', () => {
  // 3 × 5: columns 1 and 4 are zero everywhere; −0.5 counts as non-zero.
  const x = new Float32Array([0, 0, 2, 0, 0, 1, 0, 0, -0.5, 0, 0, 0, 3, 0, 0])

  it('nonZeroColumns lists the columns with any non-zero value, in order', () => {
    const seen = new Uint8Array(5).fill(1) // stale flags from an earlier batch must not leak in
    const out = new Int32Array(5)
    expect(nonZeroColumns(x, 3, 5, 5, seen, out)).toBe(3)
    expect(Array.from(out.subarray(0, 3))).toEqual([0, 2, 3])
  })

  it('nonZeroColumns gives -1 once more than `limit` columns are non-zero', () => {
    expect(nonZeroColumns(x, 3, 5, 2, new Uint8Array(5), new Int32Array(5))).toBe(-1)
    expect(nonZeroColumns(x, 3, 5, 3, new Uint8Array(5), new Int32Array(5))).toBe(3)
  })

  it('gatherColumns then scatterColumns restores the matrix with the zero columns zeroed', () => {
    const index = new Int32Array([0, 2, 3])
    const compact = new Float32Array(9)
    gatherColumns(x, 3, 5, index, 3, compact)
    expect(Array.from(compact)).toEqual([0, 2, 0, 1, 0, -0.5, 0, 3, 0])
    const back = new Float32Array(15).fill(7)
    scatterColumns(compact, 3, 3, index, 5, back)
    expect(Array.from(back)).toEqual(Array.from(x))
  })
})
