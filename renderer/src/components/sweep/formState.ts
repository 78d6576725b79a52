// The sweep form as the user fills it: every value is the text as typed, so a half-typed "1e-" is kept and
// reported rather than lost. Pure: no Vue, no API.
import type { Distribution } from '../../../../shared/sweeps/spec'
import { ACTIVATIONS } from '../../../../shared/nn/activations'
import { INITIALIZERS } from '../../../../shared/nn/initializers'
import { LOSSES } from '../../../../shared/nn/losses'
import { SCHEDULE_TYPES } from '../../../../shared/nn/optim/schedule'
import { DEFAULT_CONFIG, type TrainConfig } from '../../../../shared/train/config'
import { presetByName } from '../../../../shared/train/presets'

export type ParamKey = keyof TrainConfig
/** 'single': one value for every run; 'list': one run per value (the grid); 'random': drawn per random-search trial. */
export type FieldMode = 'single' | 'list' | 'random'
export type DistributionType = Distribution['type']

export interface FieldState {
  mode: FieldMode
  /** The value as typed: "0.01", "512, 256, 128" for layers, "full" for the whole training set as one batch. */
  single: string
  /** Alternatives as typed: "0.1, 0.01" (layers: "128 | 256, 128"). Also the values a random choice picks from. */
  list: string
  distribution: DistributionType
  min: string
  max: string
}

export interface SweepForm {
  /** Blank: the suggested name (preset and varying fields) is used. */
  name: string
  /** The tutorial preset the fields started from; null for custom (the defaults). */
  preset: string | null
  lengthUnit: 'epochs' | 'iterations'
  fields: Record<ParamKey, FieldState>
  trials: string
  sweepSeed: string
  repeats: string
  pruning: boolean
  warmupEpochs: string
}

/** How a field's text is read: numbers, a name from a fixed list, true/false, or hidden layer sizes. */
export type FieldKind = 'float' | 'int' | 'enum' | 'bool' | 'layers' | 'dataset'

export interface FieldDef {
  label: string
  kind: FieldKind
  options?: readonly string[]
  /** One line under the label, for fields whose meaning is not obvious. */
  hint?: string
}

export const FIELD_DEFS: Record<ParamKey, FieldDef> = {
  dataset: { label: 'Dataset', kind: 'dataset' },
  task: { label: 'Task', kind: 'enum', options: ['multiclass', 'binary'], hint: 'binary: is it the positive class?' },
  positiveClass: { label: 'Positive class', kind: 'int' },
  hidden: { label: 'Hidden layers', kind: 'layers', hint: 'units per layer, or none' },
  activation: { label: 'Activation', kind: 'enum', options: ACTIVATIONS },
  outputActivation: { label: 'Output activation', kind: 'enum', options: ACTIVATIONS },
  dropout: { label: 'Dropout', kind: 'float', hint: 'after the last hidden layer' },
  loss: { label: 'Loss', kind: 'enum', options: LOSSES },
  init: { label: 'Initializer', kind: 'enum', options: INITIALIZERS },
  optimizer: { label: 'Optimizer', kind: 'enum', options: ['sgd', 'adam'] },
  lr: { label: 'Learning rate', kind: 'float' },
  momentum: { label: 'Momentum', kind: 'float' },
  nesterov: { label: 'Nesterov', kind: 'bool' },
  weightDecay: { label: 'Weight decay', kind: 'float' },
  beta1: { label: 'Beta 1', kind: 'float' },
  beta2: { label: 'Beta 2', kind: 'float' },
  epsilon: { label: 'Epsilon', kind: 'float' },
  schedule: { label: 'LR schedule', kind: 'enum', options: SCHEDULE_TYPES },
  stepEvery: { label: 'Step every', kind: 'float', hint: 'epochs between drops' },
  stepGamma: { label: 'Step factor', kind: 'float', hint: 'multiplies the rate at each drop' },
  minLr: { label: 'Minimum LR', kind: 'float', hint: 'where the cosine ends' },
  batchSize: { label: 'Batch size', kind: 'int', hint: 'examples per step' },
  epochs: { label: 'Epochs', kind: 'int' },
  iterations: { label: 'Iterations', kind: 'int' },
  evalEvery: { label: 'Validate every', kind: 'int', hint: 'steps; 0: 20 times a run' },
  seed: { label: 'Seed', kind: 'int', hint: 'weights, order, dropout' },
  validationSize: { label: 'Validation split', kind: 'int', hint: 'examples held out' },
  trainLimit: { label: 'Train limit', kind: 'int', hint: 'first N examples (0: all)' },
  testLimit: { label: 'Test limit', kind: 'int', hint: 'first N (0: all)' },
}

export const PARAM_KEYS = Object.keys(DEFAULT_CONFIG) as ParamKey[]

export const isNumeric = (key: ParamKey): boolean => FIELD_DEFS[key].kind === 'float' || FIELD_DEFS[key].kind === 'int'

/** The distributions a field can be drawn from: ranges for numbers, a choice for everything. */
export function distributionsFor(key: ParamKey): DistributionType[] {
  return isNumeric(key) ? ['uniform', 'log-uniform', 'int-uniform', 'choice'] : ['choice']
}

const LOG_SCALE: readonly ParamKey[] = ['lr', 'weightDecay', 'epsilon', 'minLr']

function defaultDistribution(key: ParamKey): DistributionType {
  if (!isNumeric(key)) return 'choice'
  if (LOG_SCALE.includes(key)) return 'log-uniform'
  return FIELD_DEFS[key].kind === 'int' ? 'int-uniform' : 'uniform'
}

/** A value as the form shows it. */
export function valueText(key: ParamKey, value: unknown): string {
  if (key === 'hidden' && Array.isArray(value)) return value.length === 0 ? 'none' : value.join(', ')
  if (key === 'batchSize' && value === 0) return 'full'
  return String(value)
}

/** The config a preset (or, for null, custom) starts from. */
export function startingConfig(preset: string | null): TrainConfig {
  const config = { ...DEFAULT_CONFIG, ...(preset ? presetByName(preset)?.config : {}) }
  return { ...config, hidden: [...config.hidden] }
}

/** A fresh form holding a preset's values (null: the defaults), every field a single value. */
export function formFromPreset(preset: string | null, name = ''): SweepForm {
  const config = startingConfig(preset)
  const fields = Object.fromEntries(
    PARAM_KEYS.map((key): [ParamKey, FieldState] => [
      key,
      {
        mode: 'single',
        single: valueText(key, config[key]),
        list: '',
        distribution: defaultDistribution(key),
        min: '',
        max: '',
      },
    ]),
  ) as Record<ParamKey, FieldState>
  return {
    name,
    preset,
    lengthUnit: config.epochs > 0 ? 'epochs' : 'iterations',
    fields,
    trials: '10',
    sweepSeed: '0',
    repeats: '1',
    pruning: false,
    warmupEpochs: '2',
  }
}

/** Switches a field's mode, filling the new mode's inputs from the single value so they start sensible. */
export function switchMode(state: FieldState, key: ParamKey, mode: FieldMode): void {
  state.mode = mode
  if (mode === 'single') return
  if (state.list.trim() === '') state.list = state.single
  if (mode !== 'random' || !isNumeric(key) || state.distribution === 'choice') return
  if (state.min.trim() !== '' || state.max.trim() !== '') return
  const value = Number(state.single)
  if (!Number.isFinite(value)) return
  if (state.distribution === 'log-uniform' && value > 0) [state.min, state.max] = [short(value / 10), short(value * 10)]
  else if (state.distribution === 'int-uniform')
    [state.min, state.max] = [String(Math.floor(value / 2)), String(Math.max(1, value * 2))]
  else [state.min, state.max] = ['0', String(value || 1)]
}

const short = (value: number): string => String(Number(value.toPrecision(6)))
