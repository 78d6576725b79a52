/**
 * The elementwise kernels of the wasm set (shared/nn/wasm/elementwise.as.ts): activations forward and backward, the
 * three losses with their gradient, column sums. Same signatures and semantics as the JS references (activations.ts,
 * losses.ts, kernels.ts), to float32 rounding. An output may be one of the inputs (a = z, dz = da, grad = z): it is
 * then staged once and the kernel works in place.
 */
import type { ActivationName } from './activations'
import type { KernelSet } from './kernelSet'
import type { LossName } from './losses'
import { finishCall, requireRuntime, stageIn, stageOut } from './wasmHeap'

/** What elementwise.as.ts exports; pointers are byte offsets into the memory, sizes in floats. */
interface ElementwiseExports {
  activationForward(kind: number, z: number, a: number, rows: number, cols: number): void
  activationBackward(kind: number, a: number, da: number, dz: number, rows: number, cols: number): void
  lossForward(kind: number, yTrue: number, input: number, grad: number, rows: number, cols: number): number
  sumColumns(x: number, rows: number, cols: number, out: number): void
}

// The codes elementwise.as.ts switches on.
const ACTIVATION_CODE: Record<ActivationName, number> = {
  linear: 0,
  sigmoid: 1,
  tanh: 2,
  relu: 3,
  'leaky-relu': 4,
  softmax: 5,
}
const LOSS_CODE: Record<LossName, number> = { quadratic: 0, 'softmax-cross-entropy': 1, 'binary-cross-entropy': 2 }

// Staging slots, one per operand of a call (wasmKernels.ts uses the same slots; every call finishes before the next).
const SLOT_OUT = 0
const SLOT_IN = 1
const SLOT_IN2 = 2

const elementwise = (): ElementwiseExports => requireRuntime().exports as unknown as ElementwiseExports

/** a ← f(z) over a batch (a may be z itself). */
function activate(z: Float32Array, a: Float32Array, rows: number, cols: number, activation: ActivationName): void {
  const size = rows * cols
  if (size === 0 || (a === z && activation === 'linear')) return
  const wasm = elementwise()
  const pa = stageOut(SLOT_OUT, a, size, a === z)
  const pz = a === z ? pa : stageIn(SLOT_IN, z, size)
  wasm.activationForward(ACTIVATION_CODE[activation], pz, pa, rows, cols)
  finishCall()
}

/** dz = da ⊙ f′, with f′ written in terms of the output a = f(z). */
function activationBackward(
  activation: ActivationName,
  a: Float32Array,
  da: Float32Array,
  dz: Float32Array,
  rows: number,
  cols: number,
): void {
  const size = rows * cols
  if (size === 0 || (dz === da && activation === 'linear')) return
  const wasm = elementwise()
  const pdz = stageOut(SLOT_OUT, dz, size, dz === da || dz === a)
  const pda = da === dz ? pdz : stageIn(SLOT_IN, da, size)
  const pa = a === dz ? pdz : stageIn(SLOT_IN2, a, size)
  wasm.activationBackward(ACTIVATION_CODE[activation], pa, pda, pdz, rows, cols)
  finishCall()
}

/** The loss of a batch averaged over its rows, and its gradient into `grad` (see Loss.compute in losses.ts). */
function lossForward(
  name: LossName,
  yTrue: Float32Array,
  input: Float32Array,
  grad: Float32Array,
  rows: number,
  cols: number,
): number {
  const size = rows * cols
  if (size === 0) return 0 / rows // as the references: 0, or NaN for an empty batch
  const wasm = elementwise()
  const pGrad = stageOut(SLOT_OUT, grad, size, grad === input || grad === yTrue)
  const pInput = input === grad ? pGrad : stageIn(SLOT_IN, input, size)
  const pY = yTrue === grad ? pGrad : stageIn(SLOT_IN2, yTrue, size)
  const loss = wasm.lossForward(LOSS_CODE[name], pY, pInput, pGrad, rows, cols)
  finishCall()
  return loss
}

/** out[j] = Σ_i x[i·cols + j]. */
function sumColumns(x: Float32Array, rows: number, cols: number, out: Float32Array): void {
  if (cols === 0) return
  const wasm = elementwise()
  const pOut = stageOut(SLOT_OUT, out, cols, false)
  const px = stageIn(SLOT_IN, x, rows * cols)
  wasm.sumColumns(px, rows, cols, pOut)
  finishCall()
}

export const wasmElementwise: Pick<KernelSet, 'activate' | 'activationBackward' | 'lossForward' | 'sumColumns'> = {
  activate,
  activationBackward,
  lossForward,
  sumColumns,
}
