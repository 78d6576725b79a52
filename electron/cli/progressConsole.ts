import type { TrainConfig } from '../../shared/train/config'
import type { Progress } from '../../shared/train/train'
import { formatProgress } from './report'

const REDRAW_EVERY_MS = 100

/** Lines on stdout, with a progress bar redrawn in place below them when stdout is a terminal. */
export class ProgressConsole {
  private barShown = false
  private lastDraw = 0

  constructor(private readonly quiet: boolean) {}

  line(text: string): void {
    if (this.quiet) return
    this.clearBar()
    process.stdout.write(`${text}\n`)
  }

  progress(p: Progress, config: TrainConfig): void {
    if (this.quiet || !process.stdout.isTTY) return
    const now = performance.now()
    if (now - this.lastDraw < REDRAW_EVERY_MS) return
    this.lastDraw = now
    process.stdout.write(`\r${formatProgress(p, config, (process.stdout.columns || 80) - 1)}\x1b[K`)
    this.barShown = true
  }

  clearBar(): void {
    if (this.barShown) process.stdout.write('\r\x1b[K')
    this.barShown = false
  }
}
