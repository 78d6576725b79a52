import { onBeforeUnmount, onMounted } from 'vue'

const TYPING_INPUTS = new Set(['text', 'search', 'number', 'email', 'password', 'url', 'tel', 'date', 'time', 'range'])

/** True while the user types into a field: single-key shortcuts must not steal those keys. */
function isTyping(target: HTMLElement | null): boolean {
  if (!target) return false
  if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true
  return target.tagName === 'INPUT' && TYPING_INPUTS.has((target as HTMLInputElement).type)
}

/**
 * Single-key shortcuts (e.g. 'n', '/', 'Delete'), ignored while the user types in a field (a ticked checkbox is not
 * typing). Escape is never swallowed, so open dialogs still close on it.
 */
export function useShortcuts(bindings: Record<string, (event: KeyboardEvent) => void>): void {
  const handler = (event: KeyboardEvent): void => {
    if (isTyping(event.target as HTMLElement | null)) return
    if (event.ctrlKey || event.metaKey || event.altKey) return
    const action = bindings[event.key]
    if (!action) return
    if (event.key !== 'Escape') event.preventDefault()
    action(event)
  }
  onMounted(() => window.addEventListener('keydown', handler))
  onBeforeUnmount(() => window.removeEventListener('keydown', handler))
}
