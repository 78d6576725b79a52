/** Activations apply in place to a batch (rows × cols) and differentiate from their own output. */
export const ACTIVATIONS = ['linear', 'sigmoid', 'tanh', 'relu', 'leaky-relu', 'softmax'] as const
export type ActivationName = (typeof ACTIVATIONS)[number]

const LEAKY_SLOPE = 0.01

/** z ← z + bias, row by row. */
export function addBias(z: Float32Array, rows: number, cols: number, bias: Float32Array): void {
  const size = rows * cols
  for (let r = 0; r < size; r += cols) {
    for (let j = 0; j < cols; j++) z[r + j] += bias[j]
  }
}

/** a ← f(z) over a batch (a may be z itself for 'linear'). */
export function activate(
  z: Float32Array,
  a: Float32Array,
  rows: number,
  cols: number,
  activation: ActivationName,
): void {
  const size = rows * cols
  switch (activation) {
    case 'linear':
      if (a !== z) a.set(z.subarray(0, size))
      return
    case 'sigmoid':
      for (let i = 0; i < size; i++) a[i] = sigmoid(z[i])
      return
    case 'tanh':
      for (let i = 0; i < size; i++) a[i] = Math.tanh(z[i])
      return
    case 'relu':
      for (let i = 0; i < size; i++) a[i] = z[i] > 0 ? z[i] : 0
      return
    case 'leaky-relu':
      for (let i = 0; i < size; i++) a[i] = z[i] > 0 ? z[i] : LEAKY_SLOPE * z[i]
      return
    case 'softmax':
      softmaxRows(z, a, rows, cols)
      return
  }
}

export function sigmoid(x: number): number {
  // split by sign so exp never overflows
  if (x >= 0) return 1 / (1 + Math.exp(-x))
  const e = Math.exp(x)
  return e / (1 + e)
}

function softmaxRows(z: Float32Array, a: Float32Array, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const base = r * cols
    let max = -Infinity
    for (let j = 0; j < cols; j++) if (z[base + j] > max) max = z[base + j]
    let sum = 0
    for (let j = 0; j < cols; j++) {
      const e = Math.exp(z[base + j] - max)
      a[base + j] = e
      sum += e
    }
    const inv = 1 / sum
    for (let j = 0; j < cols; j++) a[base + j] *= inv
  }
}

/** dz = da ⊙ f′, with f′ written in terms of the output a = f(z). */
export function activationBackward(
  activation: ActivationName,
  a: Float32Array,
  da: Float32Array,
  dz: Float32Array,
  rows: number,
  cols: number,
): void {
  const size = rows * cols
  switch (activation) {
    case 'linear':
      if (dz !== da) dz.set(da.subarray(0, size))
      return
    case 'sigmoid':
      for (let i = 0; i < size; i++) dz[i] = da[i] * a[i] * (1 - a[i])
      return
    case 'tanh':
      for (let i = 0; i < size; i++) dz[i] = da[i] * (1 - a[i] * a[i])
      return
    case 'relu':
      for (let i = 0; i < size; i++) dz[i] = a[i] > 0 ? da[i] : 0
      return
    case 'leaky-relu':
      for (let i = 0; i < size; i++) dz[i] = a[i] > 0 ? da[i] : LEAKY_SLOPE * da[i]
      return
    case 'softmax':
      // Jacobian-vector product: dz_i = a_i (da_i − Σ_j a_j da_j)
      for (let r = 0; r < rows; r++) {
        const base = r * cols
        let dot = 0
        for (let j = 0; j < cols; j++) dot += a[base + j] * da[base + j]
        for (let j = 0; j < cols; j++) dz[base + j] = a[base + j] * (da[base + j] - dot)
      }
      return
  }
}
