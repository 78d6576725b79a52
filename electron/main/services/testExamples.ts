import type { Dataset } from '../../../shared/data/dataset'
import { takeFirst } from '../../../shared/data/dataset'
import { loadIdxDataset } from '../../../shared/data/idxFile'
import { WorkbenchError, type TestExamples, type TestExamplesRequest } from '../../../shared/ipc/workbench'
import { loadModel, modelFromJson } from '../../../shared/nn/model'
import { predictedClass } from '../../../shared/train/metrics'
import type { Datasets } from './datasets'
import type { SqliteStore } from './store/sqliteStore'

interface Scored {
  test: Dataset
  probabilities: Float32Array
  outputs: number
  trueClasses: Uint8Array
  predicted: Uint8Array
}

const RUNS_KEPT = 4

/**
 * The test images behind a confusion-matrix cell: the run's saved model applied to its test set on the host, where
 * the files are. Scores are kept for the last few runs asked about, since a user clicks cell after cell.
 */
export class TestExampleFinder {
  private readonly scored = new Map<number, Scored>()
  private readonly testSets = new Map<string, Dataset>()

  constructor(
    private readonly store: SqliteStore,
    private readonly datasets: Datasets,
  ) {}

  find(request: TestExamplesRequest): TestExamples {
    const scored = this.score(request.runId)
    const { test, probabilities, outputs, trueClasses, predicted } = scored
    const examples: TestExamples['examples'] = []
    let total = 0
    for (let i = 0; i < test.count; i++) {
      if (trueClasses[i] !== request.trueClass || predicted[i] !== request.predictedClass) continue
      total += 1
      if (examples.length >= request.limit) continue
      const row = Array.from(probabilities.subarray(i * outputs, (i + 1) * outputs))
      const pixels = Buffer.from(
        test.images.subarray(i * test.features, (i + 1) * test.features).map((v) => Math.round(v * 255)),
      )
      examples.push({
        index: i,
        trueClass: trueClasses[i],
        predictedClass: predicted[i],
        // one sigmoid unit is P(positive): show both classes
        probabilities: outputs === 1 ? [1 - row[0], row[0]] : row,
        pixels: Buffer.from(Uint8Array.from(pixels)).toString('base64'),
      })
    }
    return { rows: test.rows, cols: test.cols, total, examples }
  }

  private score(runId: number): Scored {
    const cached = this.scored.get(runId)
    if (cached) return cached
    const run = this.store.getRun(runId)
    if (!run) throw new WorkbenchError(`run ${runId} does not exist (it may have been deleted)`)
    const saved = this.store.model(runId)
    if (!saved) throw new WorkbenchError(`run ${runId} has no saved model (only finished runs keep one)`)
    const network = loadModel(modelFromJson(saved.json))
    const full = this.testSet(run.dataset)
    const test = run.config.testLimit > 0 ? takeFirst(full, Math.min(run.config.testLimit, full.count)) : full
    const probabilities = network.predict(test.images, test.count)
    const outputs = network.outputSize
    network.dispose() // this process scores run after run: its wasm memory is given back now, not at some GC
    const trueClasses = new Uint8Array(test.count)
    const predicted = new Uint8Array(test.count)
    for (let i = 0; i < test.count; i++) {
      const label = test.labels[i]
      trueClasses[i] = run.config.task === 'binary' ? Number(label === run.config.positiveClass) : label
      predicted[i] = predictedClass(probabilities, i, outputs)
    }
    const scored = { test, probabilities, outputs, trueClasses, predicted }
    this.scored.set(runId, scored)
    if (this.scored.size > RUNS_KEPT) this.scored.delete(this.scored.keys().next().value as number)
    return scored
  }

  private testSet(name: string): Dataset {
    const cached = this.testSets.get(name)
    if (cached) return cached
    const files = this.datasets.files(name)
    if (!files.testImages || !files.testLabels) throw new WorkbenchError(`dataset "${name}" has no test set`)
    const test = loadIdxDataset(files.testImages, files.testLabels, name)
    this.testSets.set(name, test)
    return test
  }
}
