import type { Param } from '../layers/layer'
import { kernels } from '../kernelSet'
import { Optimizer } from './optimizer'

export interface AdamOptions {
  lr: number
  beta1?: number
  beta2?: number
  epsilon?: number
  weightDecay?: number
}

/**
 * Adam (Kingma & Ba): m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;
 * w ← w − lr · (m / (1−β1ᵗ)) / (√(v / (1−β2ᵗ)) + ε). Weight decay, if any, is added to g as L2.
 */
export class Adam extends Optimizer {
  private readonly beta1: number
  private readonly beta2: number
  private readonly epsilon: number
  private readonly weightDecay: number
  private readonly m: Float32Array[]
  private readonly v: Float32Array[]
  private t = 0

  constructor(params: Param[], options: AdamOptions) {
    super(params, options.lr)
    this.beta1 = options.beta1 ?? 0.9
    this.beta2 = options.beta2 ?? 0.999
    this.epsilon = options.epsilon ?? 1e-8
    this.weightDecay = options.weightDecay ?? 0
    this.m = params.map((p) => kernels().alloc(p.value.length))
    this.v = params.map((p) => kernels().alloc(p.value.length))
  }

  override dispose(): void {
    for (const state of [...this.m, ...this.v]) kernels().free(state)
  }

  step(): void {
    this.t += 1
    const correction1 = 1 - this.beta1 ** this.t
    const correction2 = 1 - this.beta2 ** this.t
    const update = kernels().adamStep
    for (let k = 0; k < this.params.length; k++) {
      const p = this.params[k]
      const decay = p.decay ? this.weightDecay : 0
      update(
        p.value,
        p.grad,
        this.m[k],
        this.v[k],
        p.value.length,
        this.lr,
        this.beta1,
        this.beta2,
        this.epsilon,
        decay,
        correction1,
        correction2,
      )
    }
  }
}
