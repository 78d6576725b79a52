// The command lines of `npm run sweep`, `runs` and `export`: what each flag turns into, and one line for each mistake.
import { describe, expect, it } from 'vitest'
import { parseExportArgs } from './exportArgs'
import { UsageError } from './flags'
import { DEFAULT_LIMIT, parseRunsArgs, parseWhere } from './runsArgs'
import { parseSweepArgs } from './sweepArgs'

function usageError(parse: () => unknown): string {
  try {
    parse()
  } catch (error) {
    if (error instanceof UsageError) return error.message
    throw error
  }
  throw new Error('expected a usage error')
}

const query = (...argv: string[]) => {
  const command = parseRunsArgs(argv)
  if (command.kind !== 'runs') throw new Error('expected a runs command')
  return command.args.query
}

describe('npm run runs: flags to a RunQuery', () => {
  it('lists the newest runs first, a page at a time, by default', () => {
    expect(query()).toEqual({ sortBy: 'createdAt', sortDir: 'desc', limit: DEFAULT_LIMIT })
    expect(query('--limit', '0')).toEqual({ sortBy: 'createdAt', sortDir: 'desc' })
  })

  it('filters by status, sweep, hyperparameters and text', () => {
    expect(
      query(
        '--status',
        'finished,failed',
        '--sweep',
        '3',
        '--where',
        'lr<0.1',
        '--where',
        'optimizer=adam',
        '--search',
        'wide net',
      ),
    ).toEqual({
      statuses: ['finished', 'failed'],
      sweepId: 3,
      params: [
        { key: 'lr', op: '<', value: 0.1 },
        { key: 'optimizer', op: '=', value: 'adam' },
      ],
      text: 'wide net',
      sortBy: 'createdAt',
      sortDir: 'desc',
      limit: DEFAULT_LIMIT,
    })
    expect(query('--status', 'finished', '--status', 'pruned').statuses).toEqual(['finished', 'pruned'])
  })

  it('sorts best accuracy first, a hyperparameter ascending, unless told the other way', () => {
    expect(query('--sort', 'test')).toMatchObject({ sortBy: 'testAccuracy', sortDir: 'desc' })
    expect(query('--sort', 'val', '--asc')).toMatchObject({ sortBy: 'bestValAccuracy', sortDir: 'asc' })
    expect(query('--sort', 'param:lr')).toMatchObject({ sortBy: 'param:lr', sortDir: 'asc' })
    expect(query('--sort', 'param:lr', '--desc')).toMatchObject({ sortDir: 'desc' })
  })

  it('reads --where as FIELD OP VALUE, numbers as numbers and layer lists as the store keeps them', () => {
    expect(parseWhere('lr <= 1e-3')).toEqual({ key: 'lr', op: '<=', value: 0.001 })
    expect(parseWhere('batchSize!=32')).toEqual({ key: 'batchSize', op: '!=', value: 32 })
    expect(parseWhere('activation=relu')).toEqual({ key: 'activation', op: '=', value: 'relu' })
    expect(parseWhere('hidden=128,64')).toEqual({ key: 'hidden', op: '=', value: '[128,64]' })
    expect(parseWhere('hidden=128-64')).toEqual({ key: 'hidden', op: '=', value: '[128,64]' })
    expect(parseWhere('hidden=none')).toEqual({ key: 'hidden', op: '=', value: '[]' })
  })

  it('says which flag is wrong, in one line', () => {
    expect(usageError(() => parseRunsArgs(['--status', 'done']))).toBe(
      '--status: must be among queued, running, finished, failed, cancelled, diverged, pruned, interrupted, got "done"',
    )
    expect(usageError(() => parseRunsArgs(['--where', 'lr']))).toBe(
      `--where: must read FIELD OP VALUE, such as 'lr<0.1' or optimizer=adam, got "lr"`,
    )
    expect(usageError(() => parseRunsArgs(['--where', 'batch_size=32']))).toBe(
      '--where: "batch_size" is not a hyperparameter; did you mean batchSize?',
    )
    expect(usageError(() => parseRunsArgs(['--where', 'hidden=wide']))).toMatch(
      /^--where: layer sizes are whole numbers/,
    )
    expect(usageError(() => parseRunsArgs(['--sort', 'accuracy']))).toBe(
      '--sort: must be one of test, val, created, duration, name, status or param:FIELD, got "accuracy"',
    )
    expect(usageError(() => parseRunsArgs(['--sweep', 'x']))).toBe(
      '--sweep: must be a whole number from 1 to 9007199254740991, got "x"',
    )
    expect(usageError(() => parseRunsArgs(['--asc', '--desc']))).toBe('--asc and --desc: choose one')
    expect(usageError(() => parseRunsArgs(['finished']))).toBe(
      'unexpected argument "finished": every setting is a flag (see --help)',
    )
  })
})

describe('npm run export: flags', () => {
  const args = (...argv: string[]) => {
    const command = parseExportArgs(argv)
    if (command.kind !== 'export') throw new Error('expected an export command')
    return command.args
  }

  it('takes one selection, a format (runs-csv by default) and an optional file', () => {
    expect(args('--runs', '3, 1,3')).toEqual({
      db: null,
      selection: { kind: 'runs', runIds: [3, 1] },
      format: 'runs-csv',
      out: null,
    })
    expect(args('--sweep', '2', '--format', 'series-json', '--out', 'm.json', '--db', 'w.db')).toEqual({
      db: 'w.db',
      selection: { kind: 'sweep', sweepId: 2 },
      format: 'series-json',
      out: 'm.json',
    })
    expect(args('--all').selection).toEqual({ kind: 'all' })
  })

  it('refuses no selection, two selections, a bad id and an unknown format', () => {
    expect(usageError(() => parseExportArgs([]))).toBe('say which runs: --runs 1,2,3, --sweep ID or --all')
    expect(usageError(() => parseExportArgs(['--all', '--sweep', '1']))).toBe('--sweep and --all: choose one')
    expect(usageError(() => parseExportArgs(['--runs', '1,x']))).toBe(
      '--runs: must be a whole number from 1 to 9007199254740991, got "x"',
    )
    expect(usageError(() => parseExportArgs(['--runs', ',']))).toBe(
      '--runs: needs run ids separated by commas, such as 1,2,3',
    )
    expect(usageError(() => parseExportArgs(['--all', '--format', 'xlsx']))).toBe(
      '--format: must be one of runs-csv, series-csv, series-json, got "xlsx"',
    )
  })
})

describe('npm run sweep: flags', () => {
  it('takes one spec file and the options around it', () => {
    expect(parseSweepArgs(['s.json', '--concurrency', '3', '--dry-run'])).toEqual({
      kind: 'sweep',
      args: { file: 's.json', db: null, concurrency: 3, dryRun: true },
    })
    expect(parseSweepArgs(['--db', 'w.db', 's.json'])).toMatchObject({
      args: { file: 's.json', db: 'w.db', concurrency: undefined, dryRun: false },
    })
  })

  it('refuses no file, two files and a concurrency out of range', () => {
    expect(usageError(() => parseSweepArgs([]))).toBe(
      'give the sweep spec file: npm run sweep -- spec.json (see --help)',
    )
    expect(usageError(() => parseSweepArgs(['a.json', 'b.json']))).toBe(
      'one spec file at a time, got "a.json", "b.json"',
    )
    expect(usageError(() => parseSweepArgs(['a.json', '--concurrency', '65']))).toBe(
      '--concurrency: must be a whole number from 1 to 64, got "65"',
    )
    expect(usageError(() => parseSweepArgs(['a.json', '--parallel', '2']))).toBe('unknown flag --parallel (see --help)')
  })
})
