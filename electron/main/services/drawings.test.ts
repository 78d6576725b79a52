// "My digits" through the workbench calls: drawings in and out as base64, runs scored with their saved models.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RunSummary } from '../../../shared/runs/run'
import { modelToJson, saveModel } from '../../../shared/nn/model'
import { Network } from '../../../shared/nn/network'
import type { TrainConfig } from '../../../shared/train/config'
import { config, tempFolder, type TempFolder } from './store/testing'
import type { TrainerSpawner } from './trainers/spawner'
import { openWorkbench, type Workbench } from './workbench'

const NO_TRAINERS: TrainerSpawner = {
  spawn() {
    throw new Error('these tests start no trainers')
  },
}

let folder: TempFolder
let workbench: Workbench
beforeEach(() => {
  folder = tempFolder()
  workbench = openWorkbench({ dbPath: folder.file('w.db'), spawner: NO_TRAINERS })
})
afterEach(async () => {
  await workbench.close()
  folder.cleanup()
})

/** A drawing whose only ink is pixel `index`: the pixel reader below then answers `index`. */
const drawing = (index: number): string => {
  const pixels = new Uint8Array(784)
  pixels[index] = 255
  return Buffer.from(pixels).toString('base64')
}

/** A model whose output k looks at pixel k alone, so it predicts the index of the brightest of pixels 0…units-1. */
function pixelReader(units: number, activation: 'softmax' | 'sigmoid'): string {
  const network = new Network({
    inputSize: 784,
    layers: [{ type: 'dense', units, activation }],
    loss: activation === 'softmax' ? 'softmax-cross-entropy' : 'binary-cross-entropy',
  })
  const dense = network.params()[0].value
  for (let k = 0; k < units; k++) dense[k * 784 + k] = 10
  if (units === 1) network.params()[1].value[0] = -5 // pixel 0 lit: sigmoid(5) → positive; dark: sigmoid(-5) → rest
  return modelToJson(saveModel(network))
}

function finishedRun(overrides: Partial<TrainConfig>, modelJson: string | null): number {
  const { store } = workbench
  const runId = store.createRun({ name: 'r', config: config(overrides), sweepId: null })
  if (modelJson) store.saveModel(runId, modelJson)
  store.finishRun(runId, { status: 'finished', error: null, testAccuracy: 0.9, testLoss: 0.3, finishedAt: 2 })
  return runId
}

describe('my digits', () => {
  it('saves, lists and deletes drawings, pixels intact', async () => {
    const { calls } = workbench
    const seven = await calls.saveDrawing({ label: 7, pixels: drawing(7) })
    expect(seven).toEqual({ id: expect.any(Number), label: 7, pixels: drawing(7), createdAt: expect.any(Number) })
    await calls.saveDrawing({ label: 1, pixels: drawing(1) })
    expect((await calls.listDrawings()).map((d) => [d.label, d.pixels])).toEqual([
      [7, drawing(7)],
      [1, drawing(1)],
    ])
    expect(await calls.deleteDrawing(seven.id)).toEqual({ deleted: 1 })
    expect(await calls.deleteDrawing(seven.id)).toEqual({ deleted: 0 })
    expect((await calls.listDrawings()).map((d) => d.label)).toEqual([1])
  })

  it('scores a run: accuracy, count and confusion (true × predicted), kept in its summary and announced', async () => {
    const { calls, events } = workbench
    const runId = finishedRun({}, pixelReader(10, 'softmax'))
    // three read right (7, 7, 2), one 3 read as 8
    for (const [label, shown] of [
      [7, 7],
      [7, 7],
      [2, 2],
      [3, 8],
    ])
      await calls.saveDrawing({ label, pixels: drawing(shown) })
    const updates: RunSummary[] = []
    events.subscribe((name, payload) => {
      if (name === 'runUpdated') updates.push(payload as RunSummary)
    })

    const [score] = await calls.scoreOnDrawings([runId])
    expect(score).toMatchObject({ runId, accuracy: 0.75, count: 4 })
    const at = (t: number, p: number) => score.confusion.counts[t * 10 + p]
    expect([
      score.confusion.classes,
      at(7, 7),
      at(2, 2),
      at(3, 8),
      score.confusion.counts.reduce((a, b) => a + b),
    ]).toEqual([10, 2, 1, 1, 4])
    expect(await calls.getRun(runId)).toMatchObject({ myDigitsAccuracy: 0.75, myDigitsCount: 4 })
    expect(updates.map((r) => [r.id, r.myDigitsAccuracy])).toEqual([[runId, 0.75]])
  })

  it('scores a binary run as "is it the positive class?", on a 2×2 confusion', async () => {
    const { calls } = workbench
    const runId = finishedRun(
      { task: 'binary', positiveClass: 3, outputActivation: 'sigmoid', loss: 'binary-cross-entropy' },
      pixelReader(1, 'sigmoid'),
    )
    // lit pixel 0 means "is 3": a 3 read right, a 5 read as a 3, two 5s read right
    for (const [label, shown] of [
      [3, 0],
      [5, 0],
      [5, 9],
      [5, 9],
    ])
      await calls.saveDrawing({ label, pixels: drawing(shown) })
    const [score] = await calls.scoreOnDrawings([runId])
    expect(score).toMatchObject({ accuracy: 0.75, count: 4, confusion: { classes: 2, counts: [2, 1, 0, 1] } })
  })

  it('says what is missing: no drawings, no model, no such run; and stores nothing then', async () => {
    const { calls } = workbench
    const good = finishedRun({}, pixelReader(10, 'softmax'))
    await expect(calls.scoreOnDrawings([good])).rejects.toThrow(
      'there are no saved digits yet: draw some on the sketchpad and save each with its label',
    )
    await calls.saveDrawing({ label: 1, pixels: drawing(1) })
    const modelless = finishedRun({}, null)
    await expect(calls.scoreOnDrawings([good, modelless])).rejects.toThrow(
      `run ${modelless} has no saved model (only finished runs keep one)`,
    )
    await expect(calls.scoreOnDrawings([good, 999])).rejects.toThrow(
      'run 999 does not exist (it may have been deleted)',
    )
    expect((await calls.getRun(good)).myDigitsAccuracy).toBeNull()
  })

  it('refuses pixels that do not decode to 784 bytes, even past the schema', async () => {
    const short = Buffer.from(new Uint8Array(700)).toString('base64')
    await expect(workbench.calls.saveDrawing({ label: 1, pixels: short })).rejects.toThrow(
      'a drawing must be 784 grey levels (28×28), got 700',
    )
  })
})
