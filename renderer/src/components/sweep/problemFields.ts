// Where each problem is shown: beside the form field its spec path names ('grid.lr' → the learning-rate row), or at
// the top of the form when the path names no field that is on screen.
import { messageOf } from '../../../../shared/format'
import type { SweepProblem } from '../../../../shared/sweeps/specChecks'
import { PARAM_KEYS, type ParamKey } from './formState'
import type { FormField, FormProblem } from './specFromForm'

const SPEC_PATHS: Record<string, FormField> = {
  name: 'name',
  'random.trials': 'trials',
  sweepSeed: 'sweepSeed',
  repeats: 'repeats',
  'pruning.warmupEpochs': 'warmupEpochs',
}

/** The form field of a spec path: base.lr, grid.lr and random.params.lr are all the learning rate; unknown → ''. */
export function formFieldOf(path: string): FormField {
  const param = /^(?:base|grid|random\.params)\.(\w+)$/.exec(path)?.[1]
  if (param !== undefined) return (PARAM_KEYS as string[]).includes(param) ? (param as ParamKey) : ''
  return SPEC_PATHS[path] ?? ''
}

export function fromSweepProblems(problems: SweepProblem[]): FormProblem[] {
  return problems.map((p) => ({ field: formFieldOf(String(p.field ?? '')), message: messageOf(p.message) }))
}

export interface PlacedProblems {
  /** Problems of the whole spec, and of fields not on screen. */
  top: string[]
  byField: Partial<Record<FormField, string[]>>
  count: number
}

/** Groups problems by the field that shows them; a field that is not shown sends its problems to the top. Duplicates go. */
export function placeProblems(problems: FormProblem[], shown: ReadonlySet<FormField>): PlacedProblems {
  const placed: PlacedProblems = { top: [], byField: {}, count: 0 }
  const seen = new Set<string>()
  for (const { field, message } of problems) {
    const where = field !== '' && shown.has(field) ? field : ''
    if (seen.has(`${where}\n${message}`)) continue
    seen.add(`${where}\n${message}`)
    placed.count++
    if (where === '') placed.top.push(message)
    else (placed.byField[where] ??= []).push(message)
  }
  return placed
}
