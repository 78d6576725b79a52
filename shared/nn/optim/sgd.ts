import type { FusedSgd, Param } from '../layers/layer'
import { kernels } from '../kernelSet'
import { Optimizer } from './optimizer'

export interface SgdOptions {
  lr: number
  momentum?: number
  nesterov?: boolean
  weightDecay?: number
}

/**
 * Stochastic gradient descent as PyTorch defines it:
 * g ← ∇ + λw;  v ← μv + g;  step = nesterov ? g + μv : v;  w ← w − lr·step. With μ = 0 it is plain w ← w − lr·g.
 */
export class Sgd extends Optimizer {
  private readonly momentum: number
  private readonly nesterov: boolean
  private readonly weightDecay: number
  private readonly velocity: Float32Array[]

  constructor(params: Param[], options: SgdOptions) {
    super(params, options.lr)
    this.momentum = options.momentum ?? 0
    this.nesterov = options.nesterov ?? false
    this.weightDecay = options.weightDecay ?? 0
    this.velocity = this.momentum > 0 ? params.map((p) => kernels().alloc(p.value.length)) : []
  }

  // one object, refreshed each step (a schedule may have changed lr): nothing allocated per step
  private readonly fused: FusedSgd = { lr: 0, weightDecay: 0 }

  override fusedSgd(): FusedSgd | null {
    if (this.momentum !== 0) return null
    this.fused.lr = this.lr
    this.fused.weightDecay = this.weightDecay
    return this.fused
  }

  override dispose(): void {
    for (const v of this.velocity) kernels().free(v)
  }

  step(): void {
    const update = kernels().sgdStep
    for (let k = 0; k < this.params.length; k++) {
      const p = this.params[k]
      const velocity = this.momentum > 0 ? this.velocity[k] : null
      update(
        p.value,
        p.grad,
        velocity,
        p.value.length,
        this.lr,
        this.momentum,
        this.nesterov,
        p.decay ? this.weightDecay : 0,
      )
    }
  }
}
