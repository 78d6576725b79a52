import { describe, expect, it } from 'vitest'
import { reply } from './reply'

describe('trainer reply', () => {
  it('answers a ping with a pong', () => {
    expect(reply({ type: 'ping' })).toEqual({ type: 'pong' })
  })

  it('ignores anything it does not understand', () => {
    for (const message of [undefined, null, 'ping', 42, {}, { type: 'start' }]) {
      expect(reply(message)).toBeUndefined()
    }
  })
})
