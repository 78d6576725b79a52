// What the expanded runs will need: which datasets, how long, and what a dataset makes impossible. Pure.
import type { DatasetInfo } from '../../../../shared/data/datasetInfo'
import { estimateSeconds } from '../../../../shared/sweeps/estimate'
import { dataProblems, type TrainConfig } from '../../../../shared/train/config'
import type { FormProblem } from './specFromForm'

/** Problems only the dataset can reveal (a validation split as large as the training file, a class it lacks). */
export function datasetProblems(configs: TrainConfig[], datasets: DatasetInfo[]): FormProblem[] {
  const problems: FormProblem[] = []
  const seen = new Set<string>()
  const add = (problem: FormProblem): void => {
    if (seen.has(problem.message)) return
    seen.add(problem.message)
    problems.push(problem)
  }
  for (const config of configs) {
    const info = datasets.find((d) => d.name === config.dataset)
    if (!info) {
      const have = datasets.map((d) => d.name).join(', ')
      add({
        field: 'dataset',
        message: `there is no dataset named "${config.dataset}"${have ? ` (have: ${have})` : ''}`,
      })
      continue
    }
    for (const p of dataProblems(config, { name: info.name, count: info.trainCount, numClasses: info.classes })) {
      add({ field: p.fields[0] ?? '', message: p.message })
    }
  }
  return problems
}

/** Seconds of each run by the shared estimate, on its dataset's shape (MNIST's when the dataset is unknown). */
export function runSeconds(configs: TrainConfig[], datasets: DatasetInfo[]): number[] {
  return configs.map((config) => {
    const info = datasets.find((d) => d.name === config.dataset)
    if (!info) return estimateSeconds(config)
    const trainCount = Math.max(1, info.trainCount - config.validationSize)
    return estimateSeconds(config, trainCount, {
      features: info.rows * info.cols,
      classes: info.classes,
      testCount: info.testCount,
    })
  })
}

/** Wall time of runs taken in order by `concurrency` trainers, each starting the next run as soon as it is free. */
export function wallSeconds(durations: number[], concurrency: number): number {
  const slots = new Array<number>(Math.max(1, Math.min(Math.floor(concurrency) || 1, durations.length || 1))).fill(0)
  for (const seconds of durations) {
    const free = slots.indexOf(Math.min(...slots))
    slots[free] += seconds
  }
  return Math.max(...slots)
}

/** "≈ 40 s", "≈ 4 min", "≈ 1 h 20 min", "≈ 3 days". */
export function formatDuration(seconds: number): string {
  if (seconds < 1) return 'under a second'
  if (seconds < 60) return `≈ ${Math.round(seconds)} s`
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `≈ ${minutes} min`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return `≈ ${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`
  return `≈ ${Math.round(hours / 24)} days`
}

/** "≈ 4 min at 2 at a time" (or "one at a time"). */
export function describeEstimate(durations: number[], concurrency: number): string {
  const atOnce = Math.max(1, Math.floor(concurrency) || 1)
  return `${formatDuration(wallSeconds(durations, atOnce))} ${atOnce === 1 ? 'one at a time' : `at ${atOnce} at a time`}`
}
