// Text that `npm run train` and `npm run reproduce` print about a run. Pure formatting, no I/O.
import { formatDuration, formatPercent } from '../../shared/format'
import type { Dataset } from '../../shared/data/dataset'
import type { MetricName, MetricPoint, RunSummary } from '../../shared/runs/run'
import { Network, type ModelSpec } from '../../shared/nn/network'
import { DEFAULT_CONFIG, modelSpecFor, type TrainConfig } from '../../shared/train/config'
import type { Evaluation } from '../../shared/train/evaluate'
import { formatConfusion, type Confusion } from '../../shared/train/metrics'
import type { EvaluationReport, Progress, TrainData } from '../../shared/train/train'
import type { RunResult, Verdict } from './reproducePlan'

const count = (n: number): string => n.toLocaleString('en-US')

/** Accuracies as the CLI prints them: two decimals. */
export const percent = (fraction: number): string => formatPercent(fraction, 2)

/** "20 epochs", "1 epoch", "1000 iterations". */
export function runLength(config: TrainConfig): string {
  const [n, unit] = config.epochs > 0 ? [config.epochs, 'epoch'] : [config.iterations, 'iteration']
  return `${n} ${unit}${n === 1 ? '' : 's'}`
}

/** "784-512-256-128-10, linear, dropout 0.5, softmax out". */
export function describeLayers(spec: ModelSpec): string {
  const sizes = [spec.inputSize]
  const notes: string[] = []
  const dense = spec.layers.filter((layer) => layer.type === 'dense')
  for (const layer of spec.layers) {
    if (layer.type === 'dense') sizes.push(layer.units)
    else notes.push(`dropout ${layer.rate}`)
  }
  const hidden = [...new Set(dense.slice(0, -1).map((layer) => layer.activation))]
  const output = dense[dense.length - 1]
  return [sizes.join('-'), ...hidden, ...notes, `${output.activation} out`].join(', ')
}

function describeOptimizer(c: TrainConfig): string {
  const parts = [`${c.optimizer} lr ${c.lr}`]
  if (c.optimizer === 'sgd' && c.momentum > 0) parts.push(`momentum ${c.momentum}${c.nesterov ? ' nesterov' : ''}`)
  if (
    c.optimizer === 'adam' &&
    (c.beta1 !== DEFAULT_CONFIG.beta1 || c.beta2 !== DEFAULT_CONFIG.beta2 || c.epsilon !== DEFAULT_CONFIG.epsilon)
  ) {
    parts.push(`betas ${c.beta1}/${c.beta2} epsilon ${c.epsilon}`)
  }
  if (c.weightDecay > 0) parts.push(`weight decay ${c.weightDecay}`)
  if (c.schedule === 'step') parts.push(`×${c.stepGamma} every ${c.stepEvery} epochs`)
  if (c.schedule === 'cosine') parts.push(`cosine to ${c.minLr}`)
  return parts.join(' ')
}

/** The one-line summary printed before training. */
export function describeRun(c: TrainConfig, preset: string | null, data: TrainData): string {
  const spec = modelSpecFor(c, data.train.features, data.train.numClasses)
  const parameterCount = new Network(spec).parameterCount()
  return [
    preset ?? 'default config',
    c.task === 'binary' ? `is it a ${c.positiveClass}? ${describeLayers(spec)}` : describeLayers(spec),
    c.loss,
    describeOptimizer(c),
    c.batchSize === 0 ? 'full batch' : `batch ${c.batchSize}`,
    runLength(c),
    `seed ${c.seed}`,
    `${count(parameterCount)} parameters`,
  ].join(' · ')
}

export function describeData(dataset: string, data: TrainData): string {
  const size = (d: Dataset | null): string => count(d?.count ?? 0)
  return `${dataset}: ${size(data.train)} train · ${size(data.validation)} validation · ${size(data.test)} test`
}

/** What an evaluation line shows: an in-process EvaluationReport, or one rebuilt from a trainer's metric points. */
export type EvaluationLine = Omit<EvaluationReport, 'validation'> & {
  validation: Pick<Evaluation, 'loss' | 'accuracy'> | null
}

/** "epoch 3/20: train loss 0.3120 acc 91.02% · val loss 0.2877 acc 91.95% · 14.2s" (or "step 100/1000: …"). */
export function formatEvaluation(report: EvaluationLine, c: TrainConfig): string {
  const where = c.epochs > 0 ? `epoch ${Math.round(report.epoch)}/${c.epochs}` : `step ${report.step}/${c.iterations}`
  const parts = [`${where}: train loss ${report.trainLoss.toFixed(4)} acc ${percent(report.trainAccuracy)}`]
  if (report.validation)
    parts.push(`val loss ${report.validation.loss.toFixed(4)} acc ${percent(report.validation.accuracy)}`)
  parts.push(formatDuration(report.seconds))
  return parts.join(' · ')
}

/** "[██████░░░░░░]  45% · epoch 0.45/1 · 12.0s, ETA 15.1s", cut to `width` characters so it never wraps. */
export function formatProgress(p: Progress, c: TrainConfig, width: number): string {
  const where = c.epochs > 0 ? `epoch ${p.epoch.toFixed(2)}/${c.epochs}` : `step ${p.step}/${p.totalSteps}`
  const tail = ` ${String(Math.floor(p.fraction * 100)).padStart(3)}% · ${where} · ${formatDuration(p.elapsedSeconds)}, ETA ${formatDuration(p.etaSeconds)}`
  const barWidth = Math.max(10, Math.min(40, width - tail.length - 2))
  const filled = Math.round(p.fraction * barWidth)
  return `[${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)}]${tail}`.slice(0, Math.max(0, width))
}

/** Row and column names of the test confusion matrix: digits, or "rest" / "is 3" for a binary task. */
export function confusionLabels(c: TrainConfig): string[] {
  return c.task === 'binary' ? ['rest', `is ${c.positiveClass}`] : []
}

export function formatTestConfusion(confusion: Confusion, c: TrainConfig): string {
  return `test confusion (rows: true class, columns: predicted)\n${formatConfusion(confusion, confusionLabels(c))}`
}

/** The last line of `npm run train`, for people and scripts: "test accuracy: 92.61%" (null: no test set). */
export function formatTestAccuracy(accuracy: number | null): string {
  return accuracy === null ? 'test accuracy: n/a (no test set)' : `test accuracy: ${percent(accuracy)}`
}

/** A Markdown table: a header row, a rule, then one row per entry (cells must not contain "|"). */
export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}

export function formatResults(results: RunResult[]): string {
  return markdownTable(
    ['preset', 'seed', 'length', 'test accuracy', 'final train accuracy', 'published', 'seconds'],
    results.map((r) => [
      r.preset,
      String(r.seed),
      r.length,
      r.testAccuracy === null ? 'diverged' : percent(r.testAccuracy),
      r.trainAccuracy === null ? '–' : percent(r.trainAccuracy),
      r.published,
      r.seconds.toFixed(1),
    ]),
  )
}

export function formatVerdicts(verdicts: Verdict[]): string {
  return markdownTable(
    ['preset', 'target (test)', 'result', 'verdict'],
    verdicts.map((v) => [
      v.preset,
      `≥ ${percent(v.target)}${v.runs > 1 ? ` (best of ${v.runs} seeds)` : ''}`,
      v.best?.testAccuracy == null
        ? 'diverged'
        : `${percent(v.best.testAccuracy)}${v.runs > 1 ? ` (seed ${v.best.seed})` : ''}`,
      v.pass ? 'PASS' : 'FAIL',
    ]),
  )
}

/**
 * The evaluations among a trainer's metric points (it sends each evaluation's points together): the lines an
 * in-process run prints, rebuilt. Seconds count from the run's start as the store recorded it.
 */
export function evaluationsIn(points: MetricPoint[], startedAt: number | null): EvaluationLine[] {
  const byStep = new Map<number, Partial<Record<MetricName, MetricPoint>>>()
  for (const point of points) {
    if (point.name === 'train/loss' || point.name === 'lr') continue
    byStep.set(point.step, { ...byStep.get(point.step), [point.name]: point })
  }
  return [...byStep.values()].flatMap((at) => {
    const [loss, accuracy, valLoss, valAccuracy] = [
      at['train/loss_epoch'],
      at['train/accuracy'],
      at['val/loss'],
      at['val/accuracy'],
    ]
    if (!loss || !accuracy) return []
    return [
      {
        step: accuracy.step,
        epoch: accuracy.epoch,
        trainLoss: loss.value,
        trainAccuracy: accuracy.value,
        validation: valLoss && valAccuracy ? { loss: valLoss.value, accuracy: valAccuracy.value } : null,
        seconds: startedAt === null ? NaN : (accuracy.wallTime - startedAt) / 1000,
      },
    ]
  })
}

/** A stored run's progress as the progress bar wants it. */
export function progressOf(run: RunSummary, now: number): Progress {
  return {
    step: run.step,
    totalSteps: run.totalSteps ?? 0,
    epoch: run.epoch,
    totalEpochs: run.config.epochs,
    fraction: run.progress,
    elapsedSeconds: run.startedAt === null ? 0 : (now - run.startedAt) / 1000,
    etaSeconds: run.etaSeconds ?? NaN,
  }
}
