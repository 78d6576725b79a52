import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'
import type { ConnectionState } from '../../../shared/ipc/socketClient'
import { connection } from '../api'

/** How long a lost link lasts before the banner adds how to bring the host back. */
const LONG_LOSS_MS = 15_000

/**
 * The link to the host as the shell shows it: its state, whether it has been lost long enough to explain, and
 * `onRestored`, called each time a lost link is open again (for the shell to refresh what the host may have changed).
 */
export function useConnection(onRestored: () => void): { state: Ref<ConnectionState>; longLost: Ref<boolean> } {
  const state = ref<ConnectionState>(connection.state())
  const longLost = ref(false)
  let timer: ReturnType<typeof setTimeout> | null = null
  let unsubscribe = (): void => {}

  const clearTimer = (): void => {
    if (timer) clearTimeout(timer)
    timer = null
  }

  onMounted(() => {
    unsubscribe = connection.onChange((next) => {
      const wasLost = state.value === 'lost'
      state.value = next
      if (next === 'lost' && !timer && !longLost.value) timer = setTimeout(() => (longLost.value = true), LONG_LOSS_MS)
      if (next === 'open') {
        clearTimer()
        longLost.value = false
        if (wasLost) onRestored()
      }
    })
  })
  onBeforeUnmount(() => {
    unsubscribe()
    clearTimer()
  })
  return { state, longLost }
}
