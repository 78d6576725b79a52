import { describe, expect, it } from 'vitest'
import { compareSource, durationText, parseRunIds } from './compareRuns'

describe('compareSource', () => {
  it('reads run ids from ?runs=, dropping junk and duplicates but keeping order', () => {
    expect(parseRunIds('3,1, 2,3,x,0')).toEqual([3, 1, 2])
    expect(compareSource({ runs: '5,4' })).toEqual({ kind: 'runs', ids: [5, 4] })
    expect(compareSource({ runs: '' })).toEqual({ kind: 'runs', ids: [] })
  })

  it('takes a whole sweep from ?sweep=, else the selection', () => {
    expect(compareSource({ sweep: '7' })).toEqual({ kind: 'sweep', sweepId: 7 })
    expect(compareSource({ sweep: 'x' })).toEqual({ kind: 'selection' })
    expect(compareSource({})).toEqual({ kind: 'selection' })
    expect(compareSource({ runs: '1,2', sweep: '7' })).toEqual({ kind: 'runs', ids: [1, 2] })
  })
})

describe('durationText', () => {
  it('reads like a clock at every scale', () => {
    expect(durationText(4.25)).toBe('4.3s')
    expect(durationText(65)).toBe('1m 05s')
    expect(durationText(2 * 3600 + 3 * 60 + 9)).toBe('2h 03m')
    expect(durationText(null)).toBe('—')
  })
})
