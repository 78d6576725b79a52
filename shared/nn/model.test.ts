import { describe, expect, it } from 'vitest'
import { loadModel, modelFromJson, modelToJson, saveModel, type ModelMeta, type SavedModel } from './model'
import { Network, type ModelSpec } from './network'
import { Rng } from './rng'
import { randomArray } from './testing/gradcheck'

const SPEC: ModelSpec = {
  inputSize: 6,
  layers: [
    { type: 'dense', units: 5, activation: 'relu' },
    { type: 'dense', units: 4, activation: 'tanh' },
    { type: 'dropout', rate: 0.5 },
    { type: 'dense', units: 3, activation: 'softmax' },
  ],
  loss: 'softmax-cross-entropy',
}
const WEIGHT_COUNT = 6 * 5 + 5 + 5 * 4 + 4 + 4 * 3 + 3

function trainedLooking(): Network {
  const network = new Network(SPEC)
  network.initialize('he-normal', new Rng(1))
  const rng = new Rng(2)
  for (const p of network.params()) if (p.name === 'b') p.value.set(randomArray(rng, p.value.length, 0.5))
  return network
}

const bits = (values: Float32Array): number[] =>
  Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length))

describe('model save and load', () => {
  it('round-trips through JSON with bit-identical parameters and predictions', () => {
    const network = trainedLooking()
    const loaded = loadModel(modelFromJson(modelToJson(saveModel(network))))
    expect(loaded.spec).toEqual(SPEC)
    expect(loaded.params().map((p) => p.name)).toEqual(network.params().map((p) => p.name))
    loaded.params().forEach((p, k) => expect(bits(p.value)).toEqual(bits(network.params()[k].value)))
    const inputs = randomArray(new Rng(3), 20 * 6)
    expect(bits(loaded.predict(inputs, 20))).toEqual(bits(network.predict(inputs, 20)))
  })

  it('saves every parameter in params() order and copies the spec', () => {
    const network = trainedLooking()
    const saved = saveModel(network)
    expect(saved.weights.length).toBe(WEIGHT_COUNT)
    expect(Array.from(saved.weights.subarray(0, 30))).toEqual(Array.from(network.params()[0].value))
    expect(Array.from(saved.weights.subarray(30, 35))).toEqual(Array.from(network.params()[1].value))
    network.params()[0].value[0] = 1234 // later training must not change a saved model
    expect(saved.weights[0]).not.toBe(1234)
    expect(saved.spec).not.toBe(network.spec)
  })

  it('keeps awkward float32 values exactly: −0, subnormals, the extremes, ±Infinity, NaN', () => {
    const special = new Float32Array([-0, 1e-45, -1.17549435e-38, 3.4028234663852886e38, Infinity, -Infinity, NaN, 0.1])
    for (let n = 1; n <= special.length; n++) {
      // every length mod 3, so base64 padding of 0, 1 and 2 characters is exercised
      const weights = special.slice(0, n)
      const saved: SavedModel = { format: 'nn-workbench-model', version: 1, spec: SPEC, weights }
      expect(bits(modelFromJson(modelToJson(saved)).weights)).toEqual(bits(weights))
    }
  })

  it('writes the weights as standard base64 of little-endian float32', () => {
    const weights = new Float32Array([1, -2.5, 3.25e-7])
    const json = JSON.parse(modelToJson({ format: 'nn-workbench-model', version: 1, spec: SPEC, weights })) as {
      weights: string
    }
    const bytes = Buffer.alloc(12)
    weights.forEach((v, i) => bytes.writeFloatLE(v, 4 * i))
    expect(json.weights).toBe(bytes.toString('base64'))
  })
})

describe('model meta', () => {
  const META: ModelMeta = {
    config: { hidden: [5, 4], lr: 0.1, task: 'multiclass' },
    testAccuracy: 0.9261,
    createdAt: '2025-01-31T12:00:00.000Z',
    classes: ['zero', 'one', 'two'],
  }
  const json = (meta: unknown): string =>
    JSON.stringify({ ...(JSON.parse(modelToJson(saveModel(trainedLooking()))) as object), meta })

  it('round-trips through JSON, and saveModel copies it', () => {
    const meta = structuredClone(META)
    const saved = saveModel(trainedLooking(), meta)
    ;(meta.classes as string[])[0] = 'changed'
    expect(modelFromJson(modelToJson(saved)).meta).toEqual(META)
  })

  it('is optional, as a whole and in every part', () => {
    const saved = saveModel(trainedLooking())
    expect(saved.meta).toBeUndefined()
    expect(JSON.parse(modelToJson(saved))).not.toHaveProperty('meta')
    expect(modelFromJson(modelToJson(saved)).meta).toBeUndefined()
    expect(modelFromJson(json({})).meta).toEqual({})
    expect(modelFromJson(json({ testAccuracy: 1 })).meta).toEqual({ testAccuracy: 1 })
  })

  it('names a single sigmoid output with two classes, its 0 and 1', () => {
    const binary: ModelSpec = {
      inputSize: 3,
      layers: [{ type: 'dense', units: 1, activation: 'sigmoid' }],
      loss: 'binary-cross-entropy',
    }
    const saved = saveModel(new Network(binary), { classes: ['rest', 'is 3'] })
    expect(modelFromJson(modelToJson(saved)).meta?.classes).toEqual(['rest', 'is 3'])
    expect(() => modelFromJson(modelToJson({ ...saved, meta: { classes: ['is 3'] } }))).toThrow(
      "model meta: classes names 1 classes but the model's 1 outputs need 2",
    )
  })

  it('keeps the parts it knows and drops the rest', () => {
    expect(modelFromJson(json({ ...META, notes: 'hello' })).meta).toEqual(META)
  })

  it('refuses parts of the wrong type, saying which', () => {
    const cases: Array<[meta: unknown, message: string]> = [
      [[], 'model meta: must be an object'],
      ['trained', 'model meta: must be an object'],
      [{ config: [1] }, 'model meta: config must be an object'],
      [{ config: null }, 'model meta: config must be an object'],
      [{ testAccuracy: '92%' }, 'model meta: test accuracy must be a number from 0 to 1, got "92%"'],
      [{ testAccuracy: 92.6 }, 'model meta: test accuracy must be a number from 0 to 1, got 92.6'],
      [{ createdAt: 1738324800000 }, 'model meta: createdAt must be a date string'],
      [{ classes: 'digits' }, 'model meta: classes must be a list of names'],
      [{ classes: [0, 1, 2] }, 'model meta: classes must be a list of names'],
      [{ classes: ['a', 'b'] }, "model meta: classes names 2 classes but the model's 3 outputs need 3"],
    ]
    for (const [meta, message] of cases) expect(() => modelFromJson(json(meta)), JSON.stringify(meta)).toThrow(message)
  })
})

describe('model files that are wrong say what is wrong', () => {
  const good = (): Record<string, unknown> =>
    JSON.parse(modelToJson(saveModel(trainedLooking()))) as Record<string, unknown>
  const load =
    (changes: Record<string, unknown>): (() => Network) =>
    () =>
      loadModel(modelFromJson(JSON.stringify({ ...good(), ...changes })))

  it('wrong or missing format', () => {
    expect(load({ format: 'keras' })).toThrow('not an NN Workbench model file (format field missing or wrong)')
    expect(load({ format: undefined })).toThrow(/not an NN Workbench model file/)
    expect(() => modelFromJson('[]')).toThrow(/not an NN Workbench model file/)
    expect(() => modelFromJson('null')).toThrow(/not an NN Workbench model file/)
  })

  it('text that is not JSON at all', () => {
    expect(() => modelFromJson('weights,1,2,3')).toThrow(SyntaxError)
  })

  it('a newer version', () => {
    expect(load({ version: 2 })).toThrow('model file version 2 is not supported (this build reads version 1)')
  })

  it('missing spec or weights', () => {
    expect(load({ weights: undefined })).toThrow('model file is missing its spec or weights')
    expect(load({ spec: undefined })).toThrow('model file is missing its spec or weights')
    expect(load({ weights: [1, 2, 3] })).toThrow('model file is missing its spec or weights')
  })

  it('weights that are not base64', () => {
    expect(load({ weights: 'AAAA!AAA' })).toThrow(
      'model weights are not valid base64 ("!" is not one of A–Z, a–z, 0–9, + and /)',
    )
    expect(load({ weights: 'AAAA AAA' })).toThrow('model weights are not valid base64')
    // base64url's - and _, a line break, a non-ASCII letter, '=' inside the text, three '=' of padding
    for (const weights of ['AAAA-AAA', 'AAAA_AAA', 'AAAA\nAAA', 'AAAAéAA', 'AA=AAAAA', 'AAAAAA===']) {
      expect(load({ weights }), JSON.stringify(weights)).toThrow(/^model weights are not valid base64/)
    }
  })

  it('base64 that ends one character into a group of four', () => {
    // 5 characters: 30 bits, one byte too few for 4 and 6 bits left over, which the decoder once dropped silently
    for (const weights of ['AACAPwAAA', 'AACAPwAAA=', 'AACAPwAAA==', 'A']) {
      expect(load({ weights }), weights).toThrow(
        'model weights are not valid base64 (the text ends one character into a group of four)',
      )
    }
  })

  it('weights cut short mid-value', () => {
    expect(load({ weights: 'AACAPwAA' })).toThrow('model weights are not a whole number of float32 values') // 6 bytes
  })

  it('a weight count that does not fit the architecture', () => {
    const three = modelToJson({ format: 'nn-workbench-model', version: 1, spec: SPEC, weights: new Float32Array(3) })
    expect(() => loadModel(modelFromJson(three))).toThrow(
      `model has 3 weights but its architecture needs ${WEIGHT_COUNT}`,
    )
    const saved = saveModel(trainedLooking())
    const wider = { ...saved, spec: { ...SPEC, inputSize: 7 } }
    expect(() => loadModel(wider)).toThrow(
      `model has ${WEIGHT_COUNT} weights but its architecture needs ${WEIGHT_COUNT + 5}`,
    )
  })

  it('an architecture this build cannot run', () => {
    const spec = good().spec as ModelSpec
    const dense = spec.layers[0]
    expect(load({ spec: { ...spec, loss: 'hinge' } })).toThrow(/model spec: loss must be one of .*, got "hinge"/)
    expect(load({ spec: { ...spec, layers: [{ ...dense, activation: 'swish' }, ...spec.layers.slice(1)] } })).toThrow(
      /model spec: layer 1 activation must be one of .*, got "swish"/,
    )
    expect(load({ spec: { ...spec, layers: [{ type: 'conv' }, ...spec.layers.slice(1)] } })).toThrow(
      /model spec: layer 1 has unknown type "conv"/,
    )
    expect(load({ spec: { ...spec, layers: [{ ...dense, units: 0 }, ...spec.layers.slice(1)] } })).toThrow(
      /model spec: layer 1 units/,
    )
    expect(load({ spec: { ...spec, inputSize: -1 } })).toThrow(/model spec: input size/)
    expect(load({ spec: { ...spec, layers: 'dense' } })).toThrow(/model spec: layers must be a non-empty list/)
  })
})
