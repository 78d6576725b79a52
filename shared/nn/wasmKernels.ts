/**
 * The WebAssembly SIMD128 GEMM (shared/nn/wasm/gemm.as.ts) behind the same signatures as the JS kernels.
 * Pure: runs in Node, a trainer process and the browser. The module is ~1.5 KB, under the browser main thread's
 * 4 KB limit for synchronous compiles, so it is instantiated synchronously on first use. Two builds are embedded:
 * with relaxed SIMD (fused multiply-add; Chromium/Electron, Node ≥ 22) and plain SIMD128; the first that validates wins.
 *
 * Operands live in JS Float32Arrays, so each call copies A and B (and C when accumulating) into one wasm memory
 * that grows once to the largest call seen, and copies C back out.
 */
import { GEMM_RELAXED_WASM_BASE64, GEMM_WASM_BASE64 } from './wasm/gemm.wasm.generated';
import type { KernelSet } from './kernelSet';
import { sumColumns } from './kernels';

// The slice of the WebAssembly API used here, typed locally: the Node-side tsconfig has no DOM lib.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

interface GemmExports {
  memory: WasmMemory;
  heapBase(): number;
  scratchBytes(n: number): number;
  gemm(
    m: number, n: number, k: number,
    a: number, aRow: number, aCol: number,
    b: number, bRow: number, bCol: number,
    c: number, accumulate: number, scratch: number,
  ): void;
}

// (module (func (result v128) v128.const i32x4 0 0 0 0)): validates only where SIMD128 is supported.
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11,
]);

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export type WasmVariant = 'relaxed-simd' | 'simd128';

const VARIANT_BYTES: Record<WasmVariant, string> = { 'relaxed-simd': GEMM_RELAXED_WASM_BASE64, simd128: GEMM_WASM_BASE64 };

let instance: GemmExports | null = null;
let loadedVariant: WasmVariant | null = null;
let loadError: string | null = null;
let heap = new Float32Array(0);
let preferred: readonly WasmVariant[] = ['relaxed-simd', 'simd128'];

/** Instantiates the module once; null (with `wasmLoadError()` saying why) where WebAssembly SIMD is unavailable. */
function load(): GemmExports | null {
  if (instance || loadError) return instance;
  try {
    const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (!api) throw new Error('WebAssembly is not available');
    if (!api.validate(SIMD_PROBE)) throw new Error('WebAssembly SIMD128 is not supported');
    for (const variant of preferred) {
      const bytes = decodeBase64(VARIANT_BYTES[variant]);
      if (!api.validate(bytes)) continue;
      instance = new api.Instance(new api.Module(bytes), {}).exports as GemmExports;
      loadedVariant = variant;
      break;
    }
    if (!instance) throw new Error(`no build validates here (tried ${preferred.join(', ')})`);
    heap = new Float32Array(instance.memory.buffer);
  } catch (error) {
    loadError = error instanceof Error ? error.message : String(error);
  }
  return instance;
}

/** Which build is in use: relaxed SIMD where the engine has it, plain SIMD128 otherwise; null when none loaded. */
export function wasmVariant(): WasmVariant | null {
  load();
  return loadedVariant;
}

/** Reloads with only `variant` (tests and bench compare the builds); returns false where it does not validate. */
export function useWasmVariant(variant: WasmVariant | 'best'): boolean {
  preferred = variant === 'best' ? ['relaxed-simd', 'simd128'] : [variant];
  instance = null;
  loadedVariant = null;
  loadError = null;
  return load() !== null;
}

/** True when the wasm kernels loaded (SIMD present, module valid). */
export function wasmAvailable(): boolean {
  return load() !== null;
}

export function wasmLoadError(): string | null {
  load();
  return loadError;
}

const align16 = (bytes: number): number => (bytes + 15) & ~15;

/** Grows the memory (never shrinks) so `bytes` fit above the static data; returns the first usable byte. */
function reserve(wasm: GemmExports, bytes: number): number {
  const base = wasm.heapBase();
  const needed = base + bytes;
  const have = wasm.memory.buffer.byteLength;
  if (needed > have) wasm.memory.grow(Math.ceil((needed - have) / 65536));
  if (heap.buffer !== wasm.memory.buffer) heap = new Float32Array(wasm.memory.buffer);
  return base;
}

export function gemmStrided(
  m: number, n: number, k: number,
  a: Float32Array, aRow: number, aCol: number,
  b: Float32Array, bRow: number, bCol: number,
  c: Float32Array, accumulate: boolean,
): void {
  const wasm = load();
  if (!wasm) throw new Error(`wasm kernels unavailable: ${loadError}`);
  if (m === 0 || n === 0) return;
  // the element span each operand's strides reach, so any stride pattern copies exactly what it reads
  const aSpan = k === 0 ? 0 : (m - 1) * aRow + (k - 1) * aCol + 1;
  const bSpan = k === 0 ? 0 : (k - 1) * bRow + (n - 1) * bCol + 1;
  const scratchBytes = wasm.scratchBytes(n);
  const aAt = align16(scratchBytes);
  const bAt = align16(aAt + 4 * aSpan);
  const cAt = align16(bAt + 4 * bSpan);
  const base = reserve(wasm, cAt + 4 * m * n);
  heap.set(a.subarray(0, aSpan), (base + aAt) >> 2);
  heap.set(b.subarray(0, bSpan), (base + bAt) >> 2);
  if (accumulate) heap.set(c.subarray(0, m * n), (base + cAt) >> 2);
  wasm.gemm(m, n, k, base + aAt, aRow, aCol, base + bAt, bRow, bCol, base + cAt, accumulate ? 1 : 0, base);
  c.set(heap.subarray((base + cAt) >> 2, ((base + cAt) >> 2) + m * n));
}

/** C(m×n) = A(m×k) · B(k×n). */
export function matmul(a: Float32Array, b: Float32Array, c: Float32Array, m: number, k: number, n: number, accumulate = false): void {
  gemmStrided(m, n, k, a, k, 1, b, n, 1, c, accumulate);
}

/** C(m×n) = A(m×k) · Bᵀ, with B stored n×k. */
export function matmulTransB(a: Float32Array, b: Float32Array, c: Float32Array, m: number, k: number, n: number, accumulate = false): void {
  gemmStrided(m, n, k, a, k, 1, b, 1, k, c, accumulate);
}

/** C(m×n) = Aᵀ · B(k×n), with A stored k×m. */
export function matmulTransA(a: Float32Array, b: Float32Array, c: Float32Array, m: number, k: number, n: number, accumulate = false): void {
  gemmStrided(m, n, k, a, 1, m, b, n, 1, c, accumulate);
}

// The gather costs more than the skipped multiplications save at SIMD speed (epoch A 4.5 s with it, 3.4 s without).
export const wasmKernels: KernelSet = { name: 'wasm', gemmStrided, matmul, matmulTransB, matmulTransA, sumColumns, compactZeroColumns: false };
