// AssemblyScript, not TypeScript: compiled to WebAssembly SIMD128 by electron/wasm.cjs (tsc never sees this file).
// The optimizer updates of shared/nn/optim/updates.ts over one parameter tensor, four floats at a time, then a scalar
// tail for the last length % 4. Pointers are byte offsets into the imported memory; velocity = 0 means no momentum.
// Float32 throughout (the JS references round only on store), so results agree to a few ulps, not bit for bit.
import { madd } from './common.as';

/** g ← ∇ + λw;  v ← μv + g;  w ← w − lr·(nesterov ? g + μv : v). Without velocity or with μ = 0: w ← w − lr·g. */
export function sgdStep(
  w: usize, grad: usize, velocity: usize, length: i32,
  lr: f32, momentum: f32, nesterov: bool, decay: f32,
): void {
  if (length <= 0) return;
  if (velocity == 0 || momentum == 0) sgdPlain(w, grad, length, lr, decay);
  else if (nesterov) sgdNesterov(w, grad, velocity, length, lr, momentum, decay);
  else sgdMomentum(w, grad, velocity, length, lr, momentum, decay);
}

function sgdPlain(w: usize, grad: usize, length: i32, lr: f32, decay: f32): void {
  const vLr = f32x4.splat(-lr);
  const vDecay = f32x4.splat(decay);
  const end = <usize>(length & ~3) << 2;
  for (let at: usize = 0; at < end; at += 16) {
    const wi = v128.load(w + at);
    const g = madd(wi, vDecay, v128.load(grad + at));
    v128.store(w + at, madd(g, vLr, wi));
  }
  for (let at = end; at < <usize>length << 2; at += 4) {
    const wi = load<f32>(w + at);
    store<f32>(w + at, wi - lr * (load<f32>(grad + at) + decay * wi));
  }
}

// One body for both momentum forms; each caller passes a constant `nesterov`, so inlining leaves one branch-free loop.
@inline function sgdVelocity(
  w: usize, grad: usize, velocity: usize, length: i32, lr: f32, momentum: f32, decay: f32, nesterov: bool,
): void {
  const vLr = f32x4.splat(-lr);
  const vMomentum = f32x4.splat(momentum);
  const vDecay = f32x4.splat(decay);
  const end = <usize>(length & ~3) << 2;
  for (let at: usize = 0; at < end; at += 16) {
    const wi = v128.load(w + at);
    const g = madd(wi, vDecay, v128.load(grad + at));
    const vi = madd(v128.load(velocity + at), vMomentum, g);
    v128.store(velocity + at, vi);
    v128.store(w + at, madd(nesterov ? madd(vi, vMomentum, g) : vi, vLr, wi));
  }
  for (let at = end; at < <usize>length << 2; at += 4) {
    const wi = load<f32>(w + at);
    const g = load<f32>(grad + at) + decay * wi;
    const vi = momentum * load<f32>(velocity + at) + g;
    store<f32>(velocity + at, vi);
    store<f32>(w + at, wi - lr * (nesterov ? g + momentum * vi : vi));
  }
}

function sgdMomentum(w: usize, grad: usize, velocity: usize, length: i32, lr: f32, momentum: f32, decay: f32): void {
  sgdVelocity(w, grad, velocity, length, lr, momentum, decay, false);
}

function sgdNesterov(w: usize, grad: usize, velocity: usize, length: i32, lr: f32, momentum: f32, decay: f32): void {
  sgdVelocity(w, grad, velocity, length, lr, momentum, decay, true);
}

/**
 * m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  w ← w − lr·(m / c1) / (√(v / c2) + ε), with c = 1 − βᵗ, computed as
 * w − stepSize·m / (√v · rootScale + ε): one square root and one division per element.
 * The caller derives take = 1 − β, stepSize = lr / c1 and rootScale = 1 / √c2 in float64: 1 − β from a float32 β
 * would be off by 1.3e-5 relative for β2 = 0.999.
 */
export function adamStep(
  w: usize, grad: usize, m: usize, v: usize, length: i32,
  beta1: f32, take1: f32, beta2: f32, take2: f32, epsilon: f32, decay: f32, stepSize: f32, rootScale: f32,
): void {
  if (length <= 0) return;
  const vKeep1 = f32x4.splat(beta1);
  const vTake1 = f32x4.splat(take1);
  const vKeep2 = f32x4.splat(beta2);
  const vTake2 = f32x4.splat(take2);
  const vEpsilon = f32x4.splat(epsilon);
  const vDecay = f32x4.splat(decay);
  const vStep = f32x4.splat(stepSize);
  const vRoot = f32x4.splat(rootScale);
  const end = <usize>(length & ~3) << 2;
  for (let at: usize = 0; at < end; at += 16) {
    const wi = v128.load(w + at);
    const g = madd(wi, vDecay, v128.load(grad + at));
    const mi = madd(v128.load(m + at), vKeep1, f32x4.mul(g, vTake1));
    const vi = madd(v128.load(v + at), vKeep2, f32x4.mul(f32x4.mul(g, g), vTake2));
    v128.store(m + at, mi);
    v128.store(v + at, vi);
    const denominator = madd(f32x4.sqrt(vi), vRoot, vEpsilon);
    v128.store(w + at, f32x4.sub(wi, f32x4.div(f32x4.mul(mi, vStep), denominator)));
  }
  for (let at = end; at < <usize>length << 2; at += 4) {
    const wi = load<f32>(w + at);
    const g = load<f32>(grad + at) + decay * wi;
    const mi = beta1 * load<f32>(m + at) + take1 * g;
    const vi = beta2 * load<f32>(v + at) + take2 * g * g;
    store<f32>(m + at, mi);
    store<f32>(v + at, vi);
    store<f32>(w + at, wi - (stepSize * mi) / (sqrt<f32>(vi) * rootScale + epsilon));
  }
}
