/**
 * The optimizer updates over one parameter tensor, as plain loops: the reference the wasm kernels are tested
 * against and the 'js' kernel set's implementation. `decay` is the L2 coefficient λ (0 for biases).
 */

/** g ← ∇ + λw;  v ← μv + g;  w ← w − lr·(nesterov ? g + μv : v). With μ = 0 (no velocity): w ← w − lr·g. */
export function sgdUpdate(
  w: Float32Array,
  grad: Float32Array,
  velocity: Float32Array | null,
  length: number,
  lr: number,
  momentum: number,
  nesterov: boolean,
  decay: number,
): void {
  if (!velocity || momentum === 0) {
    for (let i = 0; i < length; i++) w[i] -= lr * (grad[i] + decay * w[i])
    return
  }
  for (let i = 0; i < length; i++) {
    const g = grad[i] + decay * w[i]
    const vi = momentum * velocity[i] + g
    velocity[i] = vi
    w[i] -= lr * (nesterov ? g + momentum * vi : vi)
  }
}

/** m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  w ← w − lr·(m / c1) / (√(v / c2) + ε), with c = 1 − βᵗ. */
export function adamUpdate(
  w: Float32Array,
  grad: Float32Array,
  m: Float32Array,
  v: Float32Array,
  length: number,
  lr: number,
  beta1: number,
  beta2: number,
  epsilon: number,
  decay: number,
  correction1: number,
  correction2: number,
): void {
  for (let i = 0; i < length; i++) {
    const g = grad[i] + decay * w[i]
    const mi = beta1 * m[i] + (1 - beta1) * g
    const vi = beta2 * v[i] + (1 - beta2) * g * g
    m[i] = mi
    v[i] = vi
    w[i] -= (lr * (mi / correction1)) / (Math.sqrt(vi / correction2) + epsilon)
  }
}
