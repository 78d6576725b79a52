import { shallowRef, watch, type Ref } from 'vue'
import type { RunSummary } from '../../../shared/runs/run'
import { modelFromJson } from '../../../shared/nn/model'
import { sketchModel, type SketchModel } from '../../../shared/sketch/predict'
import { FIELD } from '../../../shared/sketch/preprocess'
import { workbench } from '../api'

const KEPT = 24

// Kept across visits to the sketchpad. Keyed by run and finish time: a re-queued run finishes again with a new model.
const cache = new Map<string, Promise<SketchModel>>()

function keyOf(run: RunSummary): string {
  return `${run.id}@${run.finishedAt ?? 0}`
}

/** The run's saved model as a network in this window, fetched once; predictions then need no round trip. */
export function loadSketchModel(run: RunSummary): Promise<SketchModel> {
  const key = keyOf(run)
  let loading = cache.get(key)
  if (!loading) {
    loading = workbench.model(run.id).then(({ json }) => {
      const model = sketchModel(modelFromJson(json))
      const inputs = model.network.spec.inputSize
      if (inputs !== FIELD * FIELD)
        throw new Error(`it reads images of ${inputs} pixels, and the sketchpad makes ${FIELD}×${FIELD}`)
      return model
    })
    cache.set(key, loading)
    loading.catch(() => cache.delete(key))
    if (cache.size > KEPT) cache.delete(cache.keys().next().value as string)
  }
  return loading
}

/** Loaded models of the chosen runs by run id, and a sentence for each run whose model could not be used. */
export function useSketchModels(runs: Ref<RunSummary[]>) {
  const models = shallowRef(new Map<number, SketchModel>())
  const problems = shallowRef(new Map<number, string>())
  const loading = shallowRef(new Set<number>())
  const loadedKeys = new Map<number, string>()

  watch(
    runs,
    (chosen) => {
      const wanted = new Set(chosen.map((run) => run.id))
      const keep = <V>(map: Map<number, V>): Map<number, V> =>
        [...map.keys()].every((id) => wanted.has(id)) ? map : new Map([...map].filter(([id]) => wanted.has(id)))
      models.value = keep(models.value)
      problems.value = keep(problems.value)
      for (const id of loadedKeys.keys()) if (!wanted.has(id)) loadedKeys.delete(id)
      for (const run of chosen) {
        if (loadedKeys.get(run.id) === keyOf(run) || loading.value.has(run.id)) continue
        loading.value = new Set(loading.value).add(run.id)
        loadedKeys.set(run.id, keyOf(run)) // tried: a model that fails is not fetched again until the run changes
        loadSketchModel(run)
          .then((model) => {
            if (!runs.value.some((r) => r.id === run.id)) return
            models.value = new Map(models.value).set(run.id, model)
          })
          .catch((error: unknown) => {
            if (!runs.value.some((r) => r.id === run.id)) return
            const message = error instanceof Error ? error.message : String(error)
            problems.value = new Map(problems.value).set(run.id, `run ${run.id}'s model cannot be used: ${message}`)
          })
          .finally(() => {
            const next = new Set(loading.value)
            next.delete(run.id)
            loading.value = next
          })
      }
    },
    { immediate: true },
  )

  return { models, problems, loading }
}
