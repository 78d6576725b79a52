/**
 * Which implementation of the hot kernels the layers call: the WebAssembly SIMD set when it loads, the plain
 * TypeScript set (the reference) otherwise. `setKernels` or the env variable NNWB_KERNELS=js|wasm overrides.
 */
import * as js from './kernels';
import { wasmAvailable, wasmKernels, wasmLoadError } from './wasmKernels';

export type KernelName = 'js' | 'wasm';

export interface KernelSet {
  name: KernelName;
  gemmStrided: typeof js.gemmStrided;
  matmul: typeof js.matmul;
  matmulTransB: typeof js.matmulTransB;
  matmulTransA: typeof js.matmulTransA;
  sumColumns: typeof js.sumColumns;
  /** Whether gathering a batch's non-zero input columns before the products pays (Dense's skipZeroInputs). */
  compactZeroColumns: boolean;
}

export const jsKernels: KernelSet = {
  name: 'js',
  gemmStrided: js.gemmStrided,
  matmul: js.matmul,
  matmulTransB: js.matmulTransB,
  matmulTransA: js.matmulTransA,
  sumColumns: js.sumColumns,
  compactZeroColumns: true,
};

/** NNWB_KERNELS where there is a process environment (Node, trainer); undefined in the browser. */
function envChoice(): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.NNWB_KERNELS || undefined;
}

function defaultKernels(): KernelSet {
  const choice = envChoice();
  if (choice === 'js') return jsKernels;
  if (choice !== undefined && choice !== 'wasm') throw new Error(`NNWB_KERNELS must be "js" or "wasm", got "${choice}"`);
  if (wasmAvailable()) return wasmKernels;
  if (choice === 'wasm') throw new Error(`NNWB_KERNELS=wasm but the wasm kernels did not load: ${wasmLoadError()}`);
  return jsKernels;
}

let active: KernelSet | null = null;

export function kernels(): KernelSet {
  return (active ??= defaultKernels());
}

/** Selects a kernel set for every later call; 'wasm' throws where WebAssembly SIMD is unavailable. */
export function setKernels(name: KernelName): void {
  if (name === 'wasm' && !wasmAvailable()) throw new Error(`wasm kernels unavailable: ${wasmLoadError()}`);
  active = name === 'wasm' ? wasmKernels : jsKernels;
}

/** The name of the set in use (resolving the default on first call). */
export function kernelsName(): KernelName {
  return kernels().name;
}

// The layers call these, so switching sets needs no change in the layers.
export const matmul: typeof js.matmul = (...args) => kernels().matmul(...args);
export const matmulTransB: typeof js.matmulTransB = (...args) => kernels().matmulTransB(...args);
export const matmulTransA: typeof js.matmulTransA = (...args) => kernels().matmulTransA(...args);
export const sumColumns: typeof js.sumColumns = (...args) => kernels().sumColumns(...args);
