import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { Drawing, DrawingScore } from '../../../shared/sketch/drawing'
import { workbench } from '../api'
import { useNotifyStore } from './notify'

/** "My digits": the drawings the user saved with their labels, and the scores of runs on them. */
export const useDrawingsStore = defineStore('drawings', () => {
  const notify = useNotifyStore()
  const drawings = shallowRef<Drawing[]>([])
  const loaded = ref(false)
  /** Scores from this session, with their confusion matrices; a run's last accuracy also lives in its RunSummary. */
  const scores = shallowRef(new Map<number, DrawingScore>())
  const scoring = ref(false)

  const countsByLabel = computed(() => {
    const counts = new Map<number, number>()
    for (const d of drawings.value) counts.set(d.label, (counts.get(d.label) ?? 0) + 1)
    return counts
  })

  async function load(): Promise<void> {
    const list = await notify.attempt('loading my digits', () => workbench.listDrawings())
    if (!list) return
    drawings.value = list
    loaded.value = true
  }

  /** Saves the 28×28 grey levels the model saw under `label`; true when it was saved. */
  async function save(label: number, pixels: Uint8Array): Promise<boolean> {
    const saved = await notify.attempt('saving the digit', () =>
      workbench.saveDrawing({ label, pixels: toBase64(pixels) }),
    )
    if (!saved) return false
    drawings.value = [...drawings.value, saved]
    const total = drawings.value.length
    notify.push('info', `saved as a ${label} (${total} saved digit${total === 1 ? '' : 's'} now)`)
    return true
  }

  async function remove(drawingId: number): Promise<void> {
    const result = await notify.attempt('deleting the digit', () => workbench.deleteDrawing(drawingId))
    if (result) drawings.value = drawings.value.filter((d) => d.id !== drawingId)
  }

  async function score(runIds: number[]): Promise<DrawingScore[] | undefined> {
    scoring.value = true
    try {
      const result = await notify.attempt('scoring on my digits', () => workbench.scoreOnDrawings(runIds))
      if (!result) return undefined
      const next = new Map(scores.value)
      for (const s of result) next.set(s.runId, s)
      scores.value = next
      return result
    } finally {
      scoring.value = false
    }
  }

  return { drawings, loaded, scores, scoring, countsByLabel, load, save, remove, score }
})

export function toBase64(bytes: Uint8Array): string {
  let text = ''
  for (const b of bytes) text += String.fromCharCode(b)
  return btoa(text)
}

export function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0))
}
