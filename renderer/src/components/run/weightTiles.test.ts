import { describe, expect, it } from 'vitest'
import type { SavedModel } from '../../../../shared/nn/model'
import { divergingColor, firstLayerTiles, tileRgba, type WeightTiles } from './weightTiles'

const model = (inputSize: number, hidden: number[], weights: number[]): SavedModel => ({
  format: 'nn-workbench-model',
  version: 1,
  spec: {
    inputSize,
    layers: [
      ...hidden.map((units) => ({ type: 'dense' as const, units, activation: 'relu' as const })),
      { type: 'dense', units: 2, activation: 'softmax' },
    ],
    loss: 'softmax-cross-entropy',
  },
  weights: Float32Array.from(weights),
})

describe('firstLayerTiles', () => {
  it('takes the first units × inputs weights, one tile per unit', () => {
    // 2×2 images, 3 hidden units: 12 first-layer weights, then 3 biases and the output layer
    const weights = Array.from({ length: 12 + 3 + 6 + 2 }, (_, i) => i)
    const tiles = firstLayerTiles(model(4, [3], weights), { rows: 2, cols: 2 }) as WeightTiles
    expect(tiles).toMatchObject({ units: 3, rows: 2, cols: 2, isOutput: false })
    expect([...tiles.weights]).toEqual(weights.slice(0, 12))
  })

  it('says when the inputs are not an image of the expected shape', () => {
    expect(firstLayerTiles(model(10, [3], []))).toEqual({
      problem: expect.stringMatching(/10 inputs, not a 28×28 image/),
    })
  })

  it('marks a model without hidden layers, whose tiles are the class templates', () => {
    const tiles = firstLayerTiles(model(4, [], new Array(10).fill(0)), { rows: 2, cols: 2 }) as WeightTiles
    expect(tiles.isOutput).toBe(true)
  })
})

describe('weight colours', () => {
  it('runs from blue through white to red', () => {
    expect(divergingColor(-1)).toEqual([33, 102, 172])
    expect(divergingColor(0)).toEqual([255, 255, 255])
    expect(divergingColor(1)).toEqual([178, 24, 43])
    expect(divergingColor(Number.NaN)).toEqual([255, 255, 255])
  })

  it('normalises each tile by its own largest magnitude', () => {
    const tiles: WeightTiles = {
      units: 2,
      rows: 1,
      cols: 2,
      weights: Float32Array.from([-0.01, 0.005, 4, 0]),
      isOutput: false,
    }
    // unit 0: -0.01 is full blue even though unit 1 has a weight of 4
    expect([...tileRgba(tiles, 0).slice(0, 4)]).toEqual([33, 102, 172, 255])
    expect([...tileRgba(tiles, 1).slice(0, 4)]).toEqual([178, 24, 43, 255])
    expect([...tileRgba(tiles, 1).slice(4, 8)]).toEqual([255, 255, 255, 255])
  })
})
