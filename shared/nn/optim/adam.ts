import type { Param } from '../layers/layer';
import { Optimizer } from './optimizer';

export interface AdamOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  weightDecay?: number;
}

/**
 * Adam (Kingma & Ba): m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;
 * w ← w − lr · (m / (1−β1ᵗ)) / (√(v / (1−β2ᵗ)) + ε). Weight decay, if any, is added to g as L2.
 */
export class Adam extends Optimizer {
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly weightDecay: number;
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  private t = 0;

  constructor(params: Param[], options: AdamOptions) {
    super(params, options.lr);
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0;
    this.m = params.map((p) => new Float32Array(p.value.length));
    this.v = params.map((p) => new Float32Array(p.value.length));
  }

  step(): void {
    this.t += 1;
    const { beta1, beta2, epsilon, lr } = this;
    const correction1 = 1 - beta1 ** this.t;
    const correction2 = 1 - beta2 ** this.t;
    for (let k = 0; k < this.params.length; k++) {
      const p = this.params[k];
      const w = p.value;
      const grad = p.grad;
      const m = this.m[k];
      const v = this.v[k];
      const decay = p.decay ? this.weightDecay : 0;
      for (let i = 0; i < w.length; i++) {
        const g = grad[i] + decay * w[i];
        const mi = beta1 * m[i] + (1 - beta1) * g;
        const vi = beta2 * v[i] + (1 - beta2) * g * g;
        m[i] = mi;
        v[i] = vi;
        w[i] -= (lr * (mi / correction1)) / (Math.sqrt(vi / correction2) + epsilon);
      }
    }
  }
}
