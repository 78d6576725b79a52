import type { Param } from '../layers/layer';
import { Optimizer } from './optimizer';

export interface SgdOptions {
  lr: number;
  momentum?: number;
  nesterov?: boolean;
  weightDecay?: number;
}

/**
 * Stochastic gradient descent as PyTorch defines it:
 * g ← ∇ + λw;  v ← μv + g;  step = nesterov ? g + μv : v;  w ← w − lr·step. With μ = 0 it is plain w ← w − lr·g.
 */
export class Sgd extends Optimizer {
  private readonly momentum: number;
  private readonly nesterov: boolean;
  private readonly weightDecay: number;
  private readonly velocity: Float32Array[];

  constructor(params: Param[], options: SgdOptions) {
    super(params, options.lr);
    this.momentum = options.momentum ?? 0;
    this.nesterov = options.nesterov ?? false;
    this.weightDecay = options.weightDecay ?? 0;
    this.velocity = this.momentum > 0 ? params.map((p) => new Float32Array(p.value.length)) : [];
  }

  step(): void {
    const { lr, momentum: mu, nesterov } = this;
    for (let k = 0; k < this.params.length; k++) {
      const p = this.params[k];
      const w = p.value;
      const grad = p.grad;
      const decay = p.decay ? this.weightDecay : 0;
      if (mu === 0) {
        for (let i = 0; i < w.length; i++) w[i] -= lr * (grad[i] + decay * w[i]);
        continue;
      }
      const v = this.velocity[k];
      for (let i = 0; i < w.length; i++) {
        const g = grad[i] + decay * w[i];
        const vi = mu * v[i] + g;
        v[i] = vi;
        w[i] -= lr * (nesterov ? g + mu * vi : vi);
      }
    }
  }
}
