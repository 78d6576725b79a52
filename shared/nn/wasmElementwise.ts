/**
 * The elementwise kernels of the wasm set (activations forward and backward, fused losses, column sums).
 * Placeholder: the JS references until shared/nn/wasm/elementwise.as.ts lands.
 */
import { activate, activationBackward } from './activations';
import type { KernelSet } from './kernelSet';
import { sumColumns } from './kernels';
import { lossForward } from './losses';

export const wasmElementwise: Pick<KernelSet, 'activate' | 'activationBackward' | 'lossForward' | 'sumColumns'> = {
  activate,
  activationBackward,
  lossForward,
  sumColumns,
};
