import type { ModelMeta } from '../nn/model'
import type { TrainConfig } from './config'

/** The names of a model's classes: the digits, or for a binary task the 0 and 1 of its sigmoid, "rest" and "is 3". */
export function classNamesFor(c: TrainConfig, numClasses: number): string[] {
  return c.task === 'binary'
    ? ['rest', `is ${c.positiveClass}`]
    : Array.from({ length: numClasses }, (_, i) => String(i))
}

/** What a saved model records about its run, so a reader knows what it was trained for and what its outputs mean. */
export function modelMetaFor(
  c: TrainConfig,
  numClasses: number,
  testAccuracy: number | null,
  createdAt: Date = new Date(),
): ModelMeta {
  const meta: ModelMeta = {
    config: { ...c, hidden: [...c.hidden] },
    createdAt: createdAt.toISOString(),
    classes: classNamesFor(c, numClasses),
  }
  if (testAccuracy !== null) meta.testAccuracy = testAccuracy
  return meta
}
