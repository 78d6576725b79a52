// End to end: `npm run train` as a real child process, on a slice of the real MNIST.
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { loadModel, modelFromJson } from '../../shared/nn/model'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx')
const SMALL_RUN = ['--train-limit', '2000', '--validation', '1000', '--test-limit', '500']

interface Finished {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs the CLI; `onStdout` may act on the output so far (to send a signal, say). */
function runTrain(args: string[], onStdout?: (soFar: string, child: ReturnType<typeof spawn>) => void): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['electron/cli/train.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
      onStdout?.(stdout, child)
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '')

describe('npm run train', { timeout: 20_000 }, () => {
  const folder = mkdtempSync(join(tmpdir(), 'nnwb-train-'))
  afterAll(() => rmSync(folder, { recursive: true, force: true }))

  it('trains, prints one line per epoch and the test accuracy last, and saves a model that loads', async () => {
    const out = join(folder, 'm.json')
    const run = await runTrain(['--preset', 'keras-mlp', '--epochs', '2', '--out', out, ...SMALL_RUN])

    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const printed = lines(run.stdout)
    expect(printed[0]).toMatch(/^keras-mlp · 784-128-10, relu, softmax out · .* · 2 epochs · seed 1 · 101,770 parameters$/)
    expect(printed.filter((line) => line.startsWith('epoch '))).toHaveLength(2)
    expect(printed).toContainEqual(expect.stringMatching(/^epoch 2\/2: train loss \d\.\d{4} acc [\d.]+% · val loss \d\.\d{4} acc [\d.]+% · [\d.]+s$/))
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
    expect(lines(run.stderr)).toEqual([expect.stringMatching(/^diverged at step \d+ \(loss NaN\): try a lower learning rate$/)])
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
