import { describe, expect, it } from 'vitest'
import { formatDuration, formatPercent, kindOfInput, messageOf, quoteInput } from './format'

describe('formatDuration', () => {
  it('reads the same everywhere: tenths under ten seconds, then seconds, minutes and hours', () => {
    expect(formatDuration(0.42)).toBe('0.4s')
    expect(formatDuration(9.94)).toBe('9.9s')
    expect(formatDuration(45.4)).toBe('45s')
    expect(formatDuration(83)).toBe('1m 23s')
    expect(formatDuration(3599.6)).toBe('1h 00m')
    expect(formatDuration(4000)).toBe('1h 06m')
  })

  it('shows a dash for what is not known, and never a negative time', () => {
    expect(formatDuration(null)).toBe('—')
    expect(formatDuration(Number.NaN)).toBe('—')
    expect(formatDuration(Infinity)).toBe('—')
    expect(formatDuration(-3)).toBe('0.0s')
  })
})

describe('formatPercent', () => {
  it('gives one decimal unless asked, and a dash when unknown', () => {
    expect(formatPercent(0.91234)).toBe('91.2%')
    expect(formatPercent(0.91234, 2)).toBe('91.23%')
    expect(formatPercent(1, 0)).toBe('100%')
    expect(formatPercent(null)).toBe('—')
    expect(formatPercent(Number.NaN)).toBe('—')
  })
})

describe('messageOf', () => {
  it('turns anything thrown into words, never [object Object]', () => {
    expect(messageOf(new RangeError('too big'))).toBe('too big')
    expect(messageOf('plain words')).toBe('plain words')
    expect(messageOf({ code: 7 })).toBe('{"code":7}')
    expect(messageOf(undefined)).toBe('undefined')
    const circular: Record<string, unknown> = {}
    circular.self = circular
    expect(messageOf(circular)).toBe('an error that could not be put into words')
  })
})

describe('quoteInput', () => {
  it('quotes short input whole and cuts long input at the limit with an ellipsis', () => {
    expect(quoteInput('dropDatabase')).toBe('"dropDatabase"')
    expect(quoteInput('x'.repeat(100))).toBe(`"${'x'.repeat(100)}"`)
    expect(quoteInput('x'.repeat(8_000_000))).toBe(`"${'x'.repeat(100)}"…`)
    expect(quoteInput('abcdef', 3)).toBe('"abc"…')
    expect(quoteInput('a"b\n')).toBe('"a\\"b\\n"')
  })
})

describe('kindOfInput', () => {
  it('names the kind of a value and never shows its content', () => {
    expect(kindOfInput(undefined)).toBe('nothing')
    expect(kindOfInput(null)).toBe('null')
    expect(kindOfInput(true)).toBe('true')
    expect(kindOfInput('x'.repeat(300))).toBe('a text of 300 characters')
    expect(kindOfInput([1, 2])).toBe('a list')
    expect(kindOfInput({ secret: 'x' })).toBe('an object')
    expect(kindOfInput(7)).toBe('a number')
  })
})
