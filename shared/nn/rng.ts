/** Seeded pseudo-random numbers (sfc32), so a run with the same seed draws the same weights, batches and masks. */
export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number
  private spareNormal: number | null = null

  constructor(seed: number) {
    // splitmix32 spreads a small integer seed over all 128 bits of state
    let s = seed >>> 0
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0
      let z = s
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
      return (z ^ (z >>> 16)) >>> 0
    }
    this.a = next()
    this.b = next()
    this.c = next()
    this.d = next()
    for (let i = 0; i < 12; i++) this.nextUint32()
  }

  /** An independent stream for one purpose (init, shuffle, dropout), so changing one does not shift the others. */
  static forPurpose(seed: number, purpose: string): Rng {
    let h = 0x811c9dc5
    for (let i = 0; i < purpose.length; i++) h = Math.imul(h ^ purpose.charCodeAt(i), 0x01000193)
    return new Rng((seed ^ h) >>> 0)
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.nextUint32() / 4294967296
  }

  /** Standard normal by Box–Muller; the second value of each pair is kept for the next call. */
  normal(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal
      this.spareNormal = null
      return v
    }
    let u = 0
    while (u === 0) u = this.uniform()
    const v = this.uniform()
    const r = Math.sqrt(-2 * Math.log(u))
    this.spareNormal = r * Math.sin(2 * Math.PI * v)
    return r * Math.cos(2 * Math.PI * v)
  }

  /** Integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.uniform() * n)
  }

  /** Fisher–Yates shuffle in place. */
  shuffle(values: Uint32Array | Int32Array): void {
    for (let i = values.length - 1; i > 0; i--) {
      const j = this.below(i + 1)
      const t = values[i]
      values[i] = values[j]
      values[j] = t
    }
  }
}
