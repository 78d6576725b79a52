// Command-line helpers shared by the CLIs: strict flag parsing that fails with one line a person can act on.
import { parseArgs, type ParseArgsConfig } from 'node:util'

/** A bad command line, worded as the one line a CLI prints before exiting with code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

type Options = NonNullable<ParseArgsConfig['options']>
type StrictConfig<T extends Options, P extends boolean> = {
  args: string[]
  options: T
  strict: true
  allowPositionals: P
  tokens: true
}

/**
 * util.parseArgs, strict and with tokens, but its failures become a one-line UsageError naming the flag.
 * Arguments that are not flags are refused unless `allowPositionals` (then they are in `positionals`).
 */
export function parseFlags<T extends Options, P extends boolean = false>(
  argv: string[],
  options: T,
  allowPositionals: P = false as P,
): ReturnType<typeof parseArgs<StrictConfig<T, P>>> {
  try {
    return parseArgs<StrictConfig<T, P>>({ args: argv, options, strict: true, allowPositionals, tokens: true })
  } catch {
    throw new UsageError(explainParseFailure(argv, options, allowPositionals))
  }
}

// parseArgs' own messages span lines and name no fix; re-read the tokens leniently to say which flag is wrong.
function explainParseFailure(argv: string[], options: Options, allowPositionals: boolean): string {
  const { tokens } = parseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true })
  for (const token of tokens) {
    if (token.kind === 'positional' && !allowPositionals)
      return `unexpected argument "${token.value}": every setting is a flag (see --help)`
    if (token.kind !== 'option') continue
    const spec = options[token.name]
    if (!spec) return `unknown flag ${token.rawName} (see --help)`
    if (spec.type === 'boolean' && token.value !== undefined)
      return `${token.rawName}: takes no value, got "${token.value}"`
    if (spec.type === 'string' && token.value === undefined) return `${token.rawName}: needs a value (see --help)`
    if (spec.type === 'string' && !token.inlineValue && token.value?.startsWith('-')) {
      return `${token.rawName}: needs a value; to pass one starting with "-", write ${token.rawName}=${token.value}`
    }
  }
  return 'cannot read the command line (see --help)'
}

// Strict: "1e-4", "-2" and ".5" are numbers; "3abc", "NaN", "Infinity", "0x10" and "" are not.
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i

/** The number `raw` spells exactly, or undefined (`Number()` alone takes "", "0x10" and "Infinity"). */
export function strictNumber(raw: string): number | undefined {
  return NUMBER.test(raw) ? Number(raw) : undefined
}

/** A whole number from `min` to `max` given to `flag`, or a UsageError saying so. */
export function wholeNumberFlag(flag: string, raw: string, min: number, max: number): number {
  const value = strictNumber(raw)
  if (value === undefined || !Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag}: must be a whole number from ${min} to ${max}, got "${raw}"`)
  }
  return value
}

/** "1,2,3" as run ids, or a UsageError naming the one that is not an id. */
export function idListFlag(flag: string, raw: string): number[] {
  const parts = raw
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
  if (parts.length === 0) throw new UsageError(`${flag}: needs run ids separated by commas, such as 1,2,3`)
  return [...new Set(parts.map((part) => wholeNumberFlag(flag, part, 1, Number.MAX_SAFE_INTEGER)))]
}
