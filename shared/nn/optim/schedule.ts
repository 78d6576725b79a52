/** Learning-rate schedules, as a function of the step (0-based) and the run's length. */
export type Schedule =
  { type: 'constant' } | { type: 'step'; everyEpochs: number; gamma: number } | { type: 'cosine'; minLr: number }

export const SCHEDULE_TYPES = ['constant', 'step', 'cosine'] as const

export function learningRateAt(
  schedule: Schedule,
  baseLr: number,
  step: number,
  totalSteps: number,
  stepsPerEpoch: number,
): number {
  switch (schedule.type) {
    case 'constant':
      return baseLr
    case 'step':
      return baseLr * schedule.gamma ** Math.floor(step / (stepsPerEpoch * schedule.everyEpochs))
    case 'cosine': {
      const t = Math.min(1, step / Math.max(1, totalSteps))
      return schedule.minLr + 0.5 * (baseLr - schedule.minLr) * (1 + Math.cos(Math.PI * t))
    }
  }
}
