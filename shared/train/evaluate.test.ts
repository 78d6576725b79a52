import { describe, expect, it } from 'vitest'
import type { Dataset } from '../data/dataset'
import { type Dense } from '../nn/layers/dense'
import { Network } from '../nn/network'
import { Rng } from '../nn/rng'
import { evaluate } from './evaluate'

/** 2500 examples (three chunks of up to 1000) with two features; the label is which feature is larger, 1 in 5 flipped. */
function dataset(count: number): Dataset {
  const rng = new Rng(1)
  const images = new Float32Array(count * 2)
  const labels = new Uint8Array(count)
  for (let i = 0; i < count; i++) {
    images[2 * i] = rng.uniform()
    images[2 * i + 1] = rng.uniform()
    const larger = images[2 * i + 1] > images[2 * i] ? 1 : 0
    labels[i] = i % 5 === 0 ? 1 - larger : larger
  }
  return { name: 'toy', count, rows: 1, cols: 2, features: 2, images, labels, numClasses: 2 }
}

/** A softmax layer that scores each class by its own feature, ×10. */
function argmaxNetwork(): Network {
  const network = new Network({
    inputSize: 2,
    layers: [{ type: 'dense', units: 2, activation: 'softmax' }],
    loss: 'softmax-cross-entropy',
  })
  ;(network.layers[0] as Dense).w.set([10, 0, 0, 10])
  return network
}

describe('evaluate', () => {
  it('counts the confusion and averages the loss over every chunk, the short last one included', () => {
    const data = dataset(2500)
    const network = argmaxNetwork()
    const result = evaluate(network, data, 2, (label) => label)
    expect(result.confusion.counts.reduce((a, b) => a + b, 0)).toBe(2500)
    expect(result.accuracy).toBe(0.8) // exactly the flipped fifth is wrong
    expect(result.confusion.counts[0 * 2 + 1] + result.confusion.counts[1 * 2 + 0]).toBe(500)

    // the same loss computed example by example in float64
    let sum = 0
    for (let i = 0; i < 2500; i++) {
      const z0 = 10 * data.images[2 * i]
      const z1 = 10 * data.images[2 * i + 1]
      const zTrue = data.labels[i] === 0 ? z0 : z1
      sum += Math.log(Math.exp(z0) + Math.exp(z1)) - zTrue
    }
    expect(result.loss).toBeCloseTo(sum / 2500, 5)
  })

  it('uses inference mode, so dropout does not change the answer', () => {
    const network = new Network({
      inputSize: 2,
      layers: [
        { type: 'dense', units: 8, activation: 'tanh' },
        { type: 'dropout', rate: 0.5 },
        { type: 'dense', units: 2, activation: 'softmax' },
      ],
      loss: 'softmax-cross-entropy',
    })
    network.initialize('glorot-uniform', new Rng(3))
    const data = dataset(300)
    expect(evaluate(network, data, 2, (l) => l)).toEqual(evaluate(network, data, 2, (l) => l))
  })

  it('an empty set has NaN loss and zero accuracy rather than throwing', () => {
    const result = evaluate(argmaxNetwork(), dataset(0), 2, (l) => l)
    expect(result.loss).toBeNaN()
    expect(result.accuracy).toBe(0)
  })
})
