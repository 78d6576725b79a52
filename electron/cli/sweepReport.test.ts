import { describe, expect, it } from 'vitest'
import type { RunSummary } from '../../shared/runs/run'
import { DEFAULT_CONFIG, type TrainConfig } from '../../shared/train/config'
import { runsTable } from './runsTable'
import { bestRunLine, previewTable, problemLines, progressTable, statusLine, tally } from './sweepReport'

const T0 = 1_700_000_000_000

// The fields the formatters read; a summary from the store has a few more.
function run(id: number, overrides: Partial<RunSummary> = {}, config: Partial<TrainConfig> = {}): RunSummary {
  const summary: Partial<RunSummary> = {
    id,
    name: `sweep #${id}`,
    sweepId: 1,
    status: 'queued',
    error: null,
    dataset: 'mnist',
    seed: 1,
    config: { ...DEFAULT_CONFIG, epochs: 2, ...config },
    createdAt: T0,
    startedAt: null,
    finishedAt: null,
    progress: 0,
    etaSeconds: null,
    step: 0,
    totalSteps: null,
    epoch: 0,
    bestValAccuracy: null,
    finalValAccuracy: null,
    testAccuracy: null,
    finalTrainLoss: null,
    tags: [],
    notes: '',
    ...overrides,
  }
  return summary as RunSummary
}

const running = (id: number, lr: number) =>
  run(
    id,
    { status: 'running', startedAt: T0, step: 30, totalSteps: 64, epoch: 0.94, progress: 0.47, etaSeconds: 3.2 },
    { lr },
  )
const finished = (id: number, lr: number, test: number) =>
  run(
    id,
    {
      status: 'finished',
      startedAt: T0,
      finishedAt: T0 + 2100,
      step: 64,
      totalSteps: 64,
      epoch: 2,
      finalValAccuracy: 0.9,
      bestValAccuracy: 0.91,
      testAccuracy: test,
    },
    { lr },
  )

describe('the sweep progress table', () => {
  it('aligns one row per run: id, varying fields, status, epoch, accuracies and ETA', () => {
    expect(progressTable([finished(1, 0.05, 0.8812), running(2, 0.1), run(3, {}, { lr: 0.2 })], ['lr'])).toEqual([
      'run    lr  status      epoch  val acc  test acc     ETA',
      '  1  0.05  finished   2.00/2   90.00%    88.12%       –',
      '  2   0.1  running    0.94/2        –         –    3.2s',
      '  3   0.2  queued          –        –         –       –',
    ])
  })

  it('keeps to the terminal: running runs first, then the latest to end, and one line for the rest', () => {
    const runs = [
      finished(1, 0.1, 0.5),
      { ...finished(2, 0.1, 0.6), finishedAt: T0 + 9000 },
      running(3, 0.1),
      run(4),
      run(5),
    ]
    const lines = progressTable(runs, ['lr'], 3)
    expect(lines.map((line) => line.trim().split(/\s+/)[0])).toEqual(['run', '2', '3', '…'])
    expect(lines[3]).toBe('… 3 more runs (2 queued · 1 finished)')
  })

  it('counts statuses in life-cycle order', () => {
    expect(tally([finished(1, 0.1, 0.5), running(2, 0.1), run(3), run(4)])).toBe(
      '4 runs: 2 queued · 1 running · 1 finished',
    )
  })

  it('says each status change in one line, with the outcome and why a run stopped', () => {
    expect(statusLine(running(2, 0.1), ['lr'], T0)).toBe('run 2 running · lr=0.1')
    expect(statusLine(finished(1, 0.05, 0.8812), ['lr'], T0)).toBe(
      'run 1 finished · lr=0.05 · val 90.00% · test 88.12% · 2.1s',
    )
    const pruned = {
      ...finished(4, 0.2, 0.5),
      status: 'pruned' as const,
      error: 'pruned at epoch 3: validation accuracy 50.0% was below the sweep median 80.0%',
    }
    expect(statusLine(pruned, ['lr'], T0)).toBe(
      `run 4 pruned · lr=0.2 · val 90.00% · test 50.00% · 2.1s · ${pruned.error}`,
    )
    expect(statusLine(run(5, { status: 'failed', error: 'the trainer ran out of memory' }), [], T0)).toBe(
      'run 5 failed · the trainer ran out of memory',
    )
  })

  it('names the best run by test accuracy (the earlier on a tie), and the failed ones', () => {
    const runs = [
      finished(1, 0.05, 0.8),
      finished(2, 0.1, 0.9),
      finished(3, 0.2, 0.9),
      run(4, { status: 'diverged', error: 'diverged at step 9 (loss NaN)' }),
    ]
    expect(bestRunLine(runs, ['lr'])).toBe('best: run 2 · lr=0.1 · test 90.00% · best val 91.00%')
    expect(bestRunLine([run(1)], ['lr'])).toBe('best: none (no run has a test accuracy)')
    expect(problemLines(runs)).toEqual(['run 4 diverged: diverged at step 9 (loss NaN)'])
  })

  it('previews a sweep as its configs’ varying fields, in launch order', () => {
    const configs = [
      { ...DEFAULT_CONFIG, hidden: [128, 64], lr: 0.1 },
      { ...DEFAULT_CONFIG, hidden: [], lr: 0.01 },
    ]
    expect(previewTable({ runCount: 2, configs, varying: ['hidden', 'lr'] })).toEqual([
      '#  hidden    lr',
      '1  128-64   0.1',
      '2  none    0.01',
    ])
  })
})

describe('the runs table', () => {
  it('shows the params that differ between the listed runs, and how many of how many', () => {
    const runs = [finished(1, 0.05, 0.8812), { ...running(2, 0.1), sweepId: null, seed: 2 }]
    expect(runsTable(runs, 3, T0 + 1000)).toEqual([
      'id  name      status    sweep  params   best val    test  duration',
      ' 1  sweep #1  finished      1  lr=0.05    91.00%  88.12%      2.1s',
      ' 2  sweep #2  running       –  lr=0.1          –       –      1.0s',
      '2 of 3 runs (--limit N for more, 0 for all)',
    ])
    expect(runsTable([], 0, T0)).toEqual(['no runs match'])
  })
})
