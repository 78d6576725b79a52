/**
 * The optimizer updates of the wasm set (shared/nn/wasm/optim.as.ts), behind the signatures of sgdUpdate and
 * adamUpdate. Parameters and optimizer state from `alloc` live in the module's memory and are updated in place;
 * any other array is staged through the scratch slots and copied back (see wasmHeap.ts).
 */
import type { KernelSet } from './kernelSet'
import { finishCall, requireRuntime, stageIn, stageOut } from './wasmHeap'

/** The exports of optim.as.ts; pointers are byte offsets into the memory, 0 for "no velocity". */
interface OptimExports {
  sgdStep(
    w: number,
    grad: number,
    velocity: number,
    length: number,
    lr: number,
    momentum: number,
    nesterov: number,
    decay: number,
  ): void
  adamStep(
    w: number,
    grad: number,
    m: number,
    v: number,
    length: number,
    beta1: number,
    take1: number,
    beta2: number,
    take2: number,
    epsilon: number,
    decay: number,
    stepSize: number,
    rootScale: number,
  ): void
}

// The same slots as the GEMM wrapper's: every call finishes (finishCall) before the next one stages anything.
const SLOT_W = 0
const SLOT_GRAD = 1
const SLOT_M = 2 // velocity, for SGD
const SLOT_V = 3

const optimExports = (): OptimExports => requireRuntime().exports as unknown as OptimExports

function sgdStep(
  w: Float32Array,
  grad: Float32Array,
  velocity: Float32Array | null,
  length: number,
  lr: number,
  momentum: number,
  nesterov: boolean,
  decay: number,
): void {
  if (length === 0) return
  const wasm = optimExports()
  const withVelocity = velocity !== null && momentum !== 0
  const pw = stageOut(SLOT_W, w, length, true)
  const pGrad = stageIn(SLOT_GRAD, grad, length)
  const pVelocity = withVelocity ? stageOut(SLOT_M, velocity, length, true) : 0
  wasm.sgdStep(pw, pGrad, pVelocity, length, lr, momentum, nesterov ? 1 : 0, decay)
  finishCall()
}

function adamStep(
  w: Float32Array,
  grad: Float32Array,
  m: Float32Array,
  v: Float32Array,
  length: number,
  lr: number,
  beta1: number,
  beta2: number,
  epsilon: number,
  decay: number,
  correction1: number,
  correction2: number,
): void {
  if (length === 0) return
  const wasm = optimExports()
  const pw = stageOut(SLOT_W, w, length, true)
  const pGrad = stageIn(SLOT_GRAD, grad, length)
  const pm = stageOut(SLOT_M, m, length, true)
  const pv = stageOut(SLOT_V, v, length, true)
  // derived here in float64: the kernel's float32 would make 1 − 0.999 off by 1.3e-5
  const stepSize = lr / correction1
  const rootScale = 1 / Math.sqrt(correction2)
  wasm.adamStep(pw, pGrad, pm, pv, length, beta1, 1 - beta1, beta2, 1 - beta2, epsilon, decay, stepSize, rootScale)
  finishCall()
}

export const wasmOptim: Pick<KernelSet, 'sgdStep' | 'adamStep'> = { sgdStep, adamStep }
