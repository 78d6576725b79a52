import type { Dataset } from '../data/dataset'
import type { Network } from '../nn/network'
import { zeros } from '../nn/matrix'
import { writeTargets, type TargetEncoder } from './batches'
import { confusionAccuracy, emptyConfusion, predictedClass, type Confusion } from './metrics'

export interface Evaluation {
  loss: number
  accuracy: number
  confusion: Confusion
}

const CHUNK = 1000

/** Loss, accuracy and confusion of the network on a whole dataset, in inference mode (no dropout). */
export function evaluate(network: Network, data: Dataset, classes: number, encode: TargetEncoder): Evaluation {
  const confusion = emptyConfusion(classes)
  const cols = network.outputSize
  const y = zeros(Math.min(CHUNK, data.count), cols)
  const yLast = zeros(data.count % CHUNK || CHUNK, cols)
  let lossSum = 0
  for (let start = 0; start < data.count; start += CHUNK) {
    const rows = Math.min(CHUNK, data.count - start)
    const x = {
      rows,
      cols: data.features,
      data: data.images.subarray(start * data.features, (start + rows) * data.features),
    }
    const target = rows === y.rows ? y : yLast
    writeTargets(target, data.labels, null, start, rows, encode)
    const probabilities = network.forward(x, false).data
    lossSum += network.lossOfLastForward(target) * rows
    for (let r = 0; r < rows; r++) {
      confusion.counts[encode(data.labels[start + r]) * classes + predictedClass(probabilities, r, cols)] += 1
    }
  }
  return { loss: data.count ? lossSum / data.count : NaN, accuracy: confusionAccuracy(confusion), confusion }
}
