import { onBeforeUnmount, onMounted } from 'vue'

/** Single-key shortcuts (e.g. 'n', '/', 'Delete'), ignored while the user types in a field. */
export function useShortcuts(bindings: Record<string, (event: KeyboardEvent) => void>): void {
  const handler = (event: KeyboardEvent): void => {
    const target = event.target as HTMLElement | null
    if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return
    if (event.ctrlKey || event.metaKey || event.altKey) return
    const action = bindings[event.key]
    if (action) {
      event.preventDefault()
      action(event)
    }
  }
  onMounted(() => window.addEventListener('keydown', handler))
  onBeforeUnmount(() => window.removeEventListener('keydown', handler))
}
