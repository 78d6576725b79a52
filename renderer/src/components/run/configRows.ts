import type { TrainConfig } from '../../../../shared/train/config'

export interface ConfigRow {
  key: keyof TrainConfig
  label: string
  value: string
  /** False for a setting this run's other settings make irrelevant (e.g. Adam's betas under SGD). */
  applies: boolean
}

const all = (n: number): string => (n === 0 ? 'all' : n.toLocaleString('en'))

/** Every field of a training config, labelled and formatted for a person, in the order one reads a recipe. */
export function configRows(c: TrainConfig): ConfigRow[] {
  const sgd = c.optimizer === 'sgd'
  const byEpochs = c.epochs > 0
  const rows: Array<[keyof TrainConfig, string, string, boolean?]> = [
    ['dataset', 'Dataset', c.dataset],
    ['task', 'Task', c.task === 'binary' ? `binary: is it a ${c.positiveClass}?` : 'multiclass: which digit'],
    ['positiveClass', 'Positive class', String(c.positiveClass), c.task === 'binary'],
    ['hidden', 'Hidden layers', c.hidden.length > 0 ? `${c.hidden.join(' → ')} units` : 'none (a linear model)'],
    ['activation', 'Hidden activation', c.activation, c.hidden.length > 0],
    ['outputActivation', 'Output activation', c.outputActivation],
    ['dropout', 'Dropout', c.dropout > 0 ? `${c.dropout} after the last hidden layer` : 'none'],
    ['loss', 'Loss', c.loss],
    ['init', 'Initialiser', c.init],
    ['optimizer', 'Optimizer', sgd ? 'SGD' : 'Adam'],
    ['lr', 'Learning rate', String(c.lr)],
    ['momentum', 'Momentum', String(c.momentum), sgd],
    ['nesterov', 'Nesterov', c.nesterov ? 'yes' : 'no', sgd],
    ['weightDecay', 'Weight decay', String(c.weightDecay)],
    ['beta1', 'Adam β₁', String(c.beta1), !sgd],
    ['beta2', 'Adam β₂', String(c.beta2), !sgd],
    ['epsilon', 'Adam ε', String(c.epsilon), !sgd],
    ['schedule', 'Learning-rate schedule', c.schedule],
    ['stepEvery', 'Step every', `${c.stepEvery} epochs`, c.schedule === 'step'],
    ['stepGamma', 'Step factor', `× ${c.stepGamma}`, c.schedule === 'step'],
    ['minLr', 'Cosine floor', String(c.minLr), c.schedule === 'cosine'],
    ['batchSize', 'Batch size', c.batchSize === 0 ? 'full batch' : String(c.batchSize)],
    ['epochs', 'Epochs', String(c.epochs), byEpochs],
    ['iterations', 'Iterations', c.iterations.toLocaleString('en'), !byEpochs],
    [
      'evalEvery',
      'Evaluate every',
      c.evalEvery === 0 ? (byEpochs ? 'epoch' : 'twentieth of the run') : `${c.evalEvery} steps`,
    ],
    ['seed', 'Seed', String(c.seed)],
    ['validationSize', 'Validation images', c.validationSize.toLocaleString('en')],
    ['trainLimit', 'Training images used', all(c.trainLimit)],
    ['testLimit', 'Test images used', all(c.testLimit)],
  ]
  return rows.map(([key, label, value, applies = true]) => ({ key, label, value, applies }))
}

/** Weights and biases of the network a config builds: each dense layer has inputs × units + units; dropout none. */
export function parameterCount(c: TrainConfig, inputs: number, classes: number): number {
  const widths = [...c.hidden, c.task === 'binary' ? 1 : classes]
  let total = 0
  let fanIn = inputs
  for (const units of widths) {
    total += fanIn * units + units
    fanIn = units
  }
  return total
}
