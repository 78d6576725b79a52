// Where a JSON text goes wrong, as line and column. JSON.parse says "at position N" for some mistakes and nothing
// at all for others ("Unexpected token ']', …the whole file… is not valid JSON"), so the CLI finds the place itself.

export interface JsonProblem {
  line: number
  column: number
  /** `expected ',' or '}', found "b"` */
  message: string
}

class Stop {
  constructor(
    readonly offset: number,
    readonly expected: string,
  ) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y

/** The first place `text` breaks the JSON grammar (RFC 8259), or null when it is valid JSON. */
export function locateJsonProblem(text: string): JsonProblem | null {
  let i = 0
  const stop = (expected: string): never => {
    throw new Stop(i, expected)
  }
  const skipSpace = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++
  }
  const match = (pattern: RegExp): boolean => {
    pattern.lastIndex = i
    if (!pattern.test(text)) return false
    i = pattern.lastIndex
    return true
  }
  const string = (): void => {
    i++ // the opening quote
    for (;;) {
      if (i >= text.length) stop('a closing "')
      const c = text[i]
      if (c === '"') return void i++
      if (c === '\\') {
        if (!match(ESCAPE)) stop('an escape such as \\n, \\" or \\u00e9')
      } else if (c < ' ') stop('a closing " (a string cannot hold a raw line break or control character)')
      else i++
    }
  }
  const value = (): void => {
    skipSpace()
    const c = text[i]
    if (c === '{')
      return members('}', () => {
        if (text[i] !== '"') stop('a property name in double quotes')
        string()
        skipSpace()
        if (text[i] !== ':') stop("':'")
        i++
        value()
      })
    if (c === '[') return members(']', value)
    if (c === '"') return string()
    if (c === '-' || (c >= '0' && c <= '9')) return void (match(NUMBER) || stop('a number'))
    for (const literal of ['true', 'false', 'null']) if (text.startsWith(literal, i)) return void (i += literal.length)
    stop('a value')
  }
  const members = (close: string, member: () => void): void => {
    i++
    skipSpace()
    if (text[i] === close) return void i++
    for (;;) {
      skipSpace()
      member()
      skipSpace()
      if (text[i] === ',') i++
      else if (text[i] === close) return void i++
      else stop(`',' or '${close}'`)
    }
  }

  try {
    value()
    skipSpace()
    if (i < text.length) stop('the end of the file after the value')
    return null
  } catch (error) {
    if (!(error instanceof Stop)) throw error
    return {
      ...lineAndColumn(text, error.offset),
      message: `expected ${error.expected}, found ${found(text, error.offset)}`,
    }
  }
}

function found(text: string, offset: number): string {
  if (offset >= text.length) return 'the end of the file'
  if (text[offset] === '\n' || text[offset] === '\r') return 'a line break'
  if (text[offset] === '"') return /^"[^"\n]{0,30}"?/.exec(text.slice(offset))![0]
  const word = /^[\w.+-]+/.exec(text.slice(offset, offset + 20))?.[0]
  return JSON.stringify(word ?? text[offset])
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  return { line, column: offset - before.lastIndexOf('\n') }
}
