import { formatDuration } from '../../../../shared/format'
import type { RunSummary } from '../../../../shared/runs/run'
import type { DatasetInfo } from '../../../../shared/data/datasetInfo'

/** Input, hidden and output sizes, e.g. 784-128-10; `?` where the dataset is not known. */
export function formatLayers(run: RunSummary, dataset: DatasetInfo | undefined): string {
  const input = dataset ? String(dataset.rows * dataset.cols) : '?'
  const output = run.config.task === 'binary' ? '1' : dataset ? String(dataset.classes) : '?'
  return [input, ...run.config.hidden.map(String), output].join('-')
}

/** A learning rate as people write it: 0.01, 1e-4. */
export function formatNumber(value: number): string {
  if (value !== 0 && Math.abs(value) < 1e-3)
    return value
      .toExponential()
      .replace(/\.?0*e([+-])/, 'e$1')
      .replace('e+', 'e')
  return String(Number(value.toPrecision(3)))
}

export function formatLength(run: RunSummary): string {
  return run.config.epochs > 0 ? `${run.config.epochs} ep` : `${run.config.iterations} it`
}

/** For a running run: "epoch 3/20 · 1m 20s left" (or steps, in iteration mode). */
export function formatProgress(run: RunSummary): string {
  const { epochs } = run.config
  const where =
    epochs > 0
      ? `epoch ${Math.min(epochs, Math.floor(run.epoch) + 1)}/${epochs}`
      : `step ${run.step}/${run.totalSteps ?? run.config.iterations}`
  return run.etaSeconds === null ? where : `${where} · ${formatEta(run.etaSeconds)} left`
}

/** Time left, as precise as is worth reading: seconds only under ten minutes. */
function formatEta(seconds: number): string {
  return seconds >= 600 && seconds < 3600 ? `${Math.round(seconds / 60)}m` : formatDuration(seconds)
}

/** Tags typed as "a, b, c": trimmed, without blanks or repeats. */
export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((tag) => tag.trim())
        .filter(Boolean),
    ),
  ]
}
