import { describe, expect, it } from 'vitest'
import type { RunSummary } from '../../../../shared/runs/run'
import { DEFAULT_CONFIG } from '../../../../shared/train/config'
import { statusSentence } from './runStatus'

const run = (over: Partial<RunSummary>): RunSummary => ({
  id: 1,
  name: 'r',
  sweepId: null,
  status: 'queued',
  error: null,
  dataset: 'mnist',
  seed: 1,
  config: DEFAULT_CONFIG,
  createdAt: 0,
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
  myDigitsAccuracy: null,
  myDigitsCount: null,
  tags: [],
  notes: '',
  ...over,
})

describe('statusSentence', () => {
  it('gives progress and time left while running', () => {
    const sentence = statusSentence(
      run({ status: 'running', step: 812, totalSteps: 2000, progress: 0.406, epoch: 1.62, etaSeconds: 12 }),
    )
    expect(sentence).toBe('step 812 of 2,000 (41%), epoch 1.6, about 12s left')
  })

  it('says a running run with no step yet is loading its data', () => {
    expect(statusSentence(run({ status: 'running' }))).toBe('starting: loading the data')
  })

  it('gives the duration and test accuracy of a finished run', () => {
    expect(statusSentence(run({ status: 'finished', startedAt: 0, finishedAt: 95_000, testAccuracy: 0.9264 }))).toBe(
      'finished in 1m 35s; test accuracy 92.64%',
    )
  })

  it("uses the host's reason for a run that ended badly, else a plain default", () => {
    const error = 'diverged at step 812 (loss NaN): try a lower learning rate'
    expect(statusSentence(run({ status: 'diverged', error }))).toBe(error)
    expect(statusSentence(run({ status: 'interrupted' }))).toMatch(/app closed/)
  })
})
