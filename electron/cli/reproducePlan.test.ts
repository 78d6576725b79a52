import { describe, expect, it } from 'vitest'
import { UsageError } from './flags'
import { parseReproduceArgs, TARGETS } from './reproducePlan'

const runsOf = (argv: string[]) => {
  const command = parseReproduceArgs(argv)
  if (command.kind !== 'reproduce') throw new Error('expected runs')
  return command.runs.map((run) => `${run.preset.name}:${run.seed}:${run.config.seed}`)
}

describe('parseReproduceArgs', () => {
  it('runs scratch-dnn over seeds 1–4 and every other preset once, with seed 1', () => {
    expect(runsOf([])).toEqual([
      'scratch-dnn:1:1',
      'scratch-dnn:2:2',
      'scratch-dnn:3:3',
      'scratch-dnn:4:4',
      'tf-mlp:1:1',
      'logistic:1:1',
      'keras-mlp:1:1',
    ])
  })

  it('narrows to --only presets and --seeds', () => {
    expect(runsOf(['--only', 'keras-mlp'])).toEqual(['keras-mlp:1:1'])
    expect(runsOf(['--only', 'scratch-dnn,logistic', '--seeds', '7, 8'])).toEqual([
      'scratch-dnn:7:7',
      'scratch-dnn:8:8',
      'logistic:1:1',
    ])
  })

  it('has a target for every preset', () => {
    expect(Object.keys(TARGETS).sort()).toEqual(['keras-mlp', 'logistic', 'scratch-dnn', 'tf-mlp'])
  })

  it('rejects bad flags in one line', () => {
    expect(() => parseReproduceArgs(['--only', 'resnet'])).toThrow(
      new UsageError('--only: must be preset names from scratch-dnn, tf-mlp, logistic, keras-mlp, got "resnet"'),
    )
    expect(() => parseReproduceArgs(['--seeds', '1,2.5'])).toThrow(
      '--seeds: must be whole numbers from 0 to 4294967295 separated by commas, got "2.5"',
    )
    expect(() => parseReproduceArgs(['--epochs', '3'])).toThrow('unknown flag --epochs (see --help)')
  })
})
