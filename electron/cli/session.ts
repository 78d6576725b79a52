// What `npm run train` and `npm run reproduce` share around a run: exit codes, data loading, Ctrl-C.
import { ConfigError, type TrainConfig } from '../../shared/train/config'
import type { TrainData } from '../../shared/train/train'
import { loadTrainData } from '../../shared/train/trainData.node'
import { describeProblems, UsageError } from './trainArgs'

export const EXIT = { ok: 0, failed: 1, usage: 2, cancelled: 130 } as const

/**
 * The config's train / validation / test split. Problems the user can fix with a flag (an unknown dataset, a
 * validation set as big as the data, a --binary class the data does not have) are UsageErrors.
 */
export function loadDataFor(config: TrainConfig): TrainData {
  try {
    return loadTrainData(config)
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(describeProblems(error.problems))
    throw error
  }
}

// One Ctrl-C can arrive more than once: the terminal signals the whole process group, and npm and tsx each pass
// it on to their child as well. Signals this close to the first are that same keypress.
const SAME_KEYPRESS_MS = 500

/** An AbortSignal that Ctrl-C fires; a second Ctrl-C exits at once. Call `dispose` when the run is over. */
export function cancelOnSigint(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController()
  let firstAt = 0
  const onSigint = (): void => {
    if (!controller.signal.aborted) {
      firstAt = performance.now()
      controller.abort()
    } else if (performance.now() - firstAt > SAME_KEYPRESS_MS) {
      process.exit(EXIT.cancelled)
    }
  }
  process.on('SIGINT', onSigint)
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onSigint) }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
