// The table `npm run runs` prints. Pure formatting, no I/O.
import { varyingFields } from '../../shared/train/configFields'
import type { RunSummary } from '../../shared/runs/run'
import { durationText, KEY_FIELDS, NONE, paramsText, percentOr } from './runFields'
import { alignedTable } from './table'

/** id, name, status, sweep, key params, best val, test, duration; then how many of how many are shown. */
export function runsTable(runs: RunSummary[], total: number, now: number): string[] {
  if (total === 0) return ['no runs match']
  const varying = varyingFields(runs.map((run) => run.config)).filter((field) => field !== 'seed')
  const fields = varying.length > 0 ? varying : [...KEY_FIELDS]
  const lines = alignedTable(
    [
      { title: 'id', right: true },
      { title: 'name', max: 32 },
      { title: 'status' },
      { title: 'sweep', right: true },
      { title: 'params', max: 60 },
      { title: 'best val', right: true },
      { title: 'test', right: true },
      { title: 'duration', right: true },
    ],
    runs.map((run) => [
      String(run.id),
      run.name,
      run.status,
      run.sweepId === null ? NONE : String(run.sweepId),
      paramsText(run.config, fields),
      percentOr(run.bestValAccuracy),
      percentOr(run.testAccuracy),
      durationText(run, now),
    ]),
  )
  const shown =
    runs.length < total
      ? `${runs.length} of ${total} runs (--limit N for more, 0 for all)`
      : `${total} run${total === 1 ? '' : 's'}`
  return [...lines, shown]
}
