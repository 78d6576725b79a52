import { describe, expect, it } from 'vitest'
import type { Dataset } from '../data/dataset'
import { ConfigError, resolveConfig, type TrainConfig } from './config'
import { loadTrainData, splitForConfig } from './trainData.node'

/** `count` one-pixel examples labelled 0, 1, 2, 0, 1, 2, … */
function tiny(count: number): Dataset {
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 3)
  return { name: 'tiny', count, rows: 1, cols: 1, features: 1, images: new Float32Array(count), labels, numClasses: 3 }
}

function configError(attempt: () => unknown): ConfigError {
  try {
    attempt()
  } catch (error) {
    if (error instanceof ConfigError) return error
    throw error
  }
  throw new Error('expected a ConfigError')
}

describe('splitForConfig', () => {
  const binary = (positiveClass: number, more: Partial<TrainConfig> = {}): TrainConfig =>
    resolveConfig({ task: 'binary', positiveClass, outputActivation: 'sigmoid', loss: 'binary-cross-entropy', ...more })

  it('cuts validation off the end of the training file and applies the limits', () => {
    const data = splitForConfig(resolveConfig({ validationSize: 4, trainLimit: 3, testLimit: 2 }), tiny(10), tiny(5))
    expect([data.train.count, data.validation?.count, data.test?.count]).toEqual([3, 4, 2])
    expect(splitForConfig(binary(2, { validationSize: 0 }), tiny(10), tiny(5)).validation).toBeNull()
  })

  it('refuses a config the files cannot serve, as a ConfigError naming the fields', () => {
    const error = configError(() => splitForConfig(binary(3, { validationSize: 10 }), tiny(10), tiny(5)))
    expect(error.problems).toEqual([
      { fields: ['validationSize'], message: 'validation size 10 leaves no training data (the set has 10 examples)' },
      { fields: ['positiveClass'], message: 'positive class 3 is not a class of tiny (0–2)' },
    ])
  })

  it('refuses a dataset it does not have before reading any file', () => {
    const error = configError(() => loadTrainData(resolveConfig({ dataset: 'cifar' })))
    expect(error.problems).toEqual([{ fields: ['dataset'], message: 'unknown dataset "cifar" (built in: mnist)' }])
  })
})
