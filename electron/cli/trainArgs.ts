// Command-line flags of `npm run train`, turned into a checked TrainConfig. Pure: no I/O, no process.exit.
import {
  ConfigError,
  configProblems,
  DEFAULT_CONFIG,
  resolveConfig,
  type ConfigProblem,
  type TrainConfig,
} from '../../shared/train/config'
import { PRESETS, presetByName } from '../../shared/train/presets'
import { parseFlags, strictNumber, UsageError } from './flags'

export { UsageError }

export interface TrainArgs {
  config: TrainConfig
  preset: string | null
  out: string | null
  quiet: boolean
  /** Record the run in a workbench database and train it in a trainer process (--db or --record). */
  record: boolean
  /** --db: which database; null for the default one (see databasePath). */
  db: string | null
}

export type TrainCommand = { kind: 'help' } | { kind: 'train'; args: TrainArgs }

type ValueKind = 'number' | 'text' | 'hidden' | 'batch'

/** Flags that set one TrainConfig field each; text values are checked by resolveConfig, in its words. */
const FIELD_FLAGS: Record<string, { field: keyof TrainConfig; kind: ValueKind }> = {
  dataset: { field: 'dataset', kind: 'text' },
  hidden: { field: 'hidden', kind: 'hidden' },
  activation: { field: 'activation', kind: 'text' },
  'output-activation': { field: 'outputActivation', kind: 'text' },
  dropout: { field: 'dropout', kind: 'number' },
  loss: { field: 'loss', kind: 'text' },
  init: { field: 'init', kind: 'text' },
  optimizer: { field: 'optimizer', kind: 'text' },
  lr: { field: 'lr', kind: 'number' },
  momentum: { field: 'momentum', kind: 'number' },
  'weight-decay': { field: 'weightDecay', kind: 'number' },
  beta1: { field: 'beta1', kind: 'number' },
  beta2: { field: 'beta2', kind: 'number' },
  epsilon: { field: 'epsilon', kind: 'number' },
  schedule: { field: 'schedule', kind: 'text' },
  'step-every': { field: 'stepEvery', kind: 'number' },
  'step-gamma': { field: 'stepGamma', kind: 'number' },
  'min-lr': { field: 'minLr', kind: 'number' },
  batch: { field: 'batchSize', kind: 'batch' },
  epochs: { field: 'epochs', kind: 'number' },
  iterations: { field: 'iterations', kind: 'number' },
  'eval-every': { field: 'evalEvery', kind: 'number' },
  seed: { field: 'seed', kind: 'number' },
  validation: { field: 'validationSize', kind: 'number' },
  'train-limit': { field: 'trainLimit', kind: 'number' },
  'test-limit': { field: 'testLimit', kind: 'number' },
}

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  preset: { type: 'string' },
  binary: { type: 'string' },
  nesterov: { type: 'boolean' },
  'no-nesterov': { type: 'boolean' },
  out: { type: 'string' },
  quiet: { type: 'boolean' },
  db: { type: 'string' },
  record: { type: 'boolean' },
  ...Object.fromEntries(Object.keys(FIELD_FLAGS).map((name) => [name, { type: 'string' }])),
} as const

export const TRAIN_USAGE = `Usage: npm run train -- [--preset NAME] [flags]

Trains a network on MNIST, prints one line per evaluation, the test confusion matrix and the test accuracy.

  --preset NAME            ${PRESETS.map((p) => p.name).join(' | ')} (default: the built-in default config)
  --hidden 512,256,128     hidden layer sizes, or "none" for no hidden layer
  --activation NAME        hidden activation          --output-activation NAME
  --dropout RATE           after the last hidden layer (0 = none)
  --loss NAME              --init NAME
  --optimizer sgd|adam     --lr RATE   --momentum M   --nesterov | --no-nesterov   --weight-decay L2
  --beta1 B1  --beta2 B2  --epsilon E                 (adam)
  --schedule constant|step|cosine   --step-every EPOCHS   --step-gamma F   --min-lr RATE
  --batch N|full           examples per step ("full": the whole training set)
  --epochs N | --iterations N                         (setting one sets the other to 0)
  --eval-every STEPS       evaluation interval in iteration mode (0 = twenty per run)
  --seed N                 --validation N (examples held out of training)
  --train-limit N          --test-limit N             (0 = all)
  --binary DIGIT           "is it DIGIT?" with one sigmoid unit (and binary cross-entropy unless --loss / --output-activation)
  --dataset NAME           mnist
  --out PATH               save the trained model as JSON
  --quiet                  print only the final "test accuracy" line
  --db PATH                record the run in this NN Workbench database and train it in a trainer process, as the app does
  --record                 the same, in the app's database (--db, else $NNWB_DB, else the app's user-data folder)
  --help

Example: npm run train -- --preset keras-mlp --epochs 5 --seed 1 --out model.json
         npm run train -- --preset keras-mlp --epochs 5 --db runs.db`

export function parseTrainArgs(argv: string[]): TrainCommand {
  const { values, tokens } = parseFlags(argv, OPTIONS)
  if (values.help) return { kind: 'help' }

  const preset = values.preset === undefined ? null : presetNamed(values.preset)
  const overrides: Record<string, unknown> = { ...preset?.config }
  const given = new Set<string>()
  for (const token of tokens) {
    if (token.kind !== 'option') continue
    if (token.name === 'nesterov' || token.name === 'no-nesterov') overrides.nesterov = token.name === 'nesterov'
    if (!(token.name in FIELD_FLAGS) || token.value === undefined) continue
    const { field, kind } = FIELD_FLAGS[token.name]
    overrides[field] = parseValue(`--${token.name}`, field, kind, token.value)
    given.add(token.name)
  }
  if (given.has('epochs') && !given.has('iterations')) overrides.iterations = 0
  if (given.has('iterations') && !given.has('epochs')) overrides.epochs = 0
  if (values.binary !== undefined) {
    overrides.task = 'binary'
    overrides.positiveClass = parseValue('--binary', 'positiveClass', 'number', values.binary)
    if (!given.has('output-activation')) overrides.outputActivation = 'sigmoid'
    if (!given.has('loss')) overrides.loss = 'binary-cross-entropy'
  }

  return {
    kind: 'train',
    args: {
      config: resolveOrExplain(overrides),
      preset: preset?.name ?? null,
      out: values.out ?? null,
      quiet: values.quiet ?? false,
      record: values.record === true || values.db !== undefined,
      db: values.db ?? null,
    },
  }
}

function presetNamed(name: string) {
  const preset = presetByName(name)
  if (!preset) throw new UsageError(`--preset: must be one of ${PRESETS.map((p) => p.name).join(', ')}, got "${name}"`)
  return preset
}

function parseValue(flag: string, field: keyof TrainConfig, kind: ValueKind, raw: string): unknown {
  const invalid = (allowed: string): UsageError => new UsageError(`${flag}: ${allowed}, got "${raw}"`)
  if (kind === 'text') return raw
  if (kind === 'batch' && raw === 'full') return 0
  if (kind === 'hidden') {
    if (raw === '' || raw === 'none') return []
    const sizes = raw.split(',').map((size) => strictNumber(size.trim()))
    if (sizes.some((size) => size === undefined))
      throw invalid('must be layer sizes separated by commas (such as 512,256,128) or "none"')
    return sizes
  }
  const value = strictNumber(raw)
  if (value !== undefined) return value
  throw invalid(
    kind === 'batch'
      ? 'must be a whole number of examples, or "full" for the whole training set'
      : allowedValues(field),
  )
}

// Worded by config.ts itself, so the CLI never drifts from resolveConfig.
function allowedValues(field: keyof TrainConfig): string {
  const own = problemWithNaN(field)
  return own ? detailOf(own).replace(/, got .*$/, '') : 'must be a number'
}

/** What config.ts says about a NaN in this field: its own words for the field and for the values it allows. */
function problemWithNaN(field: keyof TrainConfig): ConfigProblem | undefined {
  return configProblems({ ...DEFAULT_CONFIG, [field]: NaN }).find((problem) => problem.fields.includes(field))
}

function resolveOrExplain(overrides: Record<string, unknown>): TrainConfig {
  try {
    return resolveConfig(overrides as Partial<TrainConfig>)
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(describeProblems(error.problems))
    throw error
  }
}

/** One line; a problem about a flag already named (a bad activation, then the loss that needs another) adds nothing. */
export function describeProblems(problems: ConfigProblem[]): string {
  const named = new Set<string>()
  const lines: string[] = []
  for (const problem of problems) {
    const flags = flagsFor(problem)
    if (flags.some((flag) => named.has(flag))) continue
    flags.forEach((flag) => named.add(flag))
    lines.push(describeProblem(problem))
  }
  return lines.join('; ')
}

/** The flag that sets each field: FIELD_FLAGS the other way round, plus the two fields --binary sets and --nesterov. */
const FLAG_OF_FIELD: Partial<Record<keyof TrainConfig, string>> = {
  ...Object.fromEntries(Object.entries(FIELD_FLAGS).map(([name, { field }]) => [field, `--${name}`])),
  task: '--binary',
  positiveClass: '--binary',
  nesterov: '--nesterov',
}

/** A problem from resolveConfig (or the data loader) as the CLI says it: `--lr: must be …`. */
export function describeProblem(problem: ConfigProblem): string {
  const flags = flagsFor(problem)
  return flags.length > 0 ? `${flags.join('/')}: ${detailOf(problem)}` : problem.message
}

function flagsFor(problem: ConfigProblem): string[] {
  return [...new Set(problem.fields.flatMap((field) => FLAG_OF_FIELD[field] ?? []))]
}

// "learning rate must be …" reads well as "--lr: must be …" once the flag names the field; a message whose subject
// is something else ("hidden layer 2 must …", "softmax-cross-entropy needs …") keeps it.
function detailOf(problem: ConfigProblem): string {
  const subject = subjectOf(problem.message)
  const namesItsField = subject !== undefined && problem.fields.some((field) => fieldWords().get(field) === subject)
  return namesItsField ? problem.message.slice(subject.length + 1) : problem.message
}

let wordsByField: Map<keyof TrainConfig, string> | undefined

/** config.ts's own words for each field ("learning rate"): the subject of what it says about a NaN there. */
function fieldWords(): Map<keyof TrainConfig, string> {
  wordsByField ??= new Map(
    (Object.keys(DEFAULT_CONFIG) as (keyof TrainConfig)[]).flatMap((field) => {
      const subject = subjectOf(problemWithNaN(field)?.message ?? '')
      return subject === undefined ? [] : [[field, subject] as const]
    }),
  )
  return wordsByField
}

function subjectOf(message: string): string | undefined {
  return /^(.+?) (?:must|needs) /.exec(message)?.[1]
}
