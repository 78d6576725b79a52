// End to end: `npm run sweep`, `npm run runs` and `npm run export` as real child processes on one database, with
// real trainer processes on a slice of the real MNIST.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunSummary } from '../../shared/runs/run'
import type { SweepSpec } from '../../shared/sweeps/spec'
import { SqliteStore } from '../main/services/store/sqliteStore'
import { lines, runCli, type Finished } from './testing'

const SMALL = { hidden: [16], lr: 0.1, batchSize: 16, epochs: 2, trainLimit: 500, validationSize: 200, testLimit: 100 }
const SPEC: SweepSpec = { name: 'cli sweep', base: SMALL, grid: { lr: [0.05, 0.1] }, repeats: 2 }

const folder = mkdtempSync(join(tmpdir(), 'nnwb-cli-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

function specFile(name: string, content: unknown): string {
  const path = join(folder, name)
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2))
  return path
}

function storedRuns(db: string): RunSummary[] {
  const store = SqliteStore.open(db, { readonly: true })
  try {
    return store.listRuns({ sortBy: 'createdAt', sortDir: 'asc' }).runs
  } finally {
    store.close()
  }
}

describe('npm run sweep, runs and export on one database', { timeout: 30_000 }, () => {
  const db = join(folder, 'sweep.db')
  let sweep: Finished

  beforeAll(async () => {
    sweep = await runCli('sweep', [specFile('sweep.json', SPEC), '--db', db, '--concurrency', '2'])
  }, 30_000)

  it('sweep: runs a 4-run spec two at a time, exits 0, and the database has 4 finished runs', () => {
    expect(sweep.stderr).toBe('')
    expect(sweep.code).toBe(0)
    const printed = lines(sweep.stdout)
    expect(printed[0]).toBe(`sweep "cli sweep" (${join(folder, 'sweep.json')}): 4 runs · varying lr, seed`)
    expect(printed[1]).toBe(`recording sweep 1 in ${db} · 2 at a time`)

    // not a terminal: one line per status change, never more than two runs training at once (whether two ever
    // overlap depends on how busy the machine is; the scheduler's limit is what the header line reports)
    let running = 0
    let mostRunning = 0
    for (const line of printed.filter((l) => /^run \d+ (running|finished)/.test(l))) {
      running += line.includes(' running') ? 1 : -1
      mostRunning = Math.max(mostRunning, running)
    }
    expect(mostRunning).toBeGreaterThan(0)
    expect(mostRunning).toBeLessThanOrEqual(2)
    expect(
      printed.filter((l) =>
        /^run \d+ finished · lr=0\.(05|1) seed=[12] · val [\d.]+% · test [\d.]+% · [\d.]+s$/.test(l),
      ),
    ).toHaveLength(4)
    expect(sweep.stdout).not.toContain('\x1b[')

    const runs = storedRuns(db)
    expect(runs.map((run) => [run.status, run.sweepId])).toEqual(Array(4).fill(['finished', 1]))
    expect(runs.map((run) => `${run.config.lr}/${run.seed}`).sort()).toEqual(['0.05/1', '0.05/2', '0.1/1', '0.1/2'])

    // the final table, the tally, then the best run by test accuracy (ties: the earlier run)
    const table = printed.slice(printed.indexOf(printed.find((l) => l.startsWith('run ') && l.includes('status'))!))
    expect(table[0]).toMatch(/^run +lr +seed +status +epoch +val acc +test acc +ETA$/)
    expect(
      table.slice(1, 5).every((row) => /^ +\d +0\.(05|1) +[12] +finished +2\.00\/2 +[\d.]+% +[\d.]+% +–$/.test(row)),
    ).toBe(true)
    expect(table[5]).toBe('4 runs: 4 finished')
    const best = runs.reduce((a, b) => ((b.testAccuracy ?? 0) > (a.testAccuracy ?? 0) ? b : a))
    expect(table[6]).toBe(
      `best: run ${best.id} · lr=${best.config.lr} seed=${best.seed} · test ${((best.testAccuracy ?? 0) * 100).toFixed(2)}% · best val ${((best.bestValAccuracy ?? 0) * 100).toFixed(2)}%`,
    )
  })

  it('runs --json: lists them, and the filters narrow the list', async () => {
    const list = async (...args: string[]): Promise<{ total: number; runs: RunSummary[] }> => {
      const run = await runCli('runs', ['--db', db, '--json', ...args])
      expect(run.stderr).toBe('')
      expect(run.code).toBe(0)
      return JSON.parse(run.stdout)
    }
    const [all, finished, failed, slow, ofSweep, otherSweep, byTest, searched, first] = await Promise.all([
      list(),
      list('--status', 'finished,failed'),
      list('--status', 'failed'),
      list('--where', 'lr<0.1'),
      list('--sweep', '1'),
      list('--sweep', '2'),
      list('--sort', 'test'),
      list('--search', 'cli sweep', '--where', 'seed=2'),
      list('--sort', 'param:lr', '--limit', '1'),
    ])
    expect(all.total).toBe(4)
    expect(all.runs.map((run) => run.status)).toEqual(Array(4).fill('finished'))
    expect(finished.total).toBe(4)
    expect(failed).toEqual({ total: 0, runs: [] })
    expect(slow.runs.map((run) => run.config.lr)).toEqual([0.05, 0.05])
    expect(ofSweep.total).toBe(4)
    expect(otherSweep.total).toBe(0)
    const accuracies = byTest.runs.map((run) => run.testAccuracy ?? 0)
    expect(accuracies).toEqual([...accuracies].sort((a, b) => b - a))
    expect(searched.runs.map((run) => run.seed)).toEqual([2, 2])
    expect(first.total).toBe(4)
    expect(first.runs.map((run) => run.config.lr)).toEqual([0.05])
  })

  it('runs: an aligned table, with the params that differ between the runs', async () => {
    const run = await runCli('runs', ['--db', db, '--sort', 'name', '--asc'])
    expect(run.code).toBe(0)
    const printed = lines(run.stdout)
    expect(printed[0]).toMatch(/^id +name +status +sweep +params +best val +test +duration$/)
    expect(printed.slice(1, 5)).toEqual(
      [1, 2, 3, 4].map((n) =>
        expect.stringMatching(
          new RegExp(`^ \\d  cli sweep #${n}  finished +1  lr=0\\.(05|1) +[\\d.]+% +[\\d.]+% +[\\d.]+s$`),
        ),
      ),
    )
    expect(printed[5]).toBe('4 runs')
  })

  it('export --format runs-csv: a header and 4 rows, on stdout or atomically to --out', async () => {
    const stdout = await runCli('export', ['--db', db, '--sweep', '1', '--format', 'runs-csv'])
    expect(stdout.stderr).toBe('')
    expect(stdout.code).toBe(0)
    const rows = stdout.stdout.split('\r\n').filter((row) => row !== '')
    expect(rows).toHaveLength(5)
    expect(rows[0]).toMatch(/^id,name,status,sweep_id,.*,param\.lr,.*,test_accuracy,/)
    expect(rows.slice(1).map((row) => row.split(',').slice(0, 4))).toEqual(
      [1, 2, 3, 4].map((id) => [String(id), `cli sweep #${id}`, 'finished', '1']),
    )

    const out = join(folder, 'runs.csv')
    const toFile = await runCli('export', ['--db', db, '--all', '--out', out])
    expect(toFile.code).toBe(0)
    expect(toFile.stdout).toBe(`exported 4 runs as runs-csv to ${out}\n`)
    expect(readFileSync(out, 'utf8')).toBe(stdout.stdout)
  })

  it('export: every metric point of the chosen runs as series-csv, and an unknown run is one line, exit 1', async () => {
    const [series, unknown] = await Promise.all([
      runCli('export', ['--db', db, '--runs', '1,2', '--format', 'series-csv']),
      runCli('export', ['--db', db, '--runs', '1,9']),
    ])
    expect(series.code).toBe(0)
    const rows = series.stdout.split('\r\n').filter((row) => row !== '')
    expect(rows[0]).toBe('run_id,metric,step,epoch,value,wall_time')
    // 500 examples / 16 = 32 steps × 2 epochs, a loss and a learning rate each, plus 4 points per evaluation
    expect(rows.filter((row) => row.startsWith('1,'))).toHaveLength(32 * 2 * 2 + 2 * 4)
    expect(new Set(rows.slice(1).map((row) => row.split(',')[0]))).toEqual(new Set(['1', '2']))
    expect(unknown).toEqual({ code: 1, stdout: '', stderr: 'run 9 does not exist (it may have been deleted)\n' })
  })

  it('while another NN Workbench has the database open, sweep is refused in one line and runs still reads it', async () => {
    const holder = SqliteStore.open(db)
    try {
      const [refused, listed] = await Promise.all([
        runCli('sweep', [join(folder, 'sweep.json'), '--db', db]),
        runCli('runs', ['--db', db, '--json']),
      ])
      expect(refused.code).toBe(1)
      expect(refused.stderr).toBe(
        `${db} is already open in another NN Workbench (pid ${process.pid}). Close it first, or pass another --db.\n`,
      )
      expect(listed.code).toBe(0)
      expect(JSON.parse(listed.stdout).total).toBe(4)
    } finally {
      holder.close()
    }
  })
})

describe('npm run sweep: a spec it cannot use is one line on stderr and exit code 2', { timeout: 30_000 }, () => {
  const db = join(folder, 'never.db')
  const refuse = async (args: string[], message: string | RegExp): Promise<void> => {
    const run = await runCli('sweep', [...args, '--db', db])
    expect(run.code).toBe(2)
    expect(lines(run.stderr)).toEqual([message instanceof RegExp ? expect.stringMatching(message) : message])
    expect(run.stderr.endsWith('\n')).toBe(true)
  }

  it('names the file, the line and the column, or the field at fault, and opens no database', async () => {
    const missing = join(folder, 'missing.json')
    const broken = specFile('broken.json', '{\n  "name": "x",\n  "base": {}\n  "grid": {"lr": [0.1]}\n}\n')
    const empty = specFile('empty.json', { name: 'x', base: SMALL, grid: { lr: [] } })
    const wrongType = specFile('wrong-type.json', { name: 'x', base: { ...SMALL, lr: 'fast' } })
    const badValue = specFile('bad-value.json', { name: 'x', base: SMALL, grid: { lr: [0.1, -1] } })
    await Promise.all([
      refuse([missing], `${missing}: no such file`),
      refuse([broken], `${broken}: not valid JSON at line 4, column 3: expected ',' or '}', found "grid"`),
      refuse([empty], `${empty}: grid "lr" has no values`),
      refuse([wrongType], `${wrongType}: "base.lr" must be a finite number, got "fast"`),
      // the sweep expansion's own sentence, whatever its wording: the file, then the field and the value at fault
      refuse([badValue], new RegExp(`^${badValue}: .*lr.*-1`)),
      refuse([], 'give the sweep spec file: npm run sweep -- spec.json (see --help)'),
      refuse(
        [join(folder, 'sweep.json'), '--concurrency', '0'],
        '--concurrency: must be a whole number from 1 to 64, got "0"',
      ),
    ])
    expect(existsSync(db)).toBe(false)
  })

  it('--dry-run prints the run count and the varying fields of each config, and launches nothing', async () => {
    const file = specFile('dry.json', { ...SPEC, grid: { lr: [0.05, 0.1], hidden: [[16], [32, 16]] }, repeats: 1 })
    const run = await runCli('sweep', [file, '--dry-run', '--db', db])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(lines(run.stdout)).toEqual([
      `sweep "cli sweep" (${file}): 4 runs · varying hidden, lr`,
      expect.stringMatching(/^# +hidden +lr$/),
      ...[1, 2, 3, 4].map((n) => expect.stringMatching(new RegExp(`^${n}  (16   |32-16) +0\\.(05|1)$`))),
    ])
    expect(existsSync(db)).toBe(false)
  })
})

describe('npm run sweep: Ctrl-C', { timeout: 30_000 }, () => {
  it('cancels the sweep’s runs, queued and training, marks them cancelled and exits with 130', async () => {
    const db = join(folder, 'cancel.db')
    const long = specFile('long.json', { ...SPEC, base: { ...SMALL, trainLimit: 5000, epochs: 50 } })
    let sent = false
    // a terminal sends Ctrl-C to its whole foreground process group, trainers included
    const run = await runCli('sweep', [long, '--db', db, '--concurrency', '2'], {
      detached: true,
      onStdout: (soFar, child) => {
        if (!sent && (soFar.match(/ running/g) ?? []).length === 2) {
          sent = true
          process.kill(-child.pid!, 'SIGINT')
        }
      },
    })
    expect(run.code).toBe(130)
    expect(lines(run.stderr)).toEqual(['cancelling the sweep’s runs (Ctrl-C again to quit at once)', 'cancelled'])
    const runs = storedRuns(db)
    expect(runs.map((r) => r.status)).toEqual(Array(4).fill('cancelled'))
    // the two that were training stopped in their own words, not killed by the signal
    expect(runs.filter((r) => r.startedAt !== null).map((r) => r.error)).toEqual([
      expect.stringMatching(/^cancelled at step \d+ of \d+$/),
      expect.stringMatching(/^cancelled at step \d+ of \d+$/),
    ])
    expect(runs.filter((r) => r.startedAt === null).map((r) => r.error)).toEqual([
      'cancelled before it started',
      'cancelled before it started',
    ])
  })
})
