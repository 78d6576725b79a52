import { describe, expect, it } from 'vitest'
import { LOSSES, lossByName, type LossName } from './losses'
import { Rng } from './rng'
import { randomArray, worstGradientMismatch } from './testing/gradcheck'

function compute(name: LossName, yTrue: number[], input: number[], rows: number): { loss: number; grad: number[] } {
  const grad = new Float32Array(input.length)
  const loss = lossByName(name).compute(
    new Float32Array(yTrue),
    new Float32Array(input),
    grad,
    rows,
    input.length / rows,
  )
  return { loss, grad: Array.from(grad) }
}

/** Targets a loss expects: one-hot or soft rows summing to 1 for softmax cross-entropy, 0/1 or soft for the others. */
function targets(name: LossName, rng: Rng, rows: number, cols: number): Float32Array {
  const y = new Float32Array(rows * cols)
  for (let r = 0; r < rows; r++) {
    if (name === 'softmax-cross-entropy') {
      if (r % 2 === 0) y[r * cols + rng.below(cols)] = 1
      else {
        const raw = Array.from({ length: cols }, () => rng.uniform())
        const sum = raw.reduce((s, v) => s + v, 0)
        raw.forEach((v, j) => (y[r * cols + j] = v / sum))
      }
    } else {
      for (let j = 0; j < cols; j++) y[r * cols + j] = r % 2 === 0 ? rng.below(2) : rng.uniform()
    }
  }
  return y
}

describe('loss gradients match central differences', () => {
  for (const name of LOSSES) {
    it(`${name}: dL/d(input) for a 4×3 batch, one-hot and soft targets`, () => {
      const rng = new Rng(11)
      const rows = 4
      const cols = 3
      const y = targets(name, rng, rows, cols)
      const input = randomArray(rng, rows * cols, 3)
      const grad = new Float32Array(rows * cols)
      const loss = lossByName(name)
      loss.compute(y, input, grad, rows, cols)
      const analytic = grad.slice()
      const scratch = new Float32Array(rows * cols)
      // The loss itself is summed in float64, so small steps are clean here.
      const worst = worstGradientMismatch(
        input,
        analytic,
        () => loss.compute(y, input, scratch, rows, cols),
        1e-3,
        1e-3,
      )
      expect(worst.error, `grad[${worst.index}]: analytic ${worst.analytic}, numeric ${worst.numeric}`).toBeLessThan(
        1e-4,
      )
    })
  }
})

describe('loss values', () => {
  it('quadratic is ½‖a − y‖² per sample, averaged over the batch', () => {
    // rows: ½(1 + 4) = 2.5 and ½(0 + 1) = 0.5, mean 1.5; dL/da = (a − y)/rows
    expect(compute('quadratic', [0, 0, 1, 1], [1, 2, 1, 0], 2)).toEqual({ loss: 1.5, grad: [0.5, 1, 0, -0.5] })
  })

  it('softmax cross-entropy of equal logits is log(classes)', () => {
    const { loss, grad } = compute('softmax-cross-entropy', [1, 0, 0, 0], [2, 2, 2, 2], 1)
    expect(loss).toBeCloseTo(Math.log(4), 12)
    expect(grad).toEqual([-0.75, 0.25, 0.25, 0.25]) // softmax − y
  })

  it('softmax cross-entropy averages over rows', () => {
    const one = compute('softmax-cross-entropy', [0, 1], [3, -1], 1)
    const two = compute('softmax-cross-entropy', [0, 1, 0, 1], [3, -1, 3, -1], 2)
    expect(two.loss).toBeCloseTo(one.loss, 12)
    expect(two.grad.slice(0, 2)).toEqual(one.grad.map((g) => Math.fround(g / 2)))
    expect(one.loss).toBeCloseTo(Math.log(1 + Math.exp(4)), 12) // −log(e^−1 / (e^3 + e^−1))
  })

  it('binary cross-entropy from logits: log 2 at z = 0, and −log σ(z) / −log(1 − σ(z))', () => {
    expect(compute('binary-cross-entropy', [1], [0], 1).loss).toBeCloseTo(Math.log(2), 12)
    expect(compute('binary-cross-entropy', [1], [2], 1).loss).toBeCloseTo(-Math.log(1 / (1 + Math.exp(-2))), 12)
    expect(compute('binary-cross-entropy', [0], [2], 1).loss).toBeCloseTo(-Math.log(1 - 1 / (1 + Math.exp(-2))), 12)
    const { grad } = compute('binary-cross-entropy', [1, 0], [0, 0], 2)
    expect(grad).toEqual([-0.25, 0.25]) // (σ(0) − y)/rows
  })

  it('the fused losses name the activation they fuse with', () => {
    expect(lossByName('softmax-cross-entropy').fusedActivation).toBe('softmax')
    expect(lossByName('binary-cross-entropy').fusedActivation).toBe('sigmoid')
    expect(lossByName('quadratic').fusedActivation).toBeNull()
  })
})

describe('numerical stability at logits ±1000', () => {
  it('softmax cross-entropy stays finite and exact', () => {
    const right = compute('softmax-cross-entropy', [1, 0, 0], [1000, -1000, 0], 1)
    expect(right.loss).toBe(0)
    expect(right.grad).toEqual([0, 0, 0])
    const wrong = compute('softmax-cross-entropy', [0, 1, 0], [1000, -1000, 0], 1)
    expect(wrong.loss).toBeCloseTo(2000, 9)
    expect(wrong.grad).toEqual([1, -1, 0])
    const huge = compute('softmax-cross-entropy', [0, 0, 1], [1000, 1000, -1000], 1)
    expect(huge.loss).toBeCloseTo(2000 + Math.log(2), 9)
    expect(huge.grad).toEqual([0.5, 0.5, -1])
  })

  it('binary cross-entropy stays finite and exact', () => {
    const { loss, grad } = compute('binary-cross-entropy', [0, 1, 1, 0], [1000, -1000, 1000, -1000], 4)
    expect(loss).toBeCloseTo(2000 / 4, 9) // the two wrong answers cost 1000 each, the right ones 0
    expect(grad).toEqual([0.25, -0.25, 0, 0])
  })
})
