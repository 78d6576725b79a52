import type { MetricPoint } from '../../shared/runs/run'

/** Collects metric points and sends them in batches: when enough have piled up, or a short while after the first. */
export class MetricBatcher {
  private points: MetricPoint[] = []
  private timer: ReturnType<typeof setTimeout> | null = null

  constructor(
    private readonly send: (points: MetricPoint[]) => void,
    private readonly maxPoints: number,
    private readonly maxDelayMs: number,
  ) {}

  add(...points: MetricPoint[]): void {
    this.points.push(...points)
    if (this.points.length >= this.maxPoints) this.flush()
    else this.timer ??= setTimeout(() => this.flush(), this.maxDelayMs)
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    if (this.points.length === 0) return
    const batch = this.points
    this.points = []
    this.send(batch)
  }
}
