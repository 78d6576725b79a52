import { describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG, type TrainConfig } from '../../../../shared/train/config'
import { configRows, parameterCount } from './configRows'

describe('configRows', () => {
  it('lists every field of the config exactly once', () => {
    const keys = configRows(DEFAULT_CONFIG).map((row) => row.key)
    expect([...keys].sort()).toEqual(Object.keys(DEFAULT_CONFIG).sort())
  })

  it('marks settings the rest of the config makes irrelevant', () => {
    const applies = (c: TrainConfig, key: keyof TrainConfig) => configRows(c).find((row) => row.key === key)?.applies
    expect(applies(DEFAULT_CONFIG, 'beta1')).toBe(false)
    expect(applies({ ...DEFAULT_CONFIG, optimizer: 'adam' }, 'beta1')).toBe(true)
    expect(applies(DEFAULT_CONFIG, 'iterations')).toBe(false)
  })

  it('says what zeros mean', () => {
    const value = (key: keyof TrainConfig) =>
      configRows({ ...DEFAULT_CONFIG, batchSize: 0 }).find((row) => row.key === key)?.value
    expect(value('batchSize')).toBe('full batch')
    expect(value('trainLimit')).toBe('all')
  })
})

describe('parameterCount', () => {
  it('counts the Keras MLP as Keras does: 784·128+128 + 128·10+10', () => {
    expect(parameterCount(DEFAULT_CONFIG, 784, 10)).toBe(101_770)
  })

  it('gives a binary task one output unit', () => {
    expect(parameterCount({ ...DEFAULT_CONFIG, task: 'binary', hidden: [] }, 784, 10)).toBe(785)
  })
})
