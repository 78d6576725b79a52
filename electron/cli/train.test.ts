// End to end: `npm run train` as a real child process, on a slice of the real MNIST.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadModel, modelFromJson } from '../../shared/nn/model'
import { SqliteStore } from '../main/services/store/sqliteStore'
import { lines, runCli, type CliOptions } from './testing'

const SMALL_RUN = ['--train-limit', '2000', '--validation', '1000', '--test-limit', '500']

const runTrain = (args: string[], onStdout?: CliOptions['onStdout']) => runCli('train', args, { onStdout })

describe('npm run train', { timeout: 20_000 }, () => {
  const folder = mkdtempSync(join(tmpdir(), 'nnwb-train-'))
  afterAll(() => rmSync(folder, { recursive: true, force: true }))

  it('trains, prints one line per epoch and the test accuracy last, and saves a model that loads', async () => {
    const out = join(folder, 'm.json')
    const run = await runTrain(['--preset', 'keras-mlp', '--epochs', '2', '--out', out, ...SMALL_RUN])

    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const printed = lines(run.stdout)
    expect(printed[0]).toMatch(
      /^keras-mlp · 784-128-10, relu, softmax out · .* · 2 epochs · seed 1 · 101,770 parameters$/,
    )
    expect(printed.filter((line) => line.startsWith('epoch '))).toHaveLength(2)
    expect(printed).toContainEqual(
      expect.stringMatching(
        /^epoch 2\/2: train loss \d\.\d{4} acc [\d.]+% · val loss \d\.\d{4} acc [\d.]+% · [\d.]+s$/,
      ),
    )
    expect(printed[printed.length - 1]).toMatch(/^test accuracy: \d{1,3}\.\d\d%$/)
    expect(run.stdout).not.toContain('\r') // not a terminal: no progress bar

    const saved = modelFromJson(readFileSync(out, 'utf8'))
    const network = loadModel(saved)
    expect(saved.meta).toEqual({
      config: expect.objectContaining({ hidden: [128], epochs: 2, trainLimit: 2000, task: 'multiclass' }),
      testAccuracy: expect.any(Number),
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/),
      classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    })
    expect(printed[printed.length - 1]).toBe(`test accuracy: ${((saved.meta?.testAccuracy ?? NaN) * 100).toFixed(2)}%`)
    expect(network.spec.inputSize).toBe(784)
    expect(network.outputSize).toBe(10)
    expect(network.parameterCount()).toBe(101_770)
    expect(readdirSync(folder)).toEqual(['m.json']) // the temporary file was renamed, not left behind
  })

  it('labels a binary task\'s confusion matrix "rest" and "is 3"', async () => {
    const run = await runTrain(['--preset', 'logistic', '--iterations', '20', ...SMALL_RUN])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^ +rest +\d+ +\d+$/m)
    expect(run.stdout).toMatch(/^ +is 3 +\d+ +\d+$/m)
  })

  it('rejects a bad value with one line on stderr and exit code 2, before loading any data', async () => {
    const run = await runTrain(['--lr', 'abc'])
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toBe('--lr: must be a number above 0 and at most 100, got "abc"\n')
  })

  it('rejects a --binary class the data does not have, as a usage error', async () => {
    const run = await runTrain(['--binary', '12', ...SMALL_RUN])
    expect(run.code).toBe(2)
    expect(run.stderr).toBe('--binary: positive class 12 is not a class of mnist (0–9)\n')
  })

  it('reports divergence on stderr with exit code 1 and writes no model', async () => {
    const out = join(folder, 'diverged.json')
    const run = await runTrain(['--activation', 'linear', '--lr', '100', '--epochs', '1', '--out', out, ...SMALL_RUN])
    expect(run.code).toBe(1)
    expect(lines(run.stderr)).toEqual([
      expect.stringMatching(/^diverged at step \d+ \(loss NaN\): try a lower learning rate$/),
    ])
    expect(readdirSync(folder)).not.toContain('diverged.json')
  })

  it('stops on Ctrl-C: prints "cancelled" and exits with 130', async () => {
    let sent = false
    const run = await runTrain(['--preset', 'keras-mlp', '--epochs', '100', ...SMALL_RUN], (soFar, child) => {
      if (!sent && soFar.includes('epoch 1/100')) {
        sent = true
        child.kill('SIGINT')
      }
    })
    expect(run.code).toBe(130)
    expect(run.stderr).toBe('cancelled\n')
    expect(run.stdout).not.toContain('test accuracy')
  })
})

describe(
  'npm run train --db: the run recorded in a workbench database, trained in a trainer process',
  { timeout: 30_000 },
  () => {
    const folder = mkdtempSync(join(tmpdir(), 'nnwb-train-db-'))
    afterAll(() => rmSync(folder, { recursive: true, force: true }))
    const RUN = [
      '--hidden',
      '16',
      '--lr',
      '0.1',
      '--batch',
      '16',
      '--epochs',
      '2',
      '--train-limit',
      '500',
      '--validation',
      '200',
      '--test-limit',
      '100',
    ]
    const withoutSeconds = (printed: string[]): string[] => printed.map((line) => line.replace(/ · [\d.]+s$/, ''))

    it('prints what in-process training prints, plus the run id, and the database holds the finished run', async () => {
      const db = join(folder, 'train.db')
      const [recorded, here] = await Promise.all([runTrain([...RUN, '--db', db]), runTrain(RUN)])

      expect(recorded.stderr).toBe('')
      expect(recorded.code).toBe(0)
      const printed = lines(recorded.stdout)
      expect(printed[3]).toBe(`recording run 1 in ${db}`)
      // the same seed trains the same network in either process: every line matches but for the time taken
      expect(withoutSeconds(printed.filter((_, i) => i !== 3))).toEqual(withoutSeconds(lines(here.stdout)))

      const store = SqliteStore.open(db, { readonly: true })
      const run = store.getRun(1)
      store.close()
      expect(run).toMatchObject({
        status: 'finished',
        sweepId: null,
        config: expect.objectContaining({ hidden: [16], lr: 0.1, epochs: 2 }),
      })
      expect(printed[printed.length - 1]).toBe(`test accuracy: ${((run?.testAccuracy ?? NaN) * 100).toFixed(2)}%`)
    })

    it('--record records in $NNWB_DB, and --out saves the model the database keeps', async () => {
      const db = join(folder, 'from-env.db')
      const out = join(folder, 'recorded.json')
      const run = await runCli('train', [...RUN, '--epochs', '1', '--record', '--out', out], {
        env: { ...process.env, NNWB_DB: db },
      })

      expect(run.stderr).toBe('')
      expect(run.code).toBe(0)
      expect(run.stdout).toContain(`recording run 1 in ${db}\n`)
      const store = SqliteStore.open(db, { readonly: true })
      const stored = store.model(1)
      store.close()
      expect(readFileSync(out, 'utf8')).toBe(stored?.json)
      expect(loadModel(modelFromJson(readFileSync(out, 'utf8'))).parameterCount()).toBe(784 * 16 + 16 + 16 * 10 + 10)
    })

    it('refuses a database another NN Workbench has open, in one line with exit code 1, before loading data', async () => {
      const db = join(folder, 'held.db')
      const holder = SqliteStore.open(db)
      try {
        const run = await runTrain([...RUN, '--db', db])
        expect(run.code).toBe(1)
        expect(run.stdout).toBe('')
        expect(run.stderr).toBe(
          `${db} is already open in another NN Workbench (pid ${process.pid}). Close it first, or pass another --db.\n`,
        )
      } finally {
        holder.close()
      }
    })
  },
)
