import { describe, expect, it } from 'vitest'
import type { ActivationName } from './activations'
import { kernelsName, setKernels } from './kernelSet'
import { Dense } from './layers/dense'
import type { LayerSpec } from './layers/layer'
import type { LossName } from './losses'
import type { Matrix } from './matrix'
import { Network } from './network'
import { Sgd } from './optim/sgd'
import { Rng } from './rng'
import { randomArray, ReplayRng, worstGradientMismatch } from './testing/gradcheck'

const ROWS = 5
const INPUTS = 8

/** Inputs with columns 2, 5 and 6 zero everywhere, so the first layer also runs its skip-zero-columns path. */
function inputs(rng: Rng): Matrix {
  const x = { rows: ROWS, cols: INPUTS, data: randomArray(rng, ROWS * INPUTS) }
  for (let r = 0; r < ROWS; r++) for (const j of [2, 5, 6]) x.data[r * INPUTS + j] = 0
  return x
}

function targetsFor(loss: LossName, outputs: number, rng: Rng): Matrix {
  const y = { rows: ROWS, cols: outputs, data: new Float32Array(ROWS * outputs) }
  for (let r = 0; r < ROWS; r++) {
    if (outputs === 1) y.data[r] = r % 2
    else if (loss === 'quadratic') for (let j = 0; j < outputs; j++) y.data[r * outputs + j] = rng.uniform()
    else y.data[r * outputs + rng.below(outputs)] = 1
  }
  return y
}

const dense = (units: number, activation: ActivationName): LayerSpec => ({ type: 'dense', units, activation })

interface Case {
  name: string
  layers: LayerSpec[]
  loss: LossName
}

const CASES: Case[] = [
  {
    name: 'softmax + softmax cross-entropy (fused), tanh hidden, dropout',
    loss: 'softmax-cross-entropy',
    layers: [dense(6, 'tanh'), { type: 'dropout', rate: 0.4 }, dense(4, 'softmax')],
  },
  {
    name: 'sigmoid + binary cross-entropy (fused), leaky-relu hidden',
    loss: 'binary-cross-entropy',
    layers: [dense(6, 'leaky-relu'), dense(1, 'sigmoid')],
  },
  {
    name: 'sigmoid + binary cross-entropy, no hidden layer (logistic regression)',
    loss: 'binary-cross-entropy',
    layers: [dense(1, 'sigmoid')],
  },
  {
    name: 'sigmoid + quadratic (not fused), sigmoid hidden',
    loss: 'quadratic',
    layers: [dense(6, 'sigmoid'), dense(3, 'sigmoid')],
  },
  {
    name: 'softmax + quadratic (not fused: softmax Jacobian)',
    loss: 'quadratic',
    layers: [dense(5, 'tanh'), dense(4, 'softmax')],
  },
  {
    name: 'linear + quadratic, two relu hidden layers',
    loss: 'quadratic',
    layers: [dense(6, 'relu'), dense(5, 'relu'), dense(2, 'linear')],
  },
  {
    name: 'sigmoid + multi-label binary cross-entropy, linear hidden',
    loss: 'binary-cross-entropy',
    layers: [dense(5, 'linear'), dense(3, 'sigmoid')],
  },
]

/** Every pre-activation of a (leaky) relu at least 0.05 from 0, so no ±1e-2 nudge crosses a kink. */
function clearOfKinks(network: Network): boolean {
  return network.layers.every(
    (layer) =>
      !(layer instanceof Dense) ||
      !['relu', 'leaky-relu'].includes(layer.activation) ||
      layer.lastPreActivation().data.every((z) => Math.abs(z) > 0.05),
  )
}

function build(c: Case) {
  for (let seed = 1; ; seed++) {
    const dropoutRng = new ReplayRng(seed)
    const network = new Network({ inputSize: INPUTS, layers: c.layers, loss: c.loss }, dropoutRng)
    network.initialize('glorot-uniform', new Rng(seed))
    const rng = new Rng(100 + seed)
    for (const p of network.params()) if (p.name === 'b') p.value.set(randomArray(rng, p.value.length, 0.3))
    const x = inputs(rng)
    const y = targetsFor(c.loss, network.outputSize, rng)
    const loss = (): number => {
      dropoutRng.rewind() // the same dropout mask on every pass
      network.forward(x, true)
      return network.lossOfLastForward(y)
    }
    loss()
    if (clearOfKinks(network)) return { network, x, y, loss, dropoutRng }
  }
}

describe('whole-network parameter gradients match central differences', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const { network, y, loss, dropoutRng } = build(c)
      dropoutRng.rewind()
      network.forward(inputs(new Rng(0)), true) // an unrelated batch first: backward must use the latest forward only
      const value = loss()
      expect(network.backward(y)).toBeCloseTo(value, 12)
      const analytic = network.params().map((p) => p.grad.slice())
      network.params().forEach((p, k) => {
        const worst = worstGradientMismatch(p.value, analytic[k], loss, 1e-2)
        expect(
          worst.error,
          `param ${k} (${p.name})[${worst.index}]: analytic ${worst.analytic}, numeric ${worst.numeric}`,
        ).toBeLessThan(1e-2)
      })
    })
  }
})

describe('Network', () => {
  it('backward returns the same loss as lossOfLastForward and leaves the parameters alone', () => {
    const { network, x, y } = build(CASES[0])
    const before = network.params().map((p) => p.value.slice())
    network.forward(x, false)
    const evaluated = network.lossOfLastForward(y)
    network.forward(x, false)
    expect(network.backward(y)).toBe(evaluated)
    network.params().forEach((p, k) => expect(p.value).toEqual(before[k]))
  })

  it('the fused losses equal cross-entropy of the probabilities the network outputs', () => {
    for (const c of [CASES[0], CASES[1], CASES[6]]) {
      const { network, x, y } = build(c)
      const p = network.forward(x, false).data
      let expected = 0
      for (let i = 0; i < y.data.length; i++) {
        expected -=
          c.loss === 'softmax-cross-entropy'
            ? y.data[i] * Math.log(p[i])
            : y.data[i] * Math.log(p[i]) + (1 - y.data[i]) * Math.log(1 - p[i])
      }
      expect(network.lossOfLastForward(y), c.name).toBeCloseTo(expected / ROWS, 5)
    }
  })

  it('predict runs in inference mode, in chunks, with the same result for any chunk size', () => {
    const spec = {
      inputSize: 4,
      layers: [dense(7, 'relu'), { type: 'dropout', rate: 0.5 } as LayerSpec, dense(3, 'softmax')],
      loss: 'softmax-cross-entropy' as const,
    }
    const network = new Network(spec, new Rng(1))
    network.initialize('he-normal', new Rng(2))
    const data = randomArray(new Rng(3), 10 * 4)
    const whole = network.predict(data, 10)
    expect(whole.length).toBe(30)
    expect(network.predict(data, 10, 3)).toEqual(whole) // 3 + 3 + 3 + 1 rows
    expect(network.predict(data, 10, 1)).toEqual(whole)
    for (let r = 0; r < 10; r++) expect(whole[3 * r] + whole[3 * r + 1] + whole[3 * r + 2]).toBeCloseTo(1, 6)
  })

  it('stays finite with logits of ±1000 through the fused softmax and sigmoid paths', () => {
    for (const [activation, loss, units] of [
      ['softmax', 'softmax-cross-entropy', 2],
      ['sigmoid', 'binary-cross-entropy', 1],
    ] as const) {
      const network = new Network({ inputSize: 1, layers: [dense(units, activation)], loss })
      const out = network.layers[0] as Dense
      out.w.fill(1000)
      if (units === 2) out.w[1] = -1000
      const x = { rows: 2, cols: 1, data: new Float32Array([1, -1]) }
      const y = { rows: 2, cols: units, data: new Float32Array(units === 2 ? [0, 1, 0, 1] : [0, 0]) }
      const probabilities = network.forward(x, true).data
      expect(Array.from(probabilities).every(Number.isFinite)).toBe(true)
      const value = network.backward(y)
      expect(Number.isFinite(value), `${loss} loss ${value}`).toBe(true)
      for (const p of network.params())
        expect(Array.from(p.grad).every(Number.isFinite), `${loss} ${p.name}`).toBe(true)
    }
  })

  it('counts its parameters and refuses a stack that does not end in a dense layer', () => {
    const network = new Network({
      inputSize: 784,
      layers: [dense(128, 'relu'), dense(10, 'softmax')],
      loss: 'softmax-cross-entropy',
    })
    expect(network.parameterCount()).toBe(784 * 128 + 128 + 128 * 10 + 10)
    expect(
      () =>
        new Network({ inputSize: 3, layers: [dense(2, 'relu'), { type: 'dropout', rate: 0.5 }], loss: 'quadratic' }),
    ).toThrow('the last layer must be dense')
  })

  // Fused and unfused read different buffers (pre-activations, outputs); both must refuse targets of another shape,
  // which the fused path once took silently: fewer rows gave a partial gradient, more read past the buffer.
  const SHAPE_CASES = [
    { path: 'unfused (sigmoid + quadratic)', activation: 'sigmoid', loss: 'quadratic' },
    { path: 'fused (softmax + softmax cross-entropy)', activation: 'softmax', loss: 'softmax-cross-entropy' },
    { path: 'fused (sigmoid + binary cross-entropy)', activation: 'sigmoid', loss: 'binary-cross-entropy' },
  ] as const

  for (const { path, activation, loss } of SHAPE_CASES) {
    it(`checks that targets match the last forward pass: ${path}`, () => {
      const network = new Network({ inputSize: 2, layers: [dense(4, 'tanh'), dense(2, activation)], loss })
      network.initialize('glorot-uniform', new Rng(1))
      network.forward({ rows: 3, cols: 2, data: randomArray(new Rng(2), 6) }, true)
      const targets = (rows: number, cols = 2): Matrix => ({ rows, cols, data: new Float32Array(rows * cols) })
      for (const rows of [2, 4]) {
        const message = `targets have ${rows} rows but the last forward pass had 3`
        expect(() => network.backward(targets(rows))).toThrow(message)
        expect(() => network.lossOfLastForward(targets(rows))).toThrow(message)
      }
      expect(() => network.backward(targets(3, 3))).toThrow('targets are 3 wide but the network has 2 outputs')
      expect(() => network.lossOfLastForward(targets(3, 1))).toThrow('targets are 1 wide but the network has 2 outputs')
      network.params().forEach((p) =>
        expect(
          Array.from(p.grad).every((g) => g === 0),
          `${p.name} untouched`,
        ).toBe(true),
      )
      expect(Number.isFinite(network.backward(targets(3)))).toBe(true)
    })
  }
})

describe('plain SGD fused into backward', () => {
  for (const set of ['js', 'wasm'] as const) {
    it(`leaves the same weights as gradients then a step (${set} kernels, L2 decay, dropout, three layers)`, () => {
      const before = kernelsName()
      setKernels(set)
      try {
        const spec = {
          inputSize: INPUTS,
          layers: [
            { type: 'dense', units: 7, activation: 'tanh' },
            { type: 'dropout', rate: 0.3 },
            { type: 'dense', units: 6, activation: 'relu' },
            { type: 'dense', units: 3, activation: 'softmax' },
          ] as LayerSpec[],
          loss: 'softmax-cross-entropy' as const,
        }
        const build = (): Network => {
          const net = new Network(spec, new Rng(4))
          net.initialize('glorot-uniform', new Rng(2))
          return net
        }
        const separate = build()
        const fused = build()
        const optimizer = new Sgd(separate.params(), { lr: 0.3, weightDecay: 0.01 })
        const rng = new Rng(8)
        for (let step = 0; step < 3; step++) {
          const x = inputs(rng)
          const y = targetsFor('softmax-cross-entropy', 3, rng)
          separate.forward(x, true)
          separate.backward(y)
          optimizer.step()
          fused.forward(x, true)
          fused.backward(y, { lr: 0.3, weightDecay: 0.01 })
        }
        const a = separate.params()
        const b = fused.params()
        for (let p = 0; p < a.length; p++) {
          for (let i = 0; i < a[p].value.length; i++) expect(b[p].value[i]).toBeCloseTo(a[p].value[i], 5)
        }
      } finally {
        setKernels(before)
      }
    })
  }
})
