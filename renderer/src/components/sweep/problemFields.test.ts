import { describe, expect, it } from 'vitest'
import type { SweepSpec } from '../../../../shared/sweeps/spec'
import { sweepProblems } from '../../../../shared/sweeps/expand'
import { formFieldOf, fromSweepProblems, placeProblems } from './problemFields'
import type { FormField } from './specFromForm'

describe('formFieldOf', () => {
  it('maps base, grid and random paths of a hyperparameter to its row', () => {
    expect(formFieldOf('base.lr')).toBe('lr')
    expect(formFieldOf('grid.lr')).toBe('lr')
    expect(formFieldOf('random.params.hidden')).toBe('hidden')
  })

  it("maps the sweep's own settings to their inputs", () => {
    expect(formFieldOf('name')).toBe('name')
    expect(formFieldOf('random.trials')).toBe('trials')
    expect(formFieldOf('sweepSeed')).toBe('sweepSeed')
    expect(formFieldOf('repeats')).toBe('repeats')
    expect(formFieldOf('pruning.warmupEpochs')).toBe('warmupEpochs')
  })

  it('sends anything else to the top', () => {
    for (const path of [
      '',
      'base',
      'grid',
      'random',
      'random.params',
      'preset',
      'base.colour',
      'grid.lr.extra',
      'something',
    ]) {
      expect(formFieldOf(path)).toBe('')
    }
  })

  it('places the real problems of a broken spec beside the fields the user typed them in', () => {
    const spec: SweepSpec = {
      name: ' ',
      base: { lr: -1 },
      grid: { batchSize: [16, 16], hidden: [[0]] },
      random: { trials: 0, params: { dropout: { type: 'uniform', min: 0.5, max: 0.2 } } },
      repeats: 1000,
    }
    const fields = fromSweepProblems(sweepProblems(spec)).map((p) => p.field)
    expect(new Set(fields)).toEqual(new Set(['name', 'batchSize', 'trials', 'dropout', 'repeats']))
    const configProblems = fromSweepProblems(
      sweepProblems({ name: 'x', base: { lr: -1 }, grid: { hidden: [[0], [16]] } }),
    )
    expect(configProblems.map((p) => p.field)).toEqual(['hidden', 'lr'])
    expect(configProblems[0].message).toBe('hidden = [0]: hidden layer 1 must have 1–8192 units, got 0')
  })
})

describe('placeProblems', () => {
  const shown = new Set<FormField>(['lr', 'name'])

  it('groups by shown field, sends the rest to the top, drops duplicates and counts what is left', () => {
    const placed = placeProblems(
      [
        { field: 'lr', message: 'too big' },
        { field: 'lr', message: 'too big' },
        { field: 'lr', message: 'not round' },
        { field: 'beta1', message: 'beta1 is hidden' },
        { field: '', message: 'too many runs' },
      ],
      shown,
    )
    expect(placed).toEqual({
      top: ['beta1 is hidden', 'too many runs'],
      byField: { lr: ['too big', 'not round'] },
      count: 4,
    })
  })

  it('never shows an object as [object Object]', () => {
    const odd = [
      { field: 'grid.lr', message: { why: 'odd' } },
      { field: 'base.lr', message: new Error('from an error') },
    ]
    const messages = fromSweepProblems(odd as never).map((p) => p.message)
    expect(messages).toEqual(['{"why":"odd"}', 'from an error'])
  })
})
