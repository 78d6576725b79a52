// What one or several models say about one preprocessed drawing. Pure: the renderer calls it on every frame of a stroke.
import { loadModel, type SavedModel } from '../nn/model'
import type { Network } from '../nn/network'

/** A network ready to read drawings, with a name for each class it tells apart. */
export interface SketchModel {
  network: Network
  classes: string[]
}

export interface ClassProbabilities {
  classes: string[]
  /** One per class, summing to 1. */
  probabilities: number[]
  /** Index of the most probable class. */
  top: number
}

/**
 * How far several models agree on one drawing: the class most of them pick, and how sure they are of it. Only models
 * with the same classes are compared ("is it a 7?" and "which digit?" answer different questions): those of the
 * most common set of classes.
 */
export interface Agreement {
  className: string
  /** Models whose top class it is. */
  votes: number
  /** Models compared: those with the most common set of classes. */
  models: number
  /** Models left out because their classes differ. */
  others: number
  /** The mean over the compared models of the probability each gives that class. */
  meanProbability: number
}

export function sketchModel(saved: SavedModel): SketchModel {
  const network = loadModel(saved)
  const outputs = network.outputSize
  const classes =
    saved.meta?.classes ?? (outputs === 1 ? ['rest', 'positive'] : Array.from({ length: outputs }, (_, i) => String(i)))
  return { network, classes }
}

/**
 * Class probabilities of one 784-value input. One sigmoid unit is P(second class); outputs that are not a softmax
 * (sigmoid units trained with a quadratic loss, say) are scaled to sum to 1 so every model reads alike.
 */
export function classify(model: SketchModel, input: Float32Array): ClassProbabilities {
  const outputs = Array.from(model.network.predict(input, 1))
  let probabilities: number[]
  if (outputs.length === 1) {
    const p = Math.min(1, Math.max(0, outputs[0]))
    probabilities = [1 - p, p]
  } else {
    const positive = outputs.map((v) => (Number.isFinite(v) ? Math.max(0, v) : 0))
    const sum = positive.reduce((a, b) => a + b, 0)
    probabilities = sum > 0 ? positive.map((v) => v / sum) : positive.map(() => 1 / positive.length)
  }
  let top = 0
  for (let i = 1; i < probabilities.length; i++) if (probabilities[i] > probabilities[top]) top = i
  return { classes: model.classes, probabilities, top }
}

/** The class most models pick (ties go to the higher mean probability), or null for no models. */
export function agreement(predictions: ClassProbabilities[]): Agreement | null {
  if (predictions.length === 0) return null
  const groups = new Map<string, ClassProbabilities[]>()
  for (const p of predictions) {
    const key = JSON.stringify(p.classes)
    groups.set(key, [...(groups.get(key) ?? []), p])
  }
  const group = [...groups.values()].reduce((best, g) => (g.length > best.length ? g : best))
  const votes = new Array<number>(group[0].classes.length).fill(0)
  const mean = new Array<number>(group[0].classes.length).fill(0)
  for (const p of group) {
    votes[p.top] += 1
    p.probabilities.forEach((q, i) => (mean[i] += q / group.length))
  }
  let best = 0
  for (let i = 1; i < votes.length; i++)
    if (votes[i] > votes[best] || (votes[i] === votes[best] && mean[i] > mean[best])) best = i
  return {
    className: group[0].classes[best],
    votes: votes[best],
    models: group.length,
    others: predictions.length - group.length,
    meanProbability: mean[best],
  }
}
