import { describe, expect, it } from 'vitest'
import { expandSweep, sweepProblems } from '../../../../shared/sweeps/expand'
import { PRESETS } from '../../../../shared/train/presets'
import { formFromPreset, switchMode, type ParamKey, type SweepForm } from './formState'
import { relevantFields, specFromForm, suggestedName } from './specFromForm'

function form(preset: string | null, edit: (f: SweepForm) => void = () => {}): SweepForm {
  const f = formFromPreset(preset)
  edit(f)
  return f
}

const set = (f: SweepForm, key: ParamKey, single: string): void => {
  f.fields[key].single = single
}
const list = (f: SweepForm, key: ParamKey, text: string): void => {
  switchMode(f.fields[key], key, 'list')
  f.fields[key].list = text
}

describe('specFromForm', () => {
  it('turns an untouched preset into the preset alone, with a suggested name', () => {
    for (const preset of PRESETS) {
      const { spec, problems } = specFromForm(form(preset.name))
      expect(problems).toEqual([])
      expect(spec).toEqual({ name: preset.name, preset: preset.name, base: {} })
      expect(sweepProblems(spec)).toEqual([])
      expect(expandSweep(spec).configs[0]).toMatchObject(preset.config)
    }
    expect(specFromForm(form(null)).spec).toEqual({ name: 'custom', base: {} })
  })

  it('puts single values that differ from the preset in base, numbers as numbers and layers as lists', () => {
    const { spec, problems } = specFromForm(
      form('keras-mlp', (f) => {
        f.name = '  quick  '
        set(f, 'hidden', '512, 256 128')
        set(f, 'lr', '1e-3')
        set(f, 'epochs', '1')
        set(f, 'batchSize', 'full')
        set(f, 'activation', 'tanh')
        set(f, 'seed', '1') // the preset's own value: not repeated in base
      }),
    )
    expect(problems).toEqual([])
    expect(spec).toEqual({
      name: 'quick',
      preset: 'keras-mlp',
      base: { hidden: [512, 256, 128], lr: 0.001, epochs: 1, batchSize: 0, activation: 'tanh' },
    })
  })

  it('reads "none" or a blank as no hidden layers', () => {
    expect(specFromForm(form('keras-mlp', (f) => set(f, 'hidden', 'none'))).spec.base.hidden).toEqual([])
    expect(specFromForm(form('keras-mlp', (f) => set(f, 'hidden', ' '))).spec.base.hidden).toEqual([])
  })

  it('makes value lists the grid: numbers split on commas, layer lists on "|", names from chips', () => {
    const { spec, problems } = specFromForm(
      form('keras-mlp', (f) => {
        list(f, 'lr', '0.1, 0.01,0.001')
        list(f, 'hidden', '128 | 256, 128 | none')
        list(f, 'activation', 'relu, tanh')
        list(f, 'batchSize', '16 full')
        list(f, 'nesterov', 'true, false')
      }),
    )
    expect(problems).toEqual([])
    expect(spec.grid).toEqual({
      lr: [0.1, 0.01, 0.001],
      hidden: [[128], [256, 128], []],
      activation: ['relu', 'tanh'],
      batchSize: [16, 0],
      nesterov: [true, false],
    })
    expect(spec.base).toEqual({})
    expect(spec.name).toBe('keras-mlp · hidden, activation, lr, nesterov, batchSize')
  })

  it('makes random ranges and choices random search, with trials and the sweep seed', () => {
    const { spec, problems } = specFromForm(
      form('keras-mlp', (f) => {
        switchMode(f.fields.lr, 'lr', 'random') // log-uniform, prefilled a decade either side of 0.01
        switchMode(f.fields.dropout, 'dropout', 'random')
        f.fields.dropout.min = '0'
        f.fields.dropout.max = '0.5'
        switchMode(f.fields.batchSize, 'batchSize', 'random')
        f.fields.batchSize.distribution = 'choice'
        f.fields.batchSize.list = '32, 64'
        switchMode(f.fields.epochs, 'epochs', 'random')
        f.trials = '7'
        f.sweepSeed = '42'
      }),
    )
    expect(problems).toEqual([])
    expect(spec.random).toEqual({
      trials: 7,
      params: {
        lr: { type: 'log-uniform', min: 0.001, max: 0.1 },
        dropout: { type: 'uniform', min: 0, max: 0.5 },
        batchSize: { type: 'choice', values: [32, 64] },
        epochs: { type: 'int-uniform', min: 10, max: 40 },
      },
    })
    expect(spec.sweepSeed).toBe(42)
    expect(expandSweep(spec).runCount).toBe(7)
  })

  it('leaves random search out, trials and all, when no field is random', () => {
    const { spec } = specFromForm(form('keras-mlp', (f) => (f.trials = 'not even a number')))
    expect(spec.random).toBeUndefined()
    expect(spec.sweepSeed).toBeUndefined()
  })

  it('adds repeats other than 1 and median pruning when asked', () => {
    const { spec } = specFromForm(
      form('keras-mlp', (f) => {
        f.repeats = '3'
        f.pruning = true
        f.warmupEpochs = '4'
      }),
    )
    expect(spec.repeats).toBe(3)
    expect(spec.pruning).toEqual({ warmupEpochs: 4 })
    expect(specFromForm(form('keras-mlp')).spec).not.toHaveProperty('repeats')
  })

  it('counts in epochs or iterations, setting the other to 0 whatever the preset had', () => {
    const iterations = specFromForm(
      form('keras-mlp', (f) => ((f.lengthUnit = 'iterations'), set(f, 'iterations', '300'))),
    )
    expect(iterations.spec.base).toEqual({ epochs: 0, iterations: 300 })
    expect(expandSweep(iterations.spec).configs[0]).toMatchObject({ epochs: 0, iterations: 300 })

    const epochs = specFromForm(form('tf-mlp', (f) => ((f.lengthUnit = 'epochs'), set(f, 'epochs', '2'))))
    expect(epochs.spec.base).toEqual({ epochs: 2, iterations: 0 })
    expect(sweepProblems(epochs.spec)).toEqual([])
  })

  it('reports values it cannot read beside their field and leaves them out of the spec', () => {
    const { spec, problems } = specFromForm(
      form('keras-mlp', (f) => {
        set(f, 'lr', '1e-')
        set(f, 'hidden', '128, x')
        list(f, 'batchSize', '16, , abc')
        list(f, 'dropout', ' , ')
        f.repeats = ''
      }),
    )
    expect(problems).toEqual([
      { field: 'hidden', message: '"x" is not a number of units; write layers like 512, 256, 128' },
      { field: 'dropout', message: 'list at least one value' },
      { field: 'lr', message: '"1e-" is not a number' },
      { field: 'batchSize', message: '"abc" is not a number' },
      { field: 'repeats', message: 'needs a number' },
    ])
    expect(spec.base).toEqual({})
    expect(spec.grid).toBeUndefined()
  })

  it('reports an unreadable range bound as min or max', () => {
    const { problems } = specFromForm(
      form('keras-mlp', (f) => {
        switchMode(f.fields.momentum, 'momentum', 'random')
        f.fields.momentum.min = ''
      }),
    )
    expect(problems).toEqual([{ field: 'momentum', message: 'min needs a number' }])
  })

  it('passes readable but wrong values on, for the sweep checks to explain', () => {
    const { spec, problems } = specFromForm(form('keras-mlp', (f) => (set(f, 'lr', '-1'), set(f, 'hidden', '0'))))
    expect(problems).toEqual([])
    expect(spec.base).toEqual({ lr: -1, hidden: [0] })
    expect(sweepProblems(spec).map((p) => p.field)).toEqual(['base.hidden', 'base.lr'])
  })
})

describe('relevantFields', () => {
  it('shows the settings of the optimizers, schedules and tasks the sweep may use, and of its length unit', () => {
    const sgd = relevantFields(form('keras-mlp'))
    expect([...sgd]).toEqual(expect.arrayContaining(['momentum', 'nesterov', 'epochs']))
    for (const hidden of [
      'beta1',
      'beta2',
      'epsilon',
      'stepEvery',
      'minLr',
      'positiveClass',
      'iterations',
      'evalEvery',
    ])
      expect(sgd.has(hidden as ParamKey)).toBe(false)

    const both = relevantFields(form('keras-mlp', (f) => list(f, 'optimizer', 'sgd, adam')))
    expect(both.has('momentum') && both.has('beta1')).toBe(true)

    const logistic = relevantFields(form('logistic'))
    expect(logistic.has('positiveClass') && logistic.has('iterations') && logistic.has('evalEvery')).toBe(true)
    expect(logistic.has('epochs')).toBe(false)

    const cosine = relevantFields(form('keras-mlp', (f) => set(f, 'schedule', 'cosine')))
    expect(cosine.has('minLr') && !cosine.has('stepEvery')).toBe(true)
  })

  it('leaves the settings of an optimizer that cannot run out of the spec, even when they are unreadable', () => {
    const { spec, problems } = specFromForm(
      form('tf-mlp', (f) => (set(f, 'beta1', 'oops'), set(f, 'optimizer', 'sgd'))),
    )
    expect(problems).toEqual([])
    expect(spec.base).toEqual({ optimizer: 'sgd' })
  })
})

describe('suggestedName', () => {
  it('names the preset and the varying fields', () => {
    expect(suggestedName(form('tf-mlp'))).toBe('tf-mlp')
    expect(suggestedName(form(null, (f) => list(f, 'lr', '0.1, 0.2')))).toBe('custom · lr')
  })
})
