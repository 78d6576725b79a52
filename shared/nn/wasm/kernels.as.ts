// AssemblyScript entry of the kernels module (see electron/wasm.cjs): everything exported here is callable from JS.
export { gemm, gemmDirectRows, gemmScratchBytes, gemmTileRows } from './gemm.as'
export { activationBackward, activationForward, sumColumns } from './elementwise.as'
export { lossForward } from './losses.as'
export { adamStep, sgdStep } from './optim.as'

/** First free byte after the module's static data, 16-byte aligned: the JS allocator hands out memory from here. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~(<usize>15)
}
