import { describe, expect, it } from 'vitest'
import { describeExit } from './exitReason'
import { LineTail } from './spawner'

describe('describeExit', () => {
  it('says out of memory when V8 did, whatever the exit looked like', () => {
    const v8 = [
      '<--- Last few GCs --->',
      'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
      ' 1: 0xb8a8b0 node::Abort() [node]',
    ]
    expect(describeExit(null, 'SIGABRT', v8)).toBe(
      'the trainer ran out of memory; try a smaller network, batch or dataset',
    )
    expect(describeExit(134, null)).toBe('the trainer ran out of memory; try a smaller network, batch or dataset')
  })

  it('names the signal or exit code, with the last line that is not a stack frame', () => {
    expect(describeExit(null, 'SIGKILL')).toBe('the trainer process was killed by SIGKILL')
    const crash = [
      '/app/trainer.js:10',
      'TypeError: cannot read properties of undefined',
      '    at train (/app/trainer.js:10:5)',
      '    at main (/app/trainer.js:20:1)',
    ]
    expect(describeExit(1, null, crash)).toBe(
      'the trainer process exited with code 1: TypeError: cannot read properties of undefined',
    )
    expect(describeExit(0, null)).toBe('the trainer process ended without reporting a result')
  })
})

describe('LineTail', () => {
  it('keeps the last complete and partial lines across chunks', () => {
    const tail = new LineTail(2)
    tail.push('one\ntw')
    tail.push('o\r\nthree\n\nfo')
    expect(tail.lines()).toEqual(['two', 'three', 'fo'])
  })

  it('cuts a line that never ends', () => {
    const tail = new LineTail(3)
    tail.push('x'.repeat(10_000))
    expect(tail.lines().map((line) => line.length)).toEqual([4000])
  })
})
