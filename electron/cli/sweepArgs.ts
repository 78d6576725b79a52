// Command line of `npm run sweep`. Pure: no I/O.
import { MAX_CONCURRENCY } from '../main/services/trainers/scheduler'
import { parseFlags, UsageError, wholeNumberFlag } from './flags'

export interface SweepArgs {
  file: string
  db: string | null
  concurrency: number | undefined
  dryRun: boolean
}

export type SweepCommand = { kind: 'help' } | { kind: 'sweep'; args: SweepArgs }

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  db: { type: 'string' },
  concurrency: { type: 'string' },
  'dry-run': { type: 'boolean' },
} as const

export const SWEEP_USAGE = `Usage: npm run sweep -- SPEC.json [--db PATH] [--concurrency N] [--dry-run]

Expands a sweep spec, records the sweep and its runs in the workbench database and trains them in trainer
processes, N at a time, with a live table of their progress; at the end prints the best run by test accuracy.
Ctrl-C cancels the runs still queued or training. Exit code: 0 when every run finished (or was pruned), 1 if any
failed or diverged, 2 for a bad command line or spec, 130 after Ctrl-C.

  SPEC.json            a SweepSpec, for example
                       {"name": "lr sweep", "preset": "keras-mlp", "base": {"epochs": 2},
                        "grid": {"lr": [0.01, 0.1]}, "repeats": 2}
  --db PATH            the database (default: $NNWB_DB, else the app's own in its user-data folder)
  --concurrency N      trainers at once, 1–${MAX_CONCURRENCY} (default: the app's setting, else one per core)
  --dry-run            print the runs the spec makes, and stop (opens no database)
  --help`

export function parseSweepArgs(argv: string[]): SweepCommand {
  const { values, positionals } = parseFlags(argv, OPTIONS, true)
  if (values.help) return { kind: 'help' }
  if (positionals.length === 0)
    throw new UsageError('give the sweep spec file: npm run sweep -- spec.json (see --help)')
  if (positionals.length > 1)
    throw new UsageError(`one spec file at a time, got ${positionals.map((p) => `"${p}"`).join(', ')}`)
  return {
    kind: 'sweep',
    args: {
      file: positionals[0],
      db: values.db ?? null,
      concurrency:
        values.concurrency === undefined
          ? undefined
          : wholeNumberFlag('--concurrency', values.concurrency, 1, MAX_CONCURRENCY),
      dryRun: values['dry-run'] ?? false,
    },
  }
}
