import { describe, expect, it } from 'vitest'
import { loadModel, modelFromJson, modelToJson, saveModel } from '../nn/model'
import { Network } from '../nn/network'
import { modelSpecFor, resolveConfig } from './config'
import { classNamesFor, modelMetaFor } from './modelMeta'

describe('model meta for a run', () => {
  it('names the digits of a multiclass task and the 0 and 1 of a binary one', () => {
    expect(classNamesFor(resolveConfig({}), 10)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
    const binary = resolveConfig({
      task: 'binary',
      positiveClass: 3,
      outputActivation: 'sigmoid',
      loss: 'binary-cross-entropy',
    })
    expect(classNamesFor(binary, 10)).toEqual(['rest', 'is 3'])
  })

  it('records the config, the test accuracy, when, and the class names, and a saved model reads them back', () => {
    const config = resolveConfig({ hidden: [8] })
    const meta = modelMetaFor(config, 10, 0.875, new Date(Date.UTC(2025, 0, 31, 12)))
    expect(meta).toEqual({
      config,
      testAccuracy: 0.875,
      createdAt: '2025-01-31T12:00:00.000Z',
      classes: classNamesFor(config, 10),
    })
    expect(meta.config?.hidden).not.toBe(config.hidden)

    const network = new Network(modelSpecFor(config, 784, 10))
    const read = modelFromJson(modelToJson(saveModel(network, meta)))
    expect(read.meta).toEqual(meta)
    expect(loadModel(read).outputSize).toBe(10)
  })

  it('leaves the test accuracy out when there was no test set', () => {
    expect(modelMetaFor(resolveConfig({}), 10, null)).not.toHaveProperty('testAccuracy')
  })
})
