/**
 * The optimizer updates of the wasm set. Placeholder: the JS references until shared/nn/wasm/optim.as.ts lands.
 */
import type { KernelSet } from './kernelSet';
import { adamUpdate, sgdUpdate } from './optim/updates';

export const wasmOptim: Pick<KernelSet, 'sgdStep' | 'adamStep'> = { sgdStep: sgdUpdate, adamStep: adamUpdate };
