/**
 * Which implementation of the hot kernels the layers, losses and optimizers call: the WebAssembly SIMD set when it
 * loads, the plain TypeScript set (the reference) otherwise. `setKernels` or the env variable NNWB_KERNELS=js|wasm
 * overrides. Arrays a network keeps come from the set's `alloc`, so the wasm set can keep them in its memory.
 */
import { activate, activationBackward, addBias, type ActivationName } from './activations'
import * as js from './kernels'
import { lossForward, type LossName } from './losses'
import { adamUpdate, sgdUpdate } from './optim/updates'
import { wasmAvailable, wasmLoadError, wasmRuntime } from './wasmModule'
import { wasmKernels } from './wasmKernels'

export type KernelName = 'js' | 'wasm'

export interface KernelSet {
  name: KernelName
  /** A zeroed array for something a network keeps (weights, gradients, optimizer state, activations, batches). */
  alloc(length: number): Float32Array
  /** Gives back an array from `alloc` (or `resident`'s copy) that will not be used again; others are left alone. */
  free(array: Float32Array): void
  /** `array` itself if the set's kernels can use it without copying, else a copy of it they can. */
  resident(array: Float32Array): Float32Array
  gemmStrided: typeof js.gemmStrided
  matmul: typeof js.matmul
  matmulTransB: typeof js.matmulTransB
  matmulTransA: typeof js.matmulTransA
  /** z(rows×units) = x(rows×inputs) · Wᵀ + b, with W stored units × inputs. */
  denseForward(
    x: Float32Array,
    w: Float32Array,
    b: Float32Array,
    z: Float32Array,
    rows: number,
    inputs: number,
    units: number,
  ): void
  sumColumns: typeof js.sumColumns
  activate: typeof activate
  activationBackward: typeof activationBackward
  lossForward: typeof lossForward
  sgdStep: typeof sgdUpdate
  /**
   * Plain SGD's step for a dense layer's weights fused with their gradient: W ← (1 − lr·decay)·W − lr·dzᵀ·x, with
   * dz rows × units, x rows × inputs and W units × inputs. `dw` is room for the gradient where a set needs it.
   */
  sgdDenseWeights(
    dz: Float32Array,
    x: Float32Array,
    w: Float32Array,
    dw: Float32Array,
    rows: number,
    inputs: number,
    units: number,
    lr: number,
    decay: number,
  ): void
  adamStep: typeof adamUpdate
  /** Whether gathering a batch's non-zero input columns before the products pays (Dense's skipZeroInputs). */
  compactZeroColumns: boolean
}

export const jsKernels: KernelSet = {
  name: 'js',
  alloc: (length) => new Float32Array(length),
  free: () => undefined,
  resident: (array) => array,
  gemmStrided: js.gemmStrided,
  matmul: js.matmul,
  matmulTransB: js.matmulTransB,
  matmulTransA: js.matmulTransA,
  denseForward(x, w, b, z, rows, inputs, units) {
    js.matmulTransB(x, w, z, rows, inputs, units)
    addBias(z, rows, units, b)
  },
  sumColumns: js.sumColumns,
  activate,
  activationBackward,
  lossForward,
  sgdStep: sgdUpdate,
  sgdDenseWeights(dz, x, w, dw, rows, inputs, units, lr, decay) {
    js.matmulTransA(dz, x, dw, units, rows, inputs)
    sgdUpdate(w, dw, null, units * inputs, lr, 0, false, decay)
  },
  adamStep: adamUpdate,
  compactZeroColumns: true,
}

/** NNWB_KERNELS where there is a process environment (Node, trainer); undefined in the browser. */
function envChoice(): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
  return env?.NNWB_KERNELS || undefined
}

function defaultKernels(): KernelSet {
  const choice = envChoice()
  if (choice === 'js') return jsKernels
  if (choice !== undefined && choice !== 'wasm') throw new Error(`NNWB_KERNELS must be "js" or "wasm", got "${choice}"`)
  if (wasmAvailable()) return wasmKernels
  if (choice === 'wasm') throw new Error(`NNWB_KERNELS=wasm but the wasm kernels did not load: ${wasmLoadError()}`)
  return jsKernels
}

let active: KernelSet | null = null

export function kernels(): KernelSet {
  return (active ??= defaultKernels())
}

/** Selects a kernel set for every later call; 'wasm' throws where WebAssembly SIMD is unavailable. */
export function setKernels(name: KernelName): void {
  if (name === 'wasm' && !wasmAvailable()) throw new Error(`wasm kernels unavailable: ${wasmLoadError()}`)
  active = name === 'wasm' ? wasmKernels : jsKernels
}

/** The name of the set in use (resolving the default on first call). */
export function kernelsName(): KernelName {
  return kernels().name
}

/** One line for people: which kernels this process or page runs its networks on, and why not the fast ones. */
export function describeKernels(): string {
  const rt = wasmRuntime()
  if (kernels().name === 'js') {
    return rt
      ? 'TypeScript kernels (chosen with NNWB_KERNELS=js)'
      : `TypeScript kernels (no WebAssembly SIMD here: ${wasmLoadError()})`
  }
  const build = rt?.variant === 'relaxed-simd' ? 'relaxed SIMD, fused multiply-add' : 'SIMD128'
  return `WebAssembly SIMD kernels (${build}${rt?.shared ? '' : '; operands copied in and out, no shared memory here'})`
}

export type { ActivationName, LossName }
