import { formatDuration, formatPercent } from '../../../../shared/format'
import type { RunStatus, RunSummary } from '../../../../shared/runs/run'

const ENDED_WITHOUT_REASON: Partial<Record<RunStatus, string>> = {
  failed: 'the trainer stopped with an error',
  diverged: 'the loss stopped being a number: try a lower learning rate',
  pruned: 'stopped early by the sweep because it was not keeping up',
  cancelled: 'cancelled before it finished',
  interrupted: 'the app closed while it was running; re-queue it to start again',
}

/** What the run is doing or how it ended, in one sentence a person can act on. */
export function statusSentence(run: RunSummary): string {
  switch (run.status) {
    case 'queued':
      return 'waiting for a free trainer'
    case 'running': {
      if (run.step === 0 || run.totalSteps === null) return 'starting: loading the data'
      const parts = [
        `step ${run.step.toLocaleString('en')} of ${run.totalSteps.toLocaleString('en')} (${formatPercent(run.progress, 0)})`,
      ]
      parts.push(`epoch ${run.epoch.toFixed(1)}`)
      if (run.etaSeconds !== null && Number.isFinite(run.etaSeconds))
        parts.push(`about ${formatDuration(run.etaSeconds)} left`)
      return parts.join(', ')
    }
    case 'finished': {
      const took =
        run.startedAt !== null && run.finishedAt !== null
          ? ` in ${formatDuration((run.finishedAt - run.startedAt) / 1000)}`
          : ''
      const accuracy =
        run.testAccuracy !== null ? `; test accuracy ${formatPercent(run.testAccuracy, 2)}` : '; no test set'
      return `finished${took}${accuracy}`
    }
    default:
      // the host's own sentence (e.g. "diverged at step 812 (loss NaN): try a lower learning rate") says it best
      return run.error ?? ENDED_WITHOUT_REASON[run.status] ?? run.status
  }
}

export const isActive = (status: RunStatus): boolean => status === 'queued' || status === 'running'
