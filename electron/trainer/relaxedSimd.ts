import { setFlagsFromString } from 'node:v8'

/**
 * Node 20 and 21 keep WebAssembly relaxed SIMD (the kernels' fused multiply-add) behind a V8 flag; Node ≥ 22 and
 * Electron have it on. Call in a process's entry, before the kernels first load; elsewhere it does nothing.
 */
export function enableRelaxedSimd(): void {
  if (process.versions.electron || Number(process.versions.node.split('.')[0]) >= 22) return
  setFlagsFromString('--experimental-wasm-relaxed-simd')
}
