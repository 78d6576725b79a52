// How numbers and errors read wherever the workbench shows them: the window, the CLI and run reasons.

/** 0.42 → "0.4s", 45 → "45s", 83 → "1m 23s", 4000 → "1h 06m"; "—" when unknown. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—'
  const t = Math.max(0, seconds)
  if (t < 9.95) return `${t.toFixed(1)}s`
  const s = Math.round(t)
  if (s < 60) return `${s}s`
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
}

/** 0.9123 → "91.2%" (digits after the point: 1 unless asked); "—" when unknown. */
export function formatPercent(fraction: number | null | undefined, digits = 1): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '—'
  return `${(fraction * 100).toFixed(digits)}%`
}

/** Text to show for something thrown (or sent as a message): never "[object Object]". */
export function messageOf(error: unknown): string {
  if (typeof error === 'string') return error
  if (error instanceof Error) return error.message
  try {
    return JSON.stringify(error) ?? String(error)
  } catch {
    const text = String(error)
    return text === '[object Object]' ? 'an error that could not be put into words' : text
  }
}

/** Someone's input, quoted for a sentence: cut to `max` characters and marked with "…", so no reply echoes megabytes. */
export function quoteInput(text: string, max = 100): string {
  return text.length > max ? `${JSON.stringify(text.slice(0, max))}…` : JSON.stringify(text)
}

/** What kind of thing arrived, never its content (which may be anything, of any size): "a list", "an object", "true". */
export function kindOfInput(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null || typeof value === 'boolean') return String(value)
  if (typeof value === 'string') return `a text of ${value.length} characters`
  if (Array.isArray(value)) return 'a list'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}
