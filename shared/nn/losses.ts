import { sigmoid, type ActivationName } from './activations'

export const LOSSES = ['quadratic', 'softmax-cross-entropy', 'binary-cross-entropy'] as const
export type LossName = (typeof LOSSES)[number]

/**
 * A loss reads targets and the network's output for a batch (rows × cols), writes dL/d(input) into `grad`
 * and returns the loss averaged over the batch. Fused losses read the output layer's pre-activation z
 * and their gradient is with respect to z.
 */
export interface Loss {
  name: LossName
  /** The output activation this loss is fused with, or null if it takes the activated output. */
  fusedActivation: ActivationName | null
  compute(yTrue: Float32Array, input: Float32Array, grad: Float32Array, rows: number, cols: number): number
}

/** ½‖a − y‖² per sample, averaged over the batch; the from-scratch tutorial's cost. */
const quadratic: Loss = {
  name: 'quadratic',
  fusedActivation: null,
  compute(yTrue, a, grad, rows, cols) {
    const size = rows * cols
    const inv = 1 / rows
    let sum = 0
    for (let i = 0; i < size; i++) {
      const d = a[i] - yTrue[i]
      sum += d * d
      grad[i] = d * inv
    }
    return (0.5 * sum) / rows
  },
}

/** −Σ y log softmax(z), from logits; with Σy = 1 that is logsumexp(z) − y·z, and dL/dz = softmax(z) − y. */
const softmaxCrossEntropy: Loss = {
  name: 'softmax-cross-entropy',
  fusedActivation: 'softmax',
  compute(yTrue, z, grad, rows, cols) {
    const inv = 1 / rows
    let sum = 0
    for (let r = 0; r < rows; r++) {
      const base = r * cols
      let max = -Infinity
      for (let j = 0; j < cols; j++) if (z[base + j] > max) max = z[base + j]
      let expSum = 0
      for (let j = 0; j < cols; j++) expSum += Math.exp(z[base + j] - max)
      const logSumExp = max + Math.log(expSum)
      for (let j = 0; j < cols; j++) {
        const y = yTrue[base + j]
        sum += y * (logSumExp - z[base + j])
        grad[base + j] = (Math.exp(z[base + j] - logSumExp) - y) * inv
      }
    }
    return sum / rows
  },
}

/** −[y log σ(z) + (1−y) log(1−σ(z))] = max(z, 0) − z·y + log(1 + e^−|z|), never exp of a large number; dL/dz = σ(z) − y. */
const binaryCrossEntropy: Loss = {
  name: 'binary-cross-entropy',
  fusedActivation: 'sigmoid',
  compute(yTrue, z, grad, rows, cols) {
    const size = rows * cols
    const inv = 1 / rows
    let sum = 0
    for (let i = 0; i < size; i++) {
      const zi = z[i]
      const y = yTrue[i]
      sum += Math.max(zi, 0) - zi * y + Math.log1p(Math.exp(-Math.abs(zi)))
      grad[i] = (sigmoid(zi) - y) * inv
    }
    return sum / rows
  },
}

const BY_NAME: Record<LossName, Loss> = {
  quadratic,
  'softmax-cross-entropy': softmaxCrossEntropy,
  'binary-cross-entropy': binaryCrossEntropy,
}

export function lossByName(name: LossName): Loss {
  return BY_NAME[name]
}

/** The loss of a batch and its gradient into `grad` (the 'js' kernel set's; see Loss.compute). */
export function lossForward(
  name: LossName,
  yTrue: Float32Array,
  input: Float32Array,
  grad: Float32Array,
  rows: number,
  cols: number,
): number {
  return BY_NAME[name].compute(yTrue, input, grad, rows, cols)
}
