import type { TrainConfig } from './config'

export interface Preset {
  name: string
  title: string
  /** The figure the original tutorial published, for the reproduce table. */
  published: string
  config: Partial<TrainConfig>
}

/** The four reference tutorials, with their exact settings (the presets table in README.md). */
export const PRESETS: Preset[] = [
  {
    name: 'scratch-dnn',
    title: 'numpy network from scratch: 784-100-10 sigmoid, quadratic loss, SGD lr 3, batch 10, 30 epochs',
    published: '96.59%',
    config: {
      hidden: [100],
      activation: 'sigmoid',
      outputActivation: 'sigmoid',
      loss: 'quadratic',
      init: 'normal',
      optimizer: 'sgd',
      lr: 3.0,
      batchSize: 10,
      epochs: 30,
      iterations: 0,
    },
  },
  {
    name: 'tf-mlp',
    title:
      'TensorFlow MLP: 784-512-256-128-10 linear, dropout 0.5, softmax cross-entropy, Adam lr 1e-4, batch 128, 1000 iterations',
    published: '≈92%',
    config: {
      hidden: [512, 256, 128],
      activation: 'linear',
      outputActivation: 'softmax',
      dropout: 0.5,
      loss: 'softmax-cross-entropy',
      init: 'truncated-normal',
      optimizer: 'adam',
      lr: 1e-4,
      batchSize: 128,
      epochs: 0,
      iterations: 1000,
    },
  },
  {
    name: 'logistic',
    title:
      'numpy logistic regression: one sigmoid unit, "is it a 3?", full-batch gradient descent lr 0.005, 2000 iterations',
    published: 'train ≈99%, test ≈70% (cat / non-cat)',
    config: {
      task: 'binary',
      positiveClass: 3,
      hidden: [],
      outputActivation: 'sigmoid',
      loss: 'binary-cross-entropy',
      init: 'small-normal',
      optimizer: 'sgd',
      lr: 0.005,
      batchSize: 0,
      epochs: 0,
      iterations: 2000,
      evalEvery: 100,
    },
  },
  {
    name: 'keras-mlp',
    title:
      'Keras MLP: 784-128 relu, 10 softmax, Glorot uniform, softmax cross-entropy, SGD lr 0.01, batch 128, 20 epochs',
    published: '92.64%',
    config: {
      hidden: [128],
      activation: 'relu',
      outputActivation: 'softmax',
      loss: 'softmax-cross-entropy',
      init: 'glorot-uniform',
      optimizer: 'sgd',
      lr: 0.01,
      batchSize: 128,
      epochs: 20,
      iterations: 0,
    },
  },
]

export function presetByName(name: string): Preset | undefined {
  return PRESETS.find((p) => p.name === name)
}
