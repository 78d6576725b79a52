// The runs view in Chromium against a real serve host and real trainers: live progress, sort, filters, selection,
// delete with confirmation, export, tags and notes; then 2,000 stored runs in dark mode, with timings printed.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG } from '../../../shared/train/config'
import { openWorkbenchPage, QUICK_RUN, type WorkbenchPage } from '../../testing/workbenchPage'

// Functions given to page.evaluate run in Chromium, but this file compiles with Node's types: name what they use.
interface PageElement {
  value: string
  scrollTop: number
  scrollHeight: number
  textContent: string | null
  click(): void
  dispatchEvent(event: Event): boolean
  getAttribute(name: string): string | null
}
declare const document: {
  body: unknown
  activeElement: PageElement | null
  querySelector(selector: string): PageElement | null
  querySelectorAll(selector: string): { forEach(fn: (element: PageElement) => void): void }
}
declare const window: { seenStatuses?: Set<string> }
declare const MutationObserver: new (callback: () => void) => { observe(target: unknown, options: object): void }
declare function requestAnimationFrame(callback: () => void): number

const rowIds = (wb: WorkbenchPage): Promise<number[]> =>
  wb.page.locator('tr[data-run-id]').evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-run-id'))))

describe('the runs view with real runs', () => {
  let wb: WorkbenchPage
  const ids: Record<'alpha' | 'beta' | 'gamma' | 'slow', number> = { alpha: 0, beta: 0, gamma: 0, slow: 0 }
  const row = (name: keyof typeof ids) => wb.page.locator(`tr[data-run-id="${ids[name]}"]`)

  beforeAll(async () => {
    wb = await openWorkbenchPage({ concurrency: 4 })
  })
  afterAll(async () => {
    await wb?.close()
  })

  it('greets a first-time user with what to do', async () => {
    await wb.open('/')
    await expect.poll(() => wb.page.getByText('No runs yet').count()).toBe(1)
    expect(await wb.page.getByRole('link', { name: 'New sweep' }).last().getAttribute('href')).toBe('#/sweep')
    expect(await wb.page.locator('code', { hasText: 'npm run train -- --preset keras-mlp' }).count()).toBe(1)
    await wb.screenshot('runs-empty')
  })

  it('shows three quick runs progress to finished, and a long one running with its epoch and time left', async () => {
    // record every text the status cells show, so a fast run's running phase is seen even between polls
    await wb.page.evaluate(() => {
      const seen = new Set<string>()
      window.seenStatuses = seen
      new MutationObserver(() =>
        document.querySelectorAll('td.status').forEach((td) => seen.add(td.textContent ?? '')),
      ).observe(document.body, {
        subtree: true,
        childList: true,
        characterData: true,
      })
    })
    const calls = wb.workbench.calls
    ids.alpha = (await calls.launchRun({ ...QUICK_RUN, lr: 0.05, name: 'quick alpha' })).runId
    ids.beta = (await calls.launchRun({ ...QUICK_RUN, lr: 0.1, name: 'quick beta' })).runId
    ids.gamma = (await calls.launchRun({ ...QUICK_RUN, lr: 0.2, name: 'quick gamma' })).runId
    ids.slow = (await calls.launchRun({ ...QUICK_RUN, lr: 0.3, epochs: 400, trainLimit: 2000, name: 'long one' })).runId

    for (const name of ['alpha', 'beta', 'gamma'] as const) {
      await expect.poll(() => row(name).locator('td.status').textContent(), { timeout: 60_000 }).toBe('finished')
      expect(await row(name).locator('td.test').textContent()).toMatch(/^\d+\.\d\d%$/)
      expect(await row(name).locator('td.layers').textContent()).toBe('784-16-10')
    }
    const seen = await wb.page.evaluate(() => [...(window.seenStatuses ?? [])])
    expect(seen.some((text) => /^epoch [12]\/2/.test(text))).toBe(true)

    await expect
      .poll(() => row('slow').locator('td.status').textContent(), { timeout: 30_000 })
      .toMatch(/^epoch \d+\/400 · .+ left$/)
    expect(
      Number(await row('slow').locator('[role=progressbar]').getAttribute('aria-valuenow')),
    ).toBeGreaterThanOrEqual(0)
    expect(await wb.page.getByTestId('run-count').textContent()).toBe('4 of 4 runs')
    expect(await row('alpha').locator('td.name a').getAttribute('href')).toBe(`#/runs/${ids.alpha}`)
    await wb.screenshot('runs-live')
  })

  it('cancels a running run from the selection', async () => {
    await row('slow').locator('td.pick input').click()
    await wb.page.getByRole('button', { name: /^Cancel/ }).click()
    await expect.poll(() => row('slow').locator('td.status').textContent(), { timeout: 30_000 }).toMatch(/^cancelled/)
    await wb.page.getByRole('button', { name: 'Clear selection' }).click()
  })

  it('sorts by test accuracy, best first, then worst first, with the run that has none last', async () => {
    const accuracy = new Map<number, number | null>()
    for (const id of Object.values(ids)) accuracy.set(id, (await wb.workbench.calls.getRun(id)).testAccuracy)
    const expected = [ids.alpha, ids.beta, ids.gamma].sort((a, b) => accuracy.get(b)! - accuracy.get(a)! || b - a)
    await wb.page.locator('th button[data-sort="testAccuracy"]').click()
    await expect.poll(() => rowIds(wb)).toEqual([...expected, ids.slow])
    expect(await wb.page.locator('th.test').getAttribute('aria-sort')).toBe('descending')
    await wb.screenshot('runs-sorted')
    await wb.page.locator('th button[data-sort="testAccuracy"]').click()
    const ascending = [ids.alpha, ids.beta, ids.gamma].sort((a, b) => accuracy.get(a)! - accuracy.get(b)! || b - a)
    await expect.poll(() => rowIds(wb)).toEqual([...ascending, ids.slow])
    await wb.page.locator('th button[data-sort="param:lr"]').click()
    await expect.poll(() => rowIds(wb)).toEqual([ids.slow, ids.gamma, ids.beta, ids.alpha])
  })

  it('filters by text, by an lr condition, and says what is wrong with a condition it cannot read', async () => {
    const { page } = wb
    await page.keyboard.press('/')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Search runs')
    await page.keyboard.type('gamma')
    await expect.poll(() => rowIds(wb)).toEqual([ids.gamma])
    expect(await page.getByTestId('run-count').textContent()).toBe('1 of 4 runs')
    await page.getByLabel('Search runs').fill('')

    const conditions = page.getByLabel('Hyperparameter conditions')
    await conditions.fill('lr<0.15')
    await expect.poll(() => rowIds(wb)).toEqual([ids.beta, ids.alpha])
    await conditions.fill('lr<0.15 optimizer>sgd')
    await expect
      .poll(() => page.locator('#condition-problems').textContent())
      .toBe('optimizer is not a number, so only = and != work with it')
    expect(await conditions.getAttribute('aria-invalid')).toBe('true')
    expect(await rowIds(wb)).toEqual([ids.beta, ids.alpha])
    await wb.screenshot('runs-filtered')
    await conditions.fill('')
    await page.locator('.chips button[data-status="finished"]').click()
    await expect.poll(() => rowIds(wb)).toEqual([ids.gamma, ids.beta, ids.alpha])
    await page.getByRole('button', { name: 'Clear filters' }).first().click()
    await expect.poll(() => rowIds(wb)).toHaveLength(4)
  })

  it('exports the selected runs as CSV', async () => {
    const { page } = wb
    await row('beta').locator('td.pick input').click()
    await row('alpha')
      .locator('td.pick input')
      .click({ modifiers: ['Shift'] })
    await expect.poll(() => page.locator('.actions .selection').textContent()).toBe('2 selected')
    await page.locator('.menu summary', { hasText: 'Export' }).click()
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /Runs as CSV/ }).click(),
    ])
    expect(download.suggestedFilename()).toBe('runs.csv')
    const lines = readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\n')
    expect(lines[0]).toMatch(/^id,name,status/)
    expect(
      lines
        .slice(1)
        .map((line) => line.split(',')[1])
        .sort(),
    ).toEqual(['quick alpha', 'quick beta'])
  })

  it('deletes one of two selected runs after asking, naming what goes with it', async () => {
    const { page } = wb
    await row('beta').locator('td.pick input').click() // leaves alpha selected
    await expect.poll(() => page.locator('.actions .selection').textContent()).toBe('1 selected')
    await page.keyboard.press('Delete') // the focus is still on the checkbox just clicked
    const dialog = page.getByRole('dialog', { name: 'Delete 1 run?' })
    await expect.poll(() => dialog.isVisible()).toBe(true)
    expect(await dialog.textContent()).toContain('Their metrics and saved models are deleted too')
    await wb.screenshot('runs-delete-confirm')
    await page.keyboard.press('Escape')
    await expect.poll(() => dialog.isVisible()).toBe(false)
    expect(await row('alpha').count()).toBe(1)

    await page.getByRole('button', { name: 'Delete…' }).click()
    await dialog.getByRole('button', { name: 'Delete 1 run' }).click()
    await expect.poll(() => row('alpha').count()).toBe(0)
    await expect(wb.workbench.calls.getRun(ids.alpha)).rejects.toThrow(/does not exist/)
    expect(await row('beta').count()).toBe(1)
    expect(await page.getByTestId('run-count').textContent()).toBe('3 of 3 runs')
  })

  it('edits tags in the cell and notes in a dialog', async () => {
    const { page } = wb
    await row('gamma').locator('td.tags').click()
    const input = row('gamma').getByLabel('Tags, separated by commas')
    await input.fill('best, small net, best')
    await wb.screenshot('runs-tags-editing')
    await input.press('Enter')
    await expect.poll(() => row('gamma').locator('td.tags .chip').allTextContents()).toEqual(['best', 'small net'])
    expect((await wb.workbench.calls.getRun(ids.gamma)).tags).toEqual(['best', 'small net'])

    await row('gamma').getByRole('button', { name: 'Add a note' }).click()
    await page.getByPlaceholder('What did you try').fill('lr 0.2 was the sweet spot')
    await wb.screenshot('runs-notes')
    await page.getByPlaceholder('What did you try').press('Control+Enter')
    await expect.poll(async () => (await wb.workbench.calls.getRun(ids.gamma)).notes).toBe('lr 0.2 was the sweet spot')
    await expect
      .poll(() =>
        row('gamma')
          .getByRole('button', { name: /^Notes:/ })
          .count(),
      )
      .toBe(1)
    await wb.screenshot('runs-after-edits')
  })

  it('opens Compare with the selected runs', async () => {
    const { page } = wb
    expect(await page.locator('.actions').textContent()).toContain('Select runs to compare') // the delete emptied the selection
    await row('gamma').locator('td.pick input').click()
    await row('beta').locator('td.pick input').click()
    await page.getByRole('button', { name: 'Compare', exact: true }).click()
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/compare?runs=${ids.gamma},${ids.beta}`)
    expect(wb.problems).toEqual([])
  })
})

describe('the runs view with 2,000 stored runs, in dark mode', () => {
  let wb: WorkbenchPage
  const COUNT = 2000

  beforeAll(async () => {
    wb = await openWorkbenchPage({ colorScheme: 'dark', concurrency: 1 })
    const store = wb.workbench.store
    const statuses = ['finished', 'finished', 'finished', 'diverged', 'pruned', 'failed'] as const
    store.transaction(() => {
      for (let i = 0; i < COUNT; i++) {
        const config = {
          ...DEFAULT_CONFIG,
          lr: Number((10 ** -(1 + (i % 30) / 10)).toPrecision(3)),
          hidden: [32 + (i % 7) * 32],
          optimizer: i % 3 ? ('sgd' as const) : ('adam' as const),
          seed: i,
        }
        const runId = store.createRun({ name: `stored run ${i + 1}`, config, sweepId: null })
        store.markRunning(runId, 100, 1_700_000_000_000 + i * 60_000)
        const status = statuses[i % statuses.length]
        const error =
          status === 'diverged'
            ? 'loss became NaN at step 40'
            : status === 'pruned'
              ? 'validation accuracy 61.2% was below the sweep median 80.4% at epoch 2'
              : status === 'failed'
                ? 'the trainer stopped: out of memory'
                : null
        store.finishRun(runId, {
          status,
          error,
          testAccuracy: status === 'finished' ? 0.85 + (i % 97) / 1000 : null,
          testLoss: 0.3,
          finishedAt: 1_700_000_000_000 + i * 60_000 + 30_000 + (i % 50) * 1000,
        })
        if (i % 10 === 0) store.setTags(runId, ['baseline', `group ${i % 4}`])
      }
    })
  })
  afterAll(async () => {
    await wb?.close()
  })

  it('renders only the rows on screen, and filters and sorts them quickly (timings printed)', async () => {
    const { page } = wb
    const started = Date.now()
    await wb.open('/')
    await page.locator(`tr[data-run-id="${COUNT}"]`).waitFor()
    const firstRows = Date.now() - started
    expect(await page.getByTestId('run-count').textContent()).toBe(`${COUNT} of ${COUNT} runs`)
    const rendered = await page.locator('tr[data-run-id]').count()
    expect(rendered).toBeLessThan(60)

    // time from a change to the next painted frame, in the page (the page's CSP allows no eval, so no code strings)
    type Change = { type: string; text: string } | { click: string } | { scrollToEnd: true }
    const timed = (change: Change): Promise<number> =>
      page.evaluate(async (change) => {
        const t0 = performance.now()
        if ('type' in change) {
          const input = document.querySelector(`[aria-label="${change.type}"]`)!
          input.value = change.text
          input.dispatchEvent(new Event('input'))
        } else if ('click' in change) document.querySelector(change.click)!.click()
        else {
          const scroller = document.querySelector('.scroller')!
          scroller.scrollTop = scroller.scrollHeight
          scroller.dispatchEvent(new Event('scroll'))
        }
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)))
        return performance.now() - t0
      }, change)
    // each change and its undo, five times; the median of each, since a shared machine adds noise
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
    const pairs: Array<[string, Change, Change]> = [
      ['type "adam 64" in the search', { type: 'Search runs', text: 'adam 64' }, { type: 'Search runs', text: '' }],
      [
        'condition "lr<0.01 optimizer=sgd"',
        { type: 'Hyperparameter conditions', text: 'lr<0.01 optimizer=sgd' },
        { type: 'Hyperparameter conditions', text: '' },
      ],
      [
        'status chip "diverged"',
        { click: '.chips button[data-status="diverged"]' },
        { click: '.chips button[data-status="diverged"]' },
      ],
      [
        'sort by lr, then back by id',
        { click: 'th button[data-sort="param:lr"]' },
        { click: 'th button[data-sort="id"]' },
      ],
      ['select all 2,000, then none', { click: 'thead input[type=checkbox]' }, { click: 'thead input[type=checkbox]' }],
    ]
    const idle: number[] = []
    for (let i = 0; i < 5; i++) idle.push(await timed({ click: '.count' })) // a click that changes nothing: the frame's own cost
    console.log(
      `runs view, ${COUNT} runs: first rows on screen ${firstRows} ms after navigation; ${rendered} rows in the DOM; a change-nothing click ${median(idle).toFixed(1)} ms`,
    )
    for (const [what, change, undo] of pairs) {
      const done: number[] = []
      const undone: number[] = []
      for (let i = 0; i < 5; i++) {
        done.push(await timed(change))
        undone.push(await timed(undo))
      }
      console.log(
        `  ${what}: ${median(done).toFixed(1)} ms, undo ${median(undone).toFixed(1)} ms (median of 5, to the next frame)`,
      )
    }
    const scrolled = await timed({ scrollToEnd: true })
    console.log(`  scroll to the end: ${scrolled.toFixed(1)} ms`)

    // after scrolling to the end the last rows are there, and still only a window of them
    await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(resolve)))
    expect(await page.locator('tr[data-run-id]').count()).toBeLessThan(60)
    expect(await page.locator(`tr[data-run-id="1"]`).count()).toBe(1)
    await page.locator('thead input[type=checkbox]').click()
    expect(await page.locator('.actions .selection').textContent()).toBe(`${COUNT} selected`)
    await page.locator('thead input[type=checkbox]').click()
    await page.locator('.scroller').evaluate((el) => (el.scrollTop = 0))
    await wb.screenshot('runs-2000-dark')
    await page.getByLabel('Hyperparameter conditions').fill('lr<0.002 bogus')
    await wb.screenshot('runs-2000-dark-filtered')
    expect(wb.problems).toEqual([])
  })
})
