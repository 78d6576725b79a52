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
type StrictConfig<T extends Options> = { args: string[]; options: T; strict: true; allowPositionals: false; tokens: true }

/** util.parseArgs, strict and with tokens, but its failures become a one-line UsageError naming the flag. */
export function parseFlags<T extends Options>(argv: string[], options: T): ReturnType<typeof parseArgs<StrictConfig<T>>> {
  try {
    return parseArgs<StrictConfig<T>>({ args: argv, options, strict: true, allowPositionals: false, tokens: true })
  } catch {
    throw new UsageError(explainParseFailure(argv, options))
  }
}

// parseArgs' own messages span lines and name no fix; re-read the tokens leniently to say which flag is wrong.
function explainParseFailure(argv: string[], options: Options): string {
  const { tokens } = parseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true })
  for (const token of tokens) {
    if (token.kind === 'positional') return `unexpected argument "${token.value}": every setting is a flag (see --help)`
    if (token.kind !== 'option') continue
    const spec = options[token.name]
    if (!spec) return `unknown flag ${token.rawName} (see --help)`
    if (spec.type === 'boolean' && token.value !== undefined) return `${token.rawName}: takes no value, got "${token.value}"`
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
