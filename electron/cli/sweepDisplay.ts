// How `npm run sweep` shows its runs while they train: a table redrawn in place on a terminal, or one line per
// status change when stdout is a file or a pipe (a CI log). Both end with the whole final table.
import type { RunSummary } from '../../shared/runs/run'
import { progressTable, statusLine, tally } from './sweepReport'

const REDRAW_EVERY_MS = 100
// lines the terminal keeps for the table besides its rows: the header, the tally and the line the cursor rests on
const CHROME_LINES = 3

export interface SweepDisplay {
  /** A run changed; `previous` is what it was before (undefined the first time it is seen). */
  update(run: RunSummary, previous: RunSummary | undefined): void
  /** A line to show under the table (on a terminal) or on stderr as it comes (in a log). */
  note(text: string): void
  /** Stops redrawing and prints the final table. */
  finish(runs: RunSummary[]): void
}

export function sweepDisplay(runIds: number[], fields: string[], runs: Map<number, RunSummary>): SweepDisplay {
  return process.stdout.isTTY ? new LiveTable(runIds, fields, runs) : new StatusLines(fields)
}

class LiveTable implements SweepDisplay {
  private height = 0
  private timer: ReturnType<typeof setTimeout> | null = null
  private lastDraw = 0
  private notes: string[] = []

  constructor(
    private readonly runIds: number[],
    private readonly fields: string[],
    private readonly runs: Map<number, RunSummary>,
  ) {
    this.draw()
  }

  update(): void {
    this.schedule()
  }

  note(text: string): void {
    this.notes.push(text)
    this.schedule()
  }

  finish(runs: RunSummary[]): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.erase()
    process.stdout.write(`${[...progressTable(runs, this.fields), tally(runs)].join('\n')}\n`)
  }

  // at most every REDRAW_EVERY_MS, and always once after the last change
  private schedule(): void {
    if (this.timer) return
    const wait = Math.max(0, this.lastDraw + REDRAW_EVERY_MS - performance.now())
    this.timer = setTimeout(() => {
      this.timer = null
      this.draw()
    }, wait)
  }

  private draw(): void {
    this.lastDraw = performance.now()
    const runs = this.runIds.flatMap((id) => this.runs.get(id) ?? [])
    const maxRows = Math.max(3, (process.stdout.rows || 24) - CHROME_LINES - this.notes.length)
    const width = Math.max(20, (process.stdout.columns || 80) - 1)
    const lines = [...progressTable(runs, this.fields, maxRows), [tally(runs), ...this.notes].join(' · ')]
    // each line is cut to the terminal's width: a wrapped line would throw the cursor-up count off
    const text = lines.map((line) => `${line.slice(0, width)}\x1b[K\n`).join('')
    process.stdout.write(`${this.cursorToTop()}${text}\x1b[J`)
    this.height = lines.length
  }

  private erase(): void {
    process.stdout.write(`${this.cursorToTop()}\x1b[J`)
    this.height = 0
  }

  private cursorToTop(): string {
    return this.height > 0 ? `\x1b[${this.height}A\r` : ''
  }
}

class StatusLines implements SweepDisplay {
  constructor(private readonly fields: string[]) {}

  update(run: RunSummary, previous: RunSummary | undefined): void {
    if (run.status === previous?.status || (previous === undefined && run.status === 'queued')) return
    process.stdout.write(`${statusLine(run, this.fields, Date.now())}\n`)
  }

  note(text: string): void {
    process.stderr.write(`${text}\n`)
  }

  finish(runs: RunSummary[]): void {
    process.stdout.write(`${[...progressTable(runs, this.fields), tally(runs)].join('\n')}\n`)
  }
}
