import { describe, expect, it } from 'vitest'
import type { RunSummary } from '../../../../shared/runs/run'
import { DEFAULT_CONFIG, type TrainConfig } from '../../../../shared/train/config'
import { formatLayers, formatNumber, formatProgress, parseTags } from './format'

const MNIST = { name: 'mnist', builtIn: true, trainCount: 60000, testCount: 10000, rows: 28, cols: 28, classes: 10 }

function run(overrides: Partial<RunSummary>, config: Partial<TrainConfig> = {}): RunSummary {
  return {
    config: { ...DEFAULT_CONFIG, ...config },
    epoch: 0,
    step: 0,
    totalSteps: null,
    etaSeconds: null,
    ...overrides,
  } as RunSummary
}

describe('runs table formats', () => {
  it('names the layers from the dataset’s shape, with one output unit for a binary task', () => {
    expect(formatLayers(run({}, { hidden: [128] }), MNIST)).toBe('784-128-10')
    expect(formatLayers(run({}, { hidden: [], task: 'binary' }), MNIST)).toBe('784-1')
    expect(formatLayers(run({}, { hidden: [64, 32] }), undefined)).toBe('?-64-32-?')
  })

  it('writes learning rates as they are usually written', () => {
    expect([0.01, 0.1, 3, 1e-4, 2.5e-5, 0.001].map(formatNumber)).toEqual([
      '0.01',
      '0.1',
      '3',
      '1e-4',
      '2.5e-5',
      '0.001',
    ])
  })

  it('says which epoch a running run is in (counting from 1) and how long is left', () => {
    expect(formatProgress(run({ epoch: 2.4, etaSeconds: 80 }, { epochs: 20 }))).toBe('epoch 3/20 · 1m 20s left')
    expect(formatProgress(run({ epoch: 20, etaSeconds: 0 }, { epochs: 20 }))).toBe('epoch 20/20 · 0.0s left')
    expect(formatProgress(run({ epoch: 0.5, etaSeconds: 927 }, { epochs: 400 }))).toBe('epoch 1/400 · 15m left')
    expect(formatProgress(run({ step: 300, totalSteps: 1000 }, { epochs: 0, iterations: 1000 }))).toBe('step 300/1000')
  })

  it('reads comma-separated tags without blanks or repeats', () => {
    expect(parseTags(' best, wide,,best ,  ')).toEqual(['best', 'wide'])
  })
})
