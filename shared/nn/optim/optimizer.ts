import type { FusedSgd, Param } from '../layers/layer'

/** Base of every optimizer: holds the parameters and the current learning rate (a schedule may change it). */
export abstract class Optimizer {
  constructor(
    protected readonly params: Param[],
    public lr: number,
  ) {}

  abstract step(): void

  /** Gives the optimizer's state back to the kernels' allocator; it is not used again. */
  dispose(): void {}

  /**
   * When the update is plain SGD (no state of its own), the step layers can take during backward instead of
   * `step()`, so the wasm kernels write the weight gradient straight into the weights; null otherwise.
   */
  fusedSgd(): FusedSgd | null {
    return null
  }

  /** Layers overwrite their gradients on every backward pass, so training never needs this; kept for callers that accumulate. */
  zeroGrad(): void {
    for (const p of this.params) p.grad.fill(0)
  }
}
