// Command line of `npm run export`. Pure: no I/O.
import type { ExportRequest } from '../../shared/ipc/workbench'
import { idListFlag, parseFlags, UsageError, wholeNumberFlag } from './flags'

export type Selection = { kind: 'runs'; runIds: number[] } | { kind: 'sweep'; sweepId: number } | { kind: 'all' }

export interface ExportArgs {
  db: string | null
  selection: Selection
  format: ExportRequest['format']
  out: string | null
}

export type ExportCommand = { kind: 'help' } | { kind: 'export'; args: ExportArgs }

const FORMATS: readonly ExportRequest['format'][] = ['runs-csv', 'series-csv', 'series-json']

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  db: { type: 'string' },
  runs: { type: 'string' },
  sweep: { type: 'string' },
  all: { type: 'boolean' },
  format: { type: 'string' },
  out: { type: 'string' },
} as const

export const EXPORT_USAGE = `Usage: npm run export -- [--db PATH] --runs 1,2,3 | --sweep ID | --all [--format F] [--out FILE]

Writes runs from the workbench database as the app's Export does, to stdout or to a file. Opens the database
read-only, so it works while the app has it open.

  --runs 1,2,3           these runs             --sweep ID   the runs of this sweep        --all   every run
  --format F             runs-csv: one row per run, its hyperparameters and final metrics (default)
                         series-csv: every metric point, long format   series-json: the same as JSON
  --out FILE             write FILE (atomically: a crash leaves the old file or the whole new one)
  --db PATH              the database (default: $NNWB_DB, else the app's own in its user-data folder)
  --help`

export function parseExportArgs(argv: string[]): ExportCommand {
  const { values } = parseFlags(argv, OPTIONS)
  if (values.help) return { kind: 'help' }
  const given = [
    values.runs !== undefined && '--runs',
    values.sweep !== undefined && '--sweep',
    values.all && '--all',
  ].filter(Boolean)
  if (given.length !== 1) {
    throw new UsageError(
      given.length === 0 ? 'say which runs: --runs 1,2,3, --sweep ID or --all' : `${given.join(' and ')}: choose one`,
    )
  }
  const selection: Selection =
    values.runs !== undefined
      ? { kind: 'runs', runIds: idListFlag('--runs', values.runs) }
      : values.sweep !== undefined
        ? { kind: 'sweep', sweepId: wholeNumberFlag('--sweep', values.sweep, 1, Number.MAX_SAFE_INTEGER) }
        : { kind: 'all' }
  const format = values.format ?? 'runs-csv'
  if (!(FORMATS as string[]).includes(format))
    throw new UsageError(`--format: must be one of ${FORMATS.join(', ')}, got "${format}"`)
  return {
    kind: 'export',
    args: { db: values.db ?? null, selection, format: format as ExportRequest['format'], out: values.out ?? null },
  }
}
