import { onBeforeUnmount } from 'vue'

/**
 * Runs `fn` at most once per animation frame with the latest arguments: pointermove fires far more often than the
 * screen redraws, and work done between two frames is never seen. `flush` runs a pending call now.
 */
export function useFrameThrottle<A extends unknown[]>(
  fn: (...args: A) => void,
): { schedule(...args: A): void; flush(): void } {
  let frame: number | null = null
  let pending: A | null = null

  const run = (): void => {
    frame = null
    const args = pending
    pending = null
    if (args) fn(...args)
  }

  onBeforeUnmount(() => {
    if (frame !== null) cancelAnimationFrame(frame)
    frame = null
    pending = null
  })

  return {
    schedule(...args: A): void {
      pending = args
      frame ??= requestAnimationFrame(run)
    },
    flush(): void {
      if (frame !== null) cancelAnimationFrame(frame)
      run()
    },
  }
}
