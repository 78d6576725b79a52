import { describe, expect, it } from 'vitest'
import { locateJsonProblem } from './jsonLocation'

const at = (text: string): string | null => {
  const problem = locateJsonProblem(text)
  return problem && `${problem.line}:${problem.column} ${problem.message}`
}

describe('locateJsonProblem', () => {
  it('finds the line and column JSON.parse leaves out', () => {
    expect(at('{\n  "a": [1, 2,]\n}')).toBe('2:14 expected a value, found "]"')
    expect(at('{\n  "name": "x"\n  "base": {}\n}')).toBe("3:3 expected ',' or '}', found \"base\"")
    expect(at('{"a": tru}')).toBe('1:7 expected a value, found "tru"')
    expect(at('{a: 1}')).toBe('1:2 expected a property name in double quotes, found "a"')
    expect(at('{"a": 1,}')).toBe('1:9 expected a property name in double quotes, found "}"')
    expect(at('{"a": 01}')).toBe("1:8 expected ',' or '}', found \"1\"")
    expect(at('{"a": "line\nbreak"}')).toBe(
      '1:12 expected a closing " (a string cannot hold a raw line break or control character), found a line break',
    )
    expect(at('{"a": "\\x"}')).toBe('1:8 expected an escape such as \\n, \\" or \\u00e9, found "\\\\"')
    expect(at('{"a": 1} {}')).toBe('1:10 expected the end of the file after the value, found "{"')
    expect(at('{"a": 1')).toBe("1:8 expected ',' or '}', found the end of the file")
    expect(at('')).toBe('1:1 expected a value, found the end of the file')
  })

  it('agrees with JSON.parse on what is valid', () => {
    const texts = [
      '{"a": [1, {"b": null, "c": "\\u00e9\\n\\/"}], "d": -1.5e3, "e": true, "f": false}',
      ' [] ',
      '0',
      '-0.5E+2',
      '"x"',
      '[1,]',
      '[01]',
      '1.',
      '.5',
      '+1',
      '[-]',
      '{"a" 1}',
      '[1 2]',
      'nul',
      '"\t"',
      '{"a": 1}}',
      '[[[]]',
      '1e',
      '"\\u12"',
    ]
    for (const text of texts) {
      let valid = true
      try {
        JSON.parse(text)
      } catch {
        valid = false
      }
      expect(locateJsonProblem(text) === null, text).toBe(valid)
    }
  })
})
