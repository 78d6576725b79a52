import { defineStore } from 'pinia'
import { computed, reactive, ref, watch } from 'vue'
import type { SweepPreview } from '../../../shared/sweeps/spec'
import type { DatasetInfo } from '../../../shared/data/datasetInfo'
import { expandSweep, SweepError, type SweepProblem } from '../../../shared/sweeps/expand'
import { workbench } from '../api'
import {
  formFromPreset,
  PARAM_KEYS,
  switchMode,
  type FieldMode,
  type ParamKey,
  type SweepForm,
} from '../components/sweep/formState'
import { fromSweepProblems, placeProblems } from '../components/sweep/problemFields'
import { datasetProblems, describeEstimate, runSeconds } from '../components/sweep/runPlan'
import { relevantFields, specFromForm, suggestedName, type FormField } from '../components/sweep/specFromForm'
import { useNotifyStore } from './notify'

/** Expands locally: the same pure code the host runs, so the count and the problems follow every keystroke. */
function analyse(spec: Parameters<typeof expandSweep>[0]): { problems: SweepProblem[]; preview: SweepPreview | null } {
  try {
    return { problems: [], preview: expandSweep(spec) }
  } catch (error) {
    if (error instanceof SweepError) return { problems: error.problems, preview: null }
    return {
      problems: [
        {
          field: '',
          message: `the sweep cannot be checked (${error instanceof Error ? error.message : String(error)})`,
        },
      ],
      preview: null,
    }
  }
}

/**
 * The sweep launcher's form. It lives in a store so that a half-built sweep survives a look at the runs.
 * Everything derived (spec, problems, run count, estimate) is computed from the form on every change.
 */
export const useSweepFormStore = defineStore('sweepForm', () => {
  const notify = useNotifyStore()
  const form = reactive<SweepForm>(formFromPreset(null))
  const datasets = ref<DatasetInfo[]>([])
  const datasetsLoaded = ref(false)
  const concurrency = ref(1)
  const launching = ref(false)

  const relevant = computed(() => relevantFields(form))
  const built = computed(() => specFromForm(form))
  const analysis = computed(() => analyse(built.value.spec))
  const preview = computed(() => (built.value.problems.length === 0 ? analysis.value.preview : null))
  const anyRandom = computed(() =>
    PARAM_KEYS.some((key) => relevant.value.has(key) && form.fields[key].mode === 'random'),
  )
  const shownFields = computed(() => {
    const shown = new Set<FormField>([...relevant.value, 'name', 'repeats'])
    if (anyRandom.value) shown.add('trials').add('sweepSeed')
    if (form.pruning) shown.add('warmupEpochs')
    return shown
  })
  const problems = computed(() => {
    const fromData =
      datasetsLoaded.value && analysis.value.preview
        ? datasetProblems(analysis.value.preview.configs, datasets.value)
        : []
    return placeProblems(
      [...built.value.problems, ...fromSweepProblems(analysis.value.problems), ...fromData],
      shownFields.value,
    )
  })
  const canLaunch = computed(() => problems.value.count === 0 && preview.value !== null && !launching.value)
  const estimate = computed(() =>
    preview.value ? describeEstimate(runSeconds(preview.value.configs, datasets.value), concurrency.value) : '',
  )
  const placeholderName = computed(() => suggestedName(form))

  // a binary task has one sigmoid unit: switching the task brings the output and loss along when they are single values
  watch(
    () => form.fields.task.single,
    (task) => {
      const { outputActivation: output, loss } = form.fields
      const [fromOutput, toOutput, fromLoss, toLoss] =
        task === 'binary'
          ? ['softmax', 'sigmoid', 'softmax-cross-entropy', 'binary-cross-entropy']
          : ['sigmoid', 'softmax', 'binary-cross-entropy', 'softmax-cross-entropy']
      if (form.fields.task.mode !== 'single') return
      if (output.mode === 'single' && output.single === fromOutput) output.single = toOutput
      if (loss.mode === 'single' && loss.single === fromLoss) loss.single = toLoss
    },
  )

  /** Fills every field from a tutorial preset (null: the defaults), each as a single value; the name is kept. */
  function applyPreset(preset: string | null): void {
    Object.assign(form, formFromPreset(preset, form.name))
  }

  function setMode(key: ParamKey, mode: FieldMode): void {
    switchMode(form.fields[key], key, mode)
  }

  async function loadSettings(): Promise<void> {
    const [list, limit] = await Promise.all([
      notify.attempt('listing datasets', () => workbench.listDatasets()),
      notify.attempt('reading the concurrency', () => workbench.getConcurrency()),
    ])
    if (list) {
      datasets.value = list
      datasetsLoaded.value = true
    }
    if (limit !== undefined) concurrency.value = limit
  }

  async function setConcurrency(limit: number): Promise<void> {
    const applied = await notify.attempt('setting the concurrency', () => workbench.setConcurrency(limit))
    if (applied !== undefined) concurrency.value = applied
  }

  /** Launches the sweep; the new sweep's id, or null if it did not launch (the reason is a notice). */
  async function launch(): Promise<number | null> {
    if (!canLaunch.value) return null
    const { spec } = built.value
    launching.value = true
    try {
      const result = await notify.attempt('launching the sweep', () => workbench.launchSweep(spec))
      if (!result) return null
      const count = result.runIds.length
      notify.push('info', `Launched "${spec.name}": ${count} run${count === 1 ? '' : 's'}`)
      return result.sweepId
    } finally {
      launching.value = false
    }
  }

  return {
    form,
    datasets,
    concurrency,
    launching,
    relevant,
    anyRandom,
    spec: computed(() => built.value.spec),
    preview,
    problems,
    canLaunch,
    estimate,
    placeholderName,
    applyPreset,
    setMode,
    loadSettings,
    setConcurrency,
    launch,
  }
})
