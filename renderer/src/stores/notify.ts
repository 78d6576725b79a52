import { defineStore } from 'pinia'
import { ref } from 'vue'

export interface Notice {
  id: number
  kind: 'error' | 'info'
  text: string
}

/** Messages for the user: errors from the host, in its words, and short confirmations. */
export const useNotifyStore = defineStore('notify', () => {
  const notices = ref<Notice[]>([])
  let nextId = 1

  function push(kind: Notice['kind'], text: string, ttlMs = kind === 'error' ? 8000 : 3000): void {
    const id = nextId++
    notices.value.push({ id, kind, text })
    setTimeout(() => dismiss(id), ttlMs)
  }

  function dismiss(id: number): void {
    notices.value = notices.value.filter((n) => n.id !== id)
  }

  /** Runs an API call; a failure becomes an error notice (never `[object Object]`) and the call yields undefined. */
  async function attempt<T>(what: string, call: () => Promise<T>): Promise<T | undefined> {
    try {
      return await call()
    } catch (error) {
      push('error', `${what}: ${error instanceof Error ? error.message : String(error)}`)
      return undefined
    }
  }

  return { notices, push, dismiss, attempt }
})
