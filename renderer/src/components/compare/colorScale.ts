// Colour scales for the compare plots, as pure functions of a number so they can be tested and reused.

type Rgb = [number, number, number]

export function parseHex(hex: string): Rgb {
  const h = hex.trim().replace('#', '')
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h
  const n = parseInt(full.slice(0, 6), 16)
  return Number.isNaN(n) ? [128, 128, 128] : [(n >> 16) & 255, (n >> 8) & 255, n & 255]
}

const toHex = ([r, g, b]: Rgb): string =>
  `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`

/** The colour a fraction t (0–1) of the way from `from` to `to`. */
export function mix(from: string, to: string, t: number): string {
  const a = parseHex(from)
  const b = parseHex(to)
  const u = Math.min(1, Math.max(0, t))
  return toHex([a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u, a[2] + (b[2] - a[2]) * u])
}

// viridis at five stops: ordered in lightness, readable for colour-blind users, on light and dark backgrounds
const VIRIDIS = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725']

/** Sequential scale for "how good": t = 0 (worst) is dark purple, t = 1 (best) is yellow. */
export function sequentialColor(t: number): string {
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1)
  const i = Math.min(VIRIDIS.length - 2, Math.floor(u))
  return mix(VIRIDIS[i], VIRIDIS[i + 1], u - i)
}

/**
 * The sequential scale as drawn on a background: on a light one its pale yellow end is cut off, on a dark one its
 * near-black purple start, so the best and the worst runs both stay visible.
 */
export function rankColor(t: number, darkBackground: boolean): string {
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0))
  return darkBackground ? sequentialColor(0.2 + 0.8 * u) : sequentialColor(0.85 * u)
}

/** Whether a colour is dark (relative luminance below one half), e.g. the page background in dark mode. */
export function isDark(hex: string): boolean {
  const [r, g, b] = parseHex(hex)
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255 < 0.5
}

export const DIVERGING = { negative: '#d6604d', positive: '#4393c3' }

/** Diverging scale around zero: red below, blue above, `neutral` at 0, full colour at ±maxAbs. */
export function divergingColor(value: number, maxAbs: number, neutral: string): string {
  if (value === 0 || maxAbs <= 0) return neutral
  // square root so a difference of one or two images is still visible next to a large one
  const t = Math.sqrt(Math.min(1, Math.abs(value) / maxAbs))
  return mix(neutral, value > 0 ? DIVERGING.positive : DIVERGING.negative, 0.15 + 0.85 * t)
}
