import type { RunSummary } from '../../../shared/runs/run'
import { WorkbenchError } from '../../../shared/ipc/workbench'
import { DRAWING_SIDE, type Drawing, type DrawingScore } from '../../../shared/sketch/drawing'
import { loadModel, modelFromJson } from '../../../shared/nn/model'
import { confusionAccuracy, emptyConfusion, predictedClass } from '../../../shared/train/metrics'
import type { DrawingRecord, SqliteStore } from './store/sqliteStore'

const PIXELS = DRAWING_SIDE * DRAWING_SIDE

/** "My digits" on the host: the drawings as the API sends them, and runs scored on them with their saved models. */
export class MyDigits {
  constructor(private readonly store: SqliteStore) {}

  save(label: number, pixels: string): Drawing {
    const bytes = Buffer.from(pixels, 'base64')
    if (bytes.length !== PIXELS)
      throw new WorkbenchError(
        `a drawing must be ${PIXELS} grey levels (${DRAWING_SIDE}×${DRAWING_SIDE}), got ${bytes.length}`,
      )
    return toDrawing(this.store.saveDrawing(label, bytes))
  }

  list(): Drawing[] {
    return this.store.listDrawings().map(toDrawing)
  }

  /** Scores each run on every saved drawing and keeps the scores; all runs are checked before any is stored. */
  score(runs: RunSummary[]): DrawingScore[] {
    const drawings = this.store.listDrawings()
    if (drawings.length === 0)
      throw new WorkbenchError('there are no saved digits yet: draw some on the sketchpad and save each with its label')
    const inputs = new Float32Array(drawings.length * PIXELS)
    drawings.forEach((d, i) => d.pixels.forEach((p, j) => (inputs[i * PIXELS + j] = p / 255)))
    const scores = runs.map((run) => this.scoreRun(run, drawings, inputs))
    this.store.transaction(() => scores.forEach((score) => this.store.saveDrawingScore(score)))
    return scores
  }

  private scoreRun(run: RunSummary, drawings: DrawingRecord[], inputs: Float32Array): DrawingScore {
    const saved = this.store.model(run.id)
    if (!saved) throw new WorkbenchError(`run ${run.id} has no saved model (only finished runs keep one)`)
    const model = modelFromJson(saved.json)
    if (model.spec.inputSize !== PIXELS) {
      throw new WorkbenchError(
        `run ${run.id} reads images of ${model.spec.inputSize} pixels; drawings are ${DRAWING_SIDE}×${DRAWING_SIDE}`,
      )
    }
    const network = loadModel(model)
    const outputs = network.outputSize
    const binary = run.config.task === 'binary'
    const classes = binary ? 2 : outputs
    const probabilities = network.predict(inputs, drawings.length)
    network.dispose() // this process scores run after run: its wasm memory is given back now, not at some GC
    const confusion = emptyConfusion(classes)
    let count = 0
    drawings.forEach((drawing, i) => {
      const trueClass = binary ? Number(drawing.label === run.config.positiveClass) : drawing.label
      if (trueClass >= classes) return
      confusion.counts[trueClass * classes + predictedClass(probabilities, i, outputs)] += 1
      count += 1
    })
    if (count === 0)
      throw new WorkbenchError(`run ${run.id} has ${classes} classes, and no saved digit has a label among them`)
    return { runId: run.id, accuracy: confusionAccuracy(confusion), count, confusion, scoredAt: Date.now() }
  }
}

function toDrawing(record: DrawingRecord): Drawing {
  return {
    id: record.id,
    label: record.label,
    pixels: Buffer.from(record.pixels).toString('base64'),
    createdAt: record.createdAt,
  }
}
