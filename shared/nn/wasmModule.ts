/**
 * Loads the WebAssembly kernels (shared/nn/wasm/kernels.as.ts, embedded by electron/wasm.cjs) once per realm.
 * Pure: runs in Node, a trainer process and the browser, synchronously (Chromium allows 8 MB synchronous compiles on
 * the main thread since version 114; this module is a few KB).
 *
 * Four builds are embedded: relaxed SIMD (fused multiply-add; Electron/Chromium, Node ≥ 22 or with
 * --experimental-wasm-relaxed-simd) or plain SIMD128, each over a shared or an ordinary memory. A shared memory
 * keeps every view of it valid when it grows, so the network's arrays can live inside it; where one cannot be made
 * (an engine without threads, a browser that wants cross-origin isolation for it) the ordinary-memory build loads
 * and kernels copy operands in and out.
 */
import { WASM_BUILDS } from './wasm/kernels.wasm.generated'

// The slice of the WebAssembly API used here, typed locally: the Node-side tsconfig has no DOM lib.
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer
  grow(pages: number): number
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object, imports: object) => { exports: unknown }
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory
}

/** The functions kernels.as.ts exports; pointers are byte offsets into the memory, strides and sizes in floats. */
export interface KernelExports {
  heapBase(): number
  gemmScratchBytes(n: number): number
  gemmDirectRows(): number
  gemmTileRows(): number
  gemm(
    m: number,
    n: number,
    k: number,
    a: number,
    aRow: number,
    aCol: number,
    b: number,
    bRow: number,
    bCol: number,
    c: number,
    alpha: number,
    beta: number,
    bias: number,
    scratch: number,
  ): void
}

export type WasmVariant = 'relaxed-simd' | 'simd128'

export interface WasmRuntime {
  /** The compiled module: a second thread instantiates it over the same (shared) memory. */
  module: object
  exports: KernelExports
  memory: WasmMemory
  /** True when the memory is shared: views survive growth, so arrays may live in it for good. */
  shared: boolean
  variant: WasmVariant
}

/** 64 KiB pages; the shared builds declare 4 GiB, all wasm32 addresses, as their maximum (reserved, not used). */
export const MAXIMUM_PAGES = 65536
const INITIAL_PAGES = 16

// (module (func (result v128) v128.const i32x4 0 0 0 0)): validates only where SIMD128 is supported.
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 11,
])

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

let runtime: WasmRuntime | null = null
let loadError: string | null = null
let preferred: readonly WasmVariant[] = ['relaxed-simd', 'simd128']
let allowShared = true
const listeners: (() => void)[] = []

function sharedMemory(api: WasmApi): WasmMemory | null {
  if (!allowShared) return null
  try {
    return new api.Memory({ initial: INITIAL_PAGES, maximum: MAXIMUM_PAGES, shared: true })
  } catch {
    return null // not cross-origin isolated, or an engine without threads
  }
}

function instantiate(api: WasmApi): WasmRuntime {
  const shared = sharedMemory(api)
  for (const variant of preferred) {
    const bytes = decodeBase64(WASM_BUILDS[shared ? `${variant}/shared` : variant])
    if (!api.validate(bytes)) continue
    const memory = shared ?? new api.Memory({ initial: INITIAL_PAGES, maximum: MAXIMUM_PAGES })
    const module = new api.Module(bytes)
    const instance = new api.Instance(module, { env: { memory } })
    return { module, exports: instance.exports as KernelExports, memory, shared: shared !== null, variant }
  }
  throw new Error(`no build validates here (tried ${preferred.join(', ')})`)
}

/** The loaded kernels, instantiating them on first use; null (with `wasmLoadError()` saying why) where unavailable. */
export function wasmRuntime(): WasmRuntime | null {
  if (runtime || loadError) return runtime
  try {
    const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly
    if (!api) throw new Error('WebAssembly is not available')
    if (!api.validate(SIMD_PROBE)) throw new Error('WebAssembly SIMD128 is not supported')
    runtime = instantiate(api)
  } catch (error) {
    loadError = error instanceof Error ? error.message : String(error)
  }
  return runtime
}

export function wasmLoadError(): string | null {
  wasmRuntime()
  return loadError
}

/** True when the wasm kernels loaded (SIMD present, module valid). */
export function wasmAvailable(): boolean {
  return wasmRuntime() !== null
}

/** Which build is in use: relaxed SIMD where the engine has it, plain SIMD128 otherwise; null when none loaded. */
export function wasmVariant(): WasmVariant | null {
  return wasmRuntime()?.variant ?? null
}

/** Called after every reload, so state kept about the old memory (the allocator's) can start over. */
export function onWasmReload(listener: () => void): void {
  listeners.push(listener)
}

/**
 * Reloads with only `variant` (tests and bench compare the builds) and, with `shared: false`, an ordinary memory (as
 * a page without cross-origin isolation gets). Returns false where that does not load. Arrays allocated from the old
 * memory stay usable: the kernels then treat them as outside memory and copy them.
 */
export function useWasmVariant(variant: WasmVariant | 'best', options: { shared?: boolean } = {}): boolean {
  preferred = variant === 'best' ? ['relaxed-simd', 'simd128'] : [variant]
  allowShared = options.shared ?? true
  runtime = null
  loadError = null
  const loaded = wasmRuntime() !== null
  for (const listener of listeners) listener()
  return loaded
}
