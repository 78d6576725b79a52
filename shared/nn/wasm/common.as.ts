// AssemblyScript, not TypeScript: compiled to WebAssembly SIMD128 by electron/wasm.cjs (tsc never sees this file).
// Small pieces every kernel file shares.

/** a·b + c; fused (one rounding) where the build enables relaxed SIMD and the CPU has FMA. */
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

/** C[at] ← value + beta·C[at] + bias[j] for one entry (beta = 0 never reads C; bias = 0 means none). */
@inline export function finishOne(at: usize, value: f32, beta: f32, bias: usize, j: i32): void {
  if (beta != 0) value += beta * load<f32>(at);
  if (bias != 0) value += load<f32>(bias + (<usize>j << 2));
  store<f32>(at, value);
}
