import type { Param } from '../layers/layer';

/** Base of every optimizer: holds the parameters and the current learning rate (a schedule may change it). */
export abstract class Optimizer {
  constructor(
    protected readonly params: Param[],
    public lr: number,
  ) {}

  abstract step(): void;

  /** Layers overwrite their gradients on every backward pass, so training never needs this; kept for callers that accumulate. */
  zeroGrad(): void {
    for (const p of this.params) p.grad.fill(0);
  }
}
