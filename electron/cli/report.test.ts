import { describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG, modelSpecFor, resolveConfig } from '../../shared/train/config'
import { presetByName } from '../../shared/train/presets'
import type { Progress } from '../../shared/train/train'
import type { MetricPoint } from '../../shared/runs/run'
import {
  confusionLabels,
  describeLayers,
  evaluationsIn,
  formatEvaluation,
  formatProgress,
  formatResults,
  formatTestAccuracy,
  formatVerdicts,
  markdownTable,
  runLength,
} from './report'
import { verdicts, type RunResult } from './reproducePlan'

const preset = (name: string) => resolveConfig(presetByName(name)!.config)

describe('report formatting', () => {
  it('says how long a run is', () => {
    expect(runLength(preset('keras-mlp'))).toBe('20 epochs')
    expect(runLength({ ...DEFAULT_CONFIG, epochs: 1 })).toBe('1 epoch')
    expect(runLength(preset('tf-mlp'))).toBe('1000 iterations')
  })

  it('describes the layer stack', () => {
    expect(describeLayers(modelSpecFor(preset('tf-mlp'), 784, 10))).toBe(
      '784-512-256-128-10, linear, dropout 0.5, softmax out',
    )
    expect(describeLayers(modelSpecFor(preset('logistic'), 784, 10))).toBe('784-1, sigmoid out')
  })

  it('prints an evaluation per epoch, or per step in iteration mode', () => {
    const report = { step: 782, epoch: 2, trainLoss: 0.31204, trainAccuracy: 0.91023, seconds: 14.21, validation: null }
    expect(formatEvaluation(report, preset('keras-mlp'))).toBe('epoch 2/20: train loss 0.3120 acc 91.02% · 14s')
    const validation = { loss: 0.2877, accuracy: 0.9195, confusion: { classes: 10, counts: [] } }
    expect(formatEvaluation({ ...report, step: 100, validation }, preset('tf-mlp'))).toBe(
      'step 100/1000: train loss 0.3120 acc 91.02% · val loss 0.2877 acc 91.95% · 14s',
    )
  })

  it('fits the progress bar into the terminal width', () => {
    const progress: Progress = {
      step: 176,
      totalSteps: 391,
      epoch: 0.45,
      totalEpochs: 1,
      fraction: 0.45,
      elapsedSeconds: 12,
      etaSeconds: 14.7,
    }
    const config = { ...DEFAULT_CONFIG, epochs: 1 }
    expect(formatProgress(progress, config, 100)).toMatch(/^\[█+░+\] {2}45% · epoch 0\.45\/1 · 12s, ETA 15s$/)
    expect(formatProgress(progress, config, 30)).toHaveLength(30)
  })

  it('labels a binary confusion matrix "rest" and "is N"', () => {
    expect(confusionLabels(preset('logistic'))).toEqual(['rest', 'is 3'])
    expect(confusionLabels(DEFAULT_CONFIG)).toEqual([])
  })

  it('ends a run with the test accuracy', () => {
    expect(formatTestAccuracy(0.92614)).toBe('test accuracy: 92.61%')
    expect(formatTestAccuracy(null)).toBe('test accuracy: n/a (no test set)')
  })

  it('draws Markdown tables', () => {
    expect(markdownTable(['a', 'b'], [['1', '2']])).toBe('| a | b |\n| --- | --- |\n| 1 | 2 |')
  })
})

describe('reproduce results', () => {
  const result = (preset: string, seed: number, testAccuracy: number | null): RunResult => ({
    preset,
    seed,
    length: '30 epochs',
    testAccuracy,
    trainAccuracy: testAccuracy,
    published: '96.59%',
    seconds: 100,
  })

  it('judges a preset on its best seed, and a diverged run as a failure', () => {
    const results = [
      result('scratch-dnn', 1, 0.951),
      result('scratch-dnn', 2, 0.9671),
      result('scratch-dnn', 3, null),
      result('keras-mlp', 1, 0.92),
    ]
    const judged = verdicts(results)
    expect(judged.map((v) => [v.preset, v.best?.seed, v.pass])).toEqual([
      ['scratch-dnn', 2, true],
      ['keras-mlp', 1, false],
    ])
    expect(verdicts([result('tf-mlp', 1, null)])[0]).toMatchObject({ best: null, pass: false })
    expect(formatVerdicts(judged)).toBe(
      [
        '| preset | target (test) | result | verdict |',
        '| --- | --- | --- | --- |',
        '| scratch-dnn | ≥ 96.50% (best of 3 seeds) | 96.71% (seed 2) | PASS |',
        '| keras-mlp | ≥ 92.50% | 92.00% | FAIL |',
      ].join('\n'),
    )
    expect(formatResults(results).split('\n')[4]).toBe(
      '| scratch-dnn | 3 | 30 epochs | diverged | – | 96.59% | 100.0 |',
    )
  })
})

describe("evaluation lines from a trainer's metric points", () => {
  const T0 = 1_700_000_000_000
  const point = (name: MetricPoint['name'], step: number, value: number, wallTime = T0 + 1500): MetricPoint => ({
    name,
    step,
    epoch: step / 32,
    value,
    wallTime,
  })

  it('rebuilds each evaluation from its four points, leaving out the per-step ones', () => {
    const points = [
      point('train/loss', 31, 0.9),
      point('lr', 31, 0.1),
      point('train/loss', 32, 0.8),
      point('lr', 32, 0.1),
      point('train/loss_epoch', 32, 0.7729),
      point('train/accuracy', 32, 0.786),
      point('val/loss', 32, 0.6102),
      point('val/accuracy', 32, 0.825),
    ]
    const [evaluation, ...rest] = evaluationsIn(points, T0)
    expect(rest).toEqual([])
    expect(evaluation).toEqual({
      step: 32,
      epoch: 1,
      trainLoss: 0.7729,
      trainAccuracy: 0.786,
      validation: { loss: 0.6102, accuracy: 0.825 },
      seconds: 1.5,
    })
    expect(formatEvaluation(evaluation, { ...DEFAULT_CONFIG, epochs: 2 })).toBe(
      'epoch 1/2: train loss 0.7729 acc 78.60% · val loss 0.6102 acc 82.50% · 1.5s',
    )
  })

  it('has no validation without a validation set, and no time before the run is known to have started', () => {
    const [evaluation] = evaluationsIn([point('train/loss_epoch', 64, 0.5), point('train/accuracy', 64, 0.9)], null)
    expect(evaluation).toMatchObject({ validation: null, seconds: NaN })
    expect(evaluationsIn([point('train/loss', 1, 2.3), point('lr', 1, 0.1)], T0)).toEqual([])
  })
})
