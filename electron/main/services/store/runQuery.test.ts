import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunQuery } from '../../../../shared/runs/run'
import { whereClause } from './runQuery'
import { SqliteStore } from './sqliteStore'
import { config, point, tempFolder, type TempFolder } from './testing'

let folder: TempFolder
let store: SqliteStore
let sweepId: number
const ids: Record<string, number> = {}

// Six runs that differ in the ways the runs list filters and sorts by.
beforeAll(() => {
  folder = tempFolder()
  store = folder.track(SqliteStore.open(folder.file('query.db')))
  sweepId = store.createSweep('lr grid', { name: 'lr grid', base: {} })
  const add = (name: string, overrides: Parameters<typeof config>[0], sweep: number | null) => {
    ids[name] = store.createRun({ name, config: config(overrides), sweepId: sweep })
  }
  add('sgd slow', { lr: 0.001 }, sweepId)
  add('sgd mid', { lr: 0.02 }, sweepId)
  add('sgd fast', { lr: 0.5 }, sweepId)
  add('adam wide', { optimizer: 'adam', lr: 0.0001, hidden: [512, 256] }, null)
  add('Tutorial scratch', { lr: 3, activation: 'sigmoid', nesterov: false }, null)
  add('momentum', { lr: 0.1, momentum: 0.9, nesterov: true }, null)

  const finish = (name: string, testAccuracy: number, started: number, finished: number) => {
    store.markRunning(ids[name], 100, started)
    store.appendMetrics(ids[name], [point('val/accuracy', 100, testAccuracy - 0.01)])
    store.finishRun(ids[name], { status: 'finished', error: null, testAccuracy, testLoss: 0.2, finishedAt: finished })
  }
  finish('sgd slow', 0.91, 0, 50_000)
  finish('sgd mid', 0.95, 0, 10_000)
  finish('adam wide', 0.97, 0, 30_000)
  store.markRunning(ids['sgd fast'], 100, 0)
  store.finishRun(ids['sgd fast'], {
    status: 'diverged',
    error: 'loss became NaN at step 12',
    testAccuracy: null,
    testLoss: null,
    finishedAt: 1000,
  })
  store.markRunning(ids['momentum'], 100, Date.now() - 5000)
  store.setTags(ids['adam wide'], ['best-so-far'])
  store.setNotes(ids['sgd mid'], 'Compare with the 100% tutorial run')
})
afterAll(() => folder.cleanup())

const names = (query: RunQuery) => store.listRuns(query).runs.map((r) => r.name)

describe('listRuns: filters', () => {
  it('lists every run, newest first, with the total', () => {
    const { runs, total } = store.listRuns({})
    expect(total).toBe(6)
    expect(runs.map((r) => r.name)).toEqual([
      'momentum',
      'Tutorial scratch',
      'adam wide',
      'sgd fast',
      'sgd mid',
      'sgd slow',
    ])
  })

  it('filters by status and by sweep', () => {
    expect(names({ statuses: ['finished'], sortBy: 'name', sortDir: 'asc' })).toEqual([
      'adam wide',
      'sgd mid',
      'sgd slow',
    ])
    expect(names({ statuses: ['queued', 'running'] })).toEqual(['momentum', 'Tutorial scratch'])
    expect(names({ sweepId, statuses: ['diverged'] })).toEqual(['sgd fast'])
    expect(() => store.listRuns({ statuses: ['paused' as never] })).toThrow('unknown run status paused')
  })

  it('searches names, notes, tags and config values, every word, ignoring case', () => {
    expect(names({ text: 'SGD' })).not.toContain('adam wide') // the others say sgd in their optimizer
    expect(names({ text: 'sgd 0.02' })).toEqual(['sgd mid']) // both words, from the optimizer and the learning rate
    expect(names({ text: 'best-so' })).toEqual(['adam wide'])
    expect(names({ text: 'sigmoid' })).toEqual(['Tutorial scratch'])
    expect(names({ text: '512' })).toEqual(['adam wide']) // inside the hidden-layer list
    expect(names({ text: 'tutorial' })).toEqual(['Tutorial scratch', 'sgd mid']) // a name and a note
    expect(names({ text: 'tutorial 100%' })).toEqual(['sgd mid']) // % is a character, not a wildcard
    expect(names({ text: '  ' })).toHaveLength(6)
  })

  it('compares numeric params as numbers and text params as text', () => {
    expect(names({ params: [{ key: 'lr', op: '<', value: 0.01 }] })).toEqual(['adam wide', 'sgd slow'])
    expect(names({ params: [{ key: 'lr', op: '>=', value: '0.5' }] })).toEqual(['Tutorial scratch', 'sgd fast']) // text from a search box
    expect(names({ params: [{ key: 'lr', op: '=', value: 0.02 }] })).toEqual(['sgd mid'])
    expect(names({ params: [{ key: 'optimizer', op: '!=', value: 'sgd' }] })).toEqual(['adam wide'])
    expect(names({ params: [{ key: 'nesterov', op: '=', value: 'true' }] })).toEqual(['momentum'])
    expect(names({ params: [{ key: 'hidden', op: '=', value: '[512,256]' }] })).toEqual(['adam wide'])
    expect(
      names({
        params: [
          { key: 'lr', op: '<', value: 0.1 },
          { key: 'optimizer', op: '=', value: 'sgd' },
        ],
        sweepId,
      }),
    ).toEqual(['sgd mid', 'sgd slow'])
    expect(() => store.listRuns({ params: [{ key: 'lr', op: 'LIKE' as never, value: 1 }] })).toThrow(
      'unknown comparison "LIKE" for lr',
    )
  })

  it('pages with limit and offset, the total counting every match', () => {
    const page = store.listRuns({ sortBy: 'name', sortDir: 'asc', limit: 2, offset: 2 })
    expect(page.total).toBe(6)
    expect(page.runs.map((r) => r.name)).toEqual(['sgd fast', 'sgd mid'])
    expect(() => store.listRuns({ limit: -1 })).toThrow('limit must be a whole number of runs, got -1')
  })
})

describe('listRuns: sorting', () => {
  it('sorts by test accuracy either way, runs without one last', () => {
    expect(names({ sortBy: 'testAccuracy' }).slice(0, 3)).toEqual(['adam wide', 'sgd mid', 'sgd slow'])
    expect(names({ sortBy: 'testAccuracy', sortDir: 'asc' }).slice(0, 3)).toEqual(['sgd slow', 'sgd mid', 'adam wide'])
    expect(names({ sortBy: 'bestValAccuracy', sortDir: 'asc' }).slice(-1)).toEqual(['momentum'])
  })

  it('sorts by a hyperparameter, numerically', () => {
    expect(names({ sortBy: 'param:lr', sortDir: 'asc' })).toEqual([
      'adam wide',
      'sgd slow',
      'sgd mid',
      'momentum',
      'sgd fast',
      'Tutorial scratch',
    ])
    expect(names({ sortBy: 'param:lr' })).toEqual([
      'Tutorial scratch',
      'sgd fast',
      'momentum',
      'sgd mid',
      'sgd slow',
      'adam wide',
    ])
    expect(names({ sortBy: 'param:optimizer', sortDir: 'asc' })[0]).toBe('adam wide')
    expect(names({ sortBy: 'param:noSuchParam' })).toHaveLength(6)
  })

  it('sorts by duration (a running run counts up to now), name and life-cycle status', () => {
    expect(names({ sortBy: 'duration', sortDir: 'asc' })).toEqual([
      'sgd fast',
      'momentum',
      'sgd mid',
      'adam wide',
      'sgd slow',
      'Tutorial scratch',
    ])
    expect(names({ sortBy: 'name', sortDir: 'asc' })).toEqual([
      'adam wide',
      'momentum',
      'sgd fast',
      'sgd mid',
      'sgd slow',
      'Tutorial scratch',
    ])
    expect(names({ sortBy: 'status', sortDir: 'asc' }).slice(0, 2)).toEqual(['momentum', 'Tutorial scratch'])
    expect(() => store.listRuns({ sortBy: 'colour' as never })).toThrow('cannot sort runs by "colour"')
  })
})

describe('listRuns: query plan', () => {
  it('finds the runs of a param filter through the (key, num) index, not a scan of params', () => {
    const bindings = {}
    const where = whereClause({ params: [{ key: 'lr', op: '<', value: 0.01 }] }, bindings)
    const plan = store.database.db
      .prepare(`EXPLAIN QUERY PLAN SELECT id FROM runs ${where}`)
      .all(bindings)
      .map((row) => (row as { detail: string }).detail)
      .join('\n')
    expect(plan).toContain('USING INDEX params_by_key_num (key=? AND num<?)')
    expect(plan).not.toMatch(/SCAN params/)
  })
})
