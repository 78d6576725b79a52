import { describe, expect, it } from 'vitest'
import { decodeGrey, greyRgba, topClasses } from './pixels'

describe('pixels', () => {
  it('decodes base64 grey levels', () => {
    expect([...decodeGrey(btoa(String.fromCharCode(0, 128, 255)))]).toEqual([0, 128, 255])
  })

  it('turns grey levels into opaque RGBA', () => {
    expect([...greyRgba(Uint8Array.from([7]))]).toEqual([7, 7, 7, 255])
  })

  it('ranks the most probable classes first', () => {
    expect(topClasses([0.1, 0.6, 0.05, 0.25], 3)).toEqual([
      { index: 1, probability: 0.6 },
      { index: 3, probability: 0.25 },
      { index: 0, probability: 0.1 },
    ])
  })
})
