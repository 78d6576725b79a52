import { describe, expect, it } from 'vitest'
import { DIVERGING, divergingColor, isDark, mix, parseHex, rankColor, sequentialColor } from './colorScale'

describe('colour scales', () => {
  it('mixes two colours linearly and clamps the fraction', () => {
    expect(mix('#000000', '#ffffff', 0.5)).toBe('#808080')
    expect(mix('#000', '#fff', 2)).toBe('#ffffff')
    expect(parseHex('#2563eb')).toEqual([0x25, 0x63, 0xeb])
  })

  it('runs the sequential scale from viridis purple to yellow', () => {
    expect(sequentialColor(0)).toBe('#440154')
    expect(sequentialColor(1)).toBe('#fde725')
    expect(sequentialColor(Number.NaN)).toBe('#440154')
  })

  it('keeps both ends of the rank scale visible on light and dark backgrounds', () => {
    expect(rankColor(1, false)).toBe(sequentialColor(0.85))
    expect(rankColor(0, false)).toBe(sequentialColor(0))
    expect(rankColor(0, true)).toBe(sequentialColor(0.2))
    expect(rankColor(1, true)).toBe(sequentialColor(1))
    expect(isDark('#20262d')).toBe(true)
    expect(isDark('#ffffff')).toBe(false)
  })

  it('diverges around the neutral colour: blue for more, red for fewer', () => {
    expect(divergingColor(0, 5, '#ffffff')).toBe('#ffffff')
    expect(divergingColor(5, 5, '#ffffff')).toBe(DIVERGING.positive)
    expect(divergingColor(-5, 5, '#ffffff')).toBe(DIVERGING.negative)
    // a one-image difference is still clearly tinted (square-root scale)
    const faint = parseHex(divergingColor(1, 100, '#ffffff'))
    expect(faint[0]).toBeLessThan(230)
  })
})
