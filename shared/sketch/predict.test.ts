import { describe, expect, it } from 'vitest'
import { saveModel } from '../nn/model'
import { Network } from '../nn/network'
import { Rng } from '../nn/rng'
import { agreement, classify, sketchModel, type ClassProbabilities } from './predict'

function network(outputs: number, activation: 'softmax' | 'sigmoid'): Network {
  const net = new Network({
    inputSize: 784,
    layers: [
      { type: 'dense', units: 8, activation: 'relu' },
      { type: 'dense', units: outputs, activation },
    ],
    loss: activation === 'softmax' ? 'softmax-cross-entropy' : 'binary-cross-entropy',
  })
  net.initialize('glorot-uniform', new Rng(1))
  return net
}
const input = Float32Array.from({ length: 784 }, (_, i) => (i % 7) / 7)

describe('classify', () => {
  it("gives a softmax model's probabilities with the digits as names", () => {
    const result = classify(sketchModel(saveModel(network(10, 'softmax'))), input)
    expect(result.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
    expect(result.probabilities.reduce((a, b) => a + b)).toBeCloseTo(1, 5)
    expect(result.probabilities[result.top]).toBe(Math.max(...result.probabilities))
  })

  it('turns one sigmoid unit into two classes named as the model file says', () => {
    const model = sketchModel(saveModel(network(1, 'sigmoid'), { classes: ['rest', 'is 3'] }))
    const result = classify(model, input)
    const p = model.network.predict(input, 1)[0]
    expect(result.classes).toEqual(['rest', 'is 3'])
    expect(result.probabilities[0]).toBeCloseTo(1 - p, 6)
    expect(result.probabilities[1]).toBeCloseTo(p, 6)
  })

  it('scales outputs that are not a softmax to sum to 1', () => {
    const result = classify(sketchModel(saveModel(network(10, 'sigmoid'))), input)
    expect(result.probabilities.reduce((a, b) => a + b)).toBeCloseTo(1, 5)
  })
})

describe('agreement', () => {
  const said = (top: number, probabilities: number[], classes = ['0', '1', '2']): ClassProbabilities => ({
    classes,
    probabilities,
    top,
  })

  it('counts the models behind the most common answer and averages their probability for it', () => {
    const result = agreement([said(2, [0.1, 0.1, 0.8]), said(2, [0.3, 0.1, 0.6]), said(1, [0.2, 0.5, 0.3])])
    expect(result).toEqual({
      className: '2',
      votes: 2,
      models: 3,
      others: 0,
      meanProbability: expect.closeTo((0.8 + 0.6 + 0.3) / 3, 9),
    })
  })

  it('breaks a tie by the higher mean probability', () => {
    const result = agreement([said(1, [0.2, 0.7, 0.1]), said(2, [0.3, 0.1, 0.6])])
    expect(result).toMatchObject({ className: '1', votes: 1, models: 2 })
    expect(result?.meanProbability).toBeCloseTo((0.7 + 0.1) / 2, 9)
  })

  it('compares only the models with the most common classes, and counts the others', () => {
    const binary = said(1, [0.1, 0.9], ['rest', 'is 1'])
    const result = agreement([said(1, [0.2, 0.7, 0.1]), binary, said(1, [0.3, 0.6, 0.1])])
    expect(result).toMatchObject({ className: '1', votes: 2, models: 2, others: 1 })
    expect(agreement([binary])).toMatchObject({ className: 'is 1', votes: 1, models: 1, others: 0 })
  })

  it('is null for no models', () => {
    expect(agreement([])).toBeNull()
  })
})
