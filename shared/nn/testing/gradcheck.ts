// Test helpers: random inputs and central-difference gradient checks. Pure, so any test file may use them.
import { Rng } from '../rng'

export function randomArray(rng: Rng, length: number, scale = 1): Float32Array {
  const out = new Float32Array(length)
  for (let i = 0; i < length; i++) out[i] = (rng.uniform() * 2 - 1) * scale
  return out
}

/**
 * (f(v + ε) − f(v − ε)) / (v₊ − v₋) for one entry of a float32 array, dividing by the perturbation float32
 * actually stored rather than by 2ε, which removes most of the rounding noise.
 */
export function numericDerivative(values: Float32Array, i: number, f: () => number, eps: number): number {
  const original = values[i]
  values[i] = original + eps
  const up = values[i]
  const fUp = f()
  values[i] = original - eps
  const down = values[i]
  const fDown = f()
  values[i] = original
  return (fUp - fDown) / (up - down)
}

export interface GradientMismatch {
  index: number
  analytic: number
  numeric: number
  /** |analytic − numeric| / max(floor, |analytic|, |numeric|) */
  error: number
}

/**
 * Compares an analytic gradient with central differences entry by entry and returns the worst entry.
 * `floor` keeps near-zero gradients from turning float noise into a huge relative error.
 */
export function worstGradientMismatch(
  values: Float32Array,
  analytic: Float32Array,
  f: () => number,
  eps: number,
  floor = 1e-2,
): GradientMismatch {
  let worst: GradientMismatch = { index: -1, analytic: 0, numeric: 0, error: 0 }
  for (let i = 0; i < values.length; i++) {
    const numeric = numericDerivative(values, i, f, eps)
    const error = Math.abs(analytic[i] - numeric) / Math.max(floor, Math.abs(analytic[i]), Math.abs(numeric))
    if (!(error <= worst.error)) worst = { index: i, analytic: analytic[i], numeric, error }
  }
  return worst
}

/** Σ c_i · y_i in float64: a loss whose gradient with respect to y is exactly c. */
export function weightedSum(c: Float32Array, y: Float32Array, length = c.length): number {
  let s = 0
  for (let i = 0; i < length; i++) s += c[i] * y[i]
  return s
}

/**
 * An Rng that records its uniform draws and replays them after rewind(), so a dropout layer draws the same mask
 * on every forward pass of a gradient check.
 */
export class ReplayRng extends Rng {
  private readonly draws: number[] = []
  private cursor = 0

  override uniform(): number {
    if (this.cursor === this.draws.length) this.draws.push(super.uniform())
    return this.draws[this.cursor++]
  }

  rewind(): void {
    this.cursor = 0
  }
}
