// The compare view in Chromium against a real serve host and real trainers: three runs that differ in lr, then a
// sweep watched live from queued to finished, in light and dark mode.
import type { Locator } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MetricPoint, RunSummary } from '../../../shared/runs/run'
import { DEFAULT_CONFIG } from '../../../shared/train/config'
import { openWorkbenchPage, QUICK_RUN, type WorkbenchPage } from '../../testing/workbenchPage'

// the slice of a canvas element the page-side function uses (this file is type-checked without the DOM library)
interface CanvasLike {
  width: number
  height: number
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } }
}

// what the timing function uses of the page's globals, typed here for the same reason
interface PageGlobals {
  document: { querySelector(selector: string): { value: string; dispatchEvent(event: unknown): void } | null }
  Event: new (type: string) => unknown
  MouseEvent: new (type: string) => unknown
  requestAnimationFrame(callback: () => void): number
  performance: { now(): number }
}

/** Pixels a canvas has drawn on: a blank or never-drawn canvas has none. */
const inkedPixels = (canvas: Locator): Promise<number> =>
  canvas.evaluate((node) => {
    const el = node as unknown as CanvasLike
    const { data } = el.getContext('2d').getImageData(0, 0, el.width, el.height)
    let n = 0
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++
    return n
  })

const ENDED = (run: RunSummary): boolean => run.status !== 'queued' && run.status !== 'running'

describe('the compare view', () => {
  let wb: WorkbenchPage
  const ids: number[] = []
  const names = ['lr 0.05', 'lr 0.2', 'lr 0.8']
  const legendNames = () => wb.page.getByRole('list', { name: 'Compared runs' }).locator('.name').allTextContents()

  async function waitUntilEnded(runIds: number[]): Promise<void> {
    for (const id of runIds)
      await expect
        .poll(async () => ENDED(await wb.workbench.calls.getRun(id)), { timeout: 90_000, interval: 250 })
        .toBe(true)
  }

  beforeAll(async () => {
    wb = await openWorkbenchPage({ concurrency: 3 })
  })
  afterAll(async () => {
    await wb?.close()
  })

  it('says how to get here when no runs are chosen', async () => {
    await wb.open('/compare')
    const empty = wb.page.getByTestId('compare-empty')
    await expect.poll(() => empty.textContent()).toContain('Select two or more runs in Runs, then Compare.')
    expect(await empty.getByRole('link', { name: 'Runs' }).getAttribute('href')).toBe('#/')
    await wb.screenshot('compare-empty')
  })

  it('compares three runs that differ only in lr', async () => {
    for (const [i, lr] of [0.05, 0.2, 0.8].entries())
      ids.push((await wb.workbench.calls.launchRun({ ...QUICK_RUN, lr, name: names[i] })).runId)
    await waitUntilEnded(ids)
    await wb.open(`/compare?runs=${ids.join(',')}`)

    await expect.poll(legendNames).toEqual(names)
    const lrRow = wb.page.locator('tr[data-field="lr"]')
    expect(await lrRow.getAttribute('class')).toContain('differs')
    expect(await lrRow.locator('td').allTextContents()).toEqual(['0.05', '0.2', '0.8'])
    expect(await wb.page.locator('tr[data-field="batchSize"]').getAttribute('class')).not.toContain('differs')
    expect(await wb.page.locator('tr[data-metric="testAccuracy"] td').allTextContents()).toEqual([
      expect.stringMatching(/^\d+\.\d\d%$/),
      expect.stringMatching(/%$/),
      expect.stringMatching(/%$/),
    ])
    expect(await wb.page.locator('tr[data-metric="status"] td').allTextContents()).toEqual([
      'finished',
      'finished',
      'finished',
    ])

    // the curves hold every stored point of the three runs
    const stored = await wb.workbench.calls.metricSeries({ runIds: ids, names: ['train/loss', 'val/accuracy'] })
    const count = (name: string) => stored.filter((s) => s.name === name).reduce((n, s) => n + s.steps.length, 0)
    await expect
      .poll(() => wb.page.locator('[data-metric="train/loss"] [data-points]').getAttribute('data-points'))
      .toBe(String(count('train/loss')))
    expect(await wb.page.locator('[data-metric="val/accuracy"] [data-points]').getAttribute('data-points')).toBe(
      String(count('val/accuracy')),
    )
    expect(await inkedPixels(wb.page.locator('[data-metric="train/loss"] canvas'))).toBeGreaterThan(1000)
    await wb.screenshot('compare-runs-top')
    await lrRow.scrollIntoViewIfNeeded()
    await wb.screenshot('compare-runs-table')

    const parallel = wb.page.locator('.parallel')
    expect(await parallel.getAttribute('data-axes')).toBe('lr,testAccuracy')
    expect(await parallel.getAttribute('data-lines')).toBe('3')
    await parallel.scrollIntoViewIfNeeded()
    await expect.poll(() => inkedPixels(parallel.locator('canvas'))).toBeGreaterThan(1000)
    // hovering a line names its run
    const box = (await parallel.boundingBox())!
    await wb.page.mouse.move(box.x + 24, box.y + box.height - 16)
    await expect.poll(() => parallel.locator('.tooltip').textContent()).toContain(names[0])
    await wb.screenshot('compare-runs-parallel')

    const scatter = wb.page.getByTestId('scatter-section')
    expect(await scatter.locator('[data-points]').getAttribute('data-points')).toBe('3')
    expect(await scatter.getByTestId('scatter-log-x').isChecked()).toBe(true)
    await expect.poll(() => inkedPixels(scatter.locator('canvas'))).toBeGreaterThan(1000)

    const confusion = wb.page.getByTestId('confusion-section')
    await confusion.scrollIntoViewIfNeeded()
    await expect
      .poll(() => confusion.getByTestId('confusion-summary').textContent())
      .toMatch(/A \d+\.\d\d% → B \d+\.\d\d%/)
    expect(await confusion.locator('[data-classes]').getAttribute('data-classes')).toBe('10')
    await expect.poll(() => inkedPixels(confusion.locator('canvas'))).toBeGreaterThan(1000)
    // the test accuracies in the summary are those the runs reported
    const [a, b] = await Promise.all(ids.slice(0, 2).map((id) => wb.workbench.calls.getRun(id)))
    expect(await confusion.getByTestId('confusion-summary').textContent()).toContain(
      `A ${(a.testAccuracy! * 100).toFixed(2)}% → B ${(b.testAccuracy! * 100).toFixed(2)}%`,
    )
    // hovering a cell shows both counts (drawn by chart.js; the screenshot shows it)
    const heatmap = (await confusion.locator('canvas').boundingBox())!
    await wb.page.mouse.move(heatmap.x + heatmap.width * 0.55, heatmap.y + heatmap.height * 0.55)
    await wb.page.mouse.move(heatmap.x + heatmap.width * 0.56, heatmap.y + heatmap.height * 0.56)
    await wb.page.waitForTimeout(300)
    await wb.screenshot('compare-runs-bottom')
    expect(wb.problems).toEqual([])
  }, 180_000)

  it('shows only the differences, and adds and removes runs with the picker', async () => {
    await wb.page.getByTestId('only-differences').check()
    expect(
      await wb.page.locator('tr[data-field]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-field'))),
    ).toEqual(['lr'])

    await wb.page.getByRole('button', { name: `Remove ${names[2]}` }).click()
    await expect.poll(legendNames).toEqual(names.slice(0, 2))
    expect(decodeURIComponent(new URL(wb.page.url()).hash)).toBe(`#/compare?runs=${ids[0]},${ids[1]}`)
    // two runs that are not a sweep: no parallel plot or scatter
    expect(await wb.page.getByTestId('parallel-section').count()).toBe(0)

    await wb.page.getByTestId('add-run').fill(names[2])
    await wb.page.getByTestId('add-run').press('Enter')
    await expect.poll(legendNames).toEqual(names)
    expect(await wb.page.getByTestId('parallel-section').count()).toBe(1)
    expect(wb.problems).toEqual([])
  })

  it('follows a whole sweep live, from queued to finished', async () => {
    const { preset, ...base } = QUICK_RUN
    // long enough (a few seconds) to be seen running
    const { sweepId, runIds } = await wb.workbench.calls.launchSweep({
      name: 'lr grid',
      preset,
      base: { ...base, epochs: 6, trainLimit: 1000 },
      grid: { lr: [0.03, 0.1, 0.3] },
    })
    await wb.open(`/compare?sweep=${sweepId}`)
    await expect.poll(() => wb.page.getByTestId('sweep-title').textContent()).toContain('“lr grid” · 3 runs')
    await expect.poll(() => wb.page.getByRole('list', { name: 'Compared runs' }).locator('li').count()).toBe(3)
    const lossPoints = async () =>
      Number(await wb.page.locator('[data-metric="train/loss"] [data-points]').getAttribute('data-points'))
    await expect
      .poll(async () => (await wb.page.locator('tr[data-metric="status"] td').allTextContents()).includes('running'), {
        interval: 100,
        timeout: 30_000,
      })
      .toBe(true)
    const whileRunning = await lossPoints()
    await wb.screenshot('compare-sweep-running')

    await waitUntilEnded(runIds)
    // every point arrived: loaded at first, appended live after, never reloaded
    const stored = await wb.workbench.calls.metricSeries({ runIds, names: ['train/loss'] })
    const total = stored.reduce((n, s) => n + s.steps.length, 0)
    await expect.poll(lossPoints, { timeout: 5_000 }).toBe(total)
    expect(whileRunning).toBeLessThan(total)
    // changing how the curves are drawn keeps the points that arrived live
    await wb.page.getByTestId('log-y').check()
    await wb.page.getByTestId('smoothing').fill('0')
    await expect.poll(lossPoints).toBe(total)
    await wb.page.getByTestId('smoothing').fill('0.6')
    await wb.page.getByTestId('log-y').uncheck()
    await expect.poll(lossPoints).toBe(total)
    await expect
      .poll(() => wb.page.locator('tr[data-metric="status"] td').allTextContents())
      .toEqual(['finished', 'finished', 'finished'])
    await expect.poll(() => wb.page.locator('.parallel').getAttribute('data-axes')).toBe('lr,testAccuracy')
    await expect
      .poll(() => wb.page.getByTestId('scatter-section').locator('[data-points]').getAttribute('data-points'))
      .toBe('3')
    await expect.poll(() => wb.page.getByTestId('confusion-summary').count()).toBe(1)
    await wb.screenshot('compare-sweep-top')
    await wb.page.getByTestId('parallel-section').scrollIntoViewIfNeeded()
    await wb.screenshot('compare-sweep-parallel')

    await wb.page.emulateMedia({ colorScheme: 'dark' })
    await wb.open(`/compare?sweep=${sweepId}`)
    await wb.page.reload()
    await expect.poll(() => wb.page.getByTestId('confusion-summary').count()).toBe(1)
    await wb.screenshot('compare-sweep-dark-top')
    await wb.page.getByTestId('parallel-section').scrollIntoViewIfNeeded()
    await wb.screenshot('compare-sweep-dark-parallel')
    await wb.page.getByTestId('confusion-section').scrollIntoViewIfNeeded()
    await wb.screenshot('compare-sweep-dark-bottom')
    expect(wb.problems).toEqual([])
  }, 180_000)
})

describe('the compare view with a stored sweep of 50 runs × 20,000 steps (timings printed)', () => {
  let wb: WorkbenchPage
  let sweepId = 0
  const RUNS = 50
  const STEPS = 20_000

  beforeAll(async () => {
    wb = await openWorkbenchPage({ concurrency: 1 })
    const store = wb.workbench.store
    const t0 = 1_700_000_000_000
    store.transaction(() => {
      sweepId = store.createSweep('big grid', {
        name: 'big grid',
        base: {},
        grid: {
          lr: [0.001, 0.01, 0.1, 1, 3],
          hidden: [[32], [64], [128], [64, 32], [256]],
          optimizer: ['sgd', 'adam'],
        },
      })
      for (let i = 0; i < RUNS; i++) {
        const config = {
          ...DEFAULT_CONFIG,
          lr: [0.001, 0.01, 0.1, 1, 3][i % 5],
          hidden: [[32], [64], [128], [64, 32], [256]][Math.floor(i / 5) % 5],
          optimizer: i < 25 ? ('sgd' as const) : ('adam' as const),
        }
        const runId = store.createRun({ name: `big ${i + 1}`, config, sweepId })
        store.markRunning(runId, STEPS, t0)
        const rate = 2000 + 150 * i
        const points: MetricPoint[] = []
        for (let step = 1; step <= STEPS; step++) {
          const loss = 2.3 * Math.exp(-step / rate) + 0.1 + 0.15 * Math.sin(step * 0.7 + i) ** 2
          points.push({ name: 'train/loss', step, epoch: step / 1000, value: loss, wallTime: t0 + step * 20 })
          if (step % 1000 === 0) {
            const accuracy = 0.97 - 0.6 * Math.exp(-step / rate) - (i % 7) * 0.01
            points.push({ name: 'val/accuracy', step, epoch: step / 1000, value: accuracy, wallTime: t0 + step * 20 })
            points.push({
              name: 'val/loss',
              step,
              epoch: step / 1000,
              value: 1.5 * Math.exp(-step / rate) + 0.1,
              wallTime: t0 + step * 20,
            })
          }
        }
        store.appendMetrics(runId, points)
        // a test confusion matrix: mostly right, with run-dependent mistakes
        const counts = Array.from({ length: 100 }, (_, k) =>
          Math.floor(k / 10) === k % 10 ? 90 - (i % 9) : (k * 7 + i * 3) % 11 === 0 ? 3 + (i % 4) : 0,
        )
        store.appendConfusion([{ runId, split: 'test', step: STEPS, epoch: 20, classes: 10, counts }])
        store.finishRun(runId, {
          status: 'finished',
          error: null,
          testAccuracy: 0.96 - (i % 7) * 0.01 - (i % 5 === 4 ? 0.3 : 0),
          testLoss: 0.2,
          finishedAt: t0 + STEPS * 20,
        })
      }
    })
  })
  afterAll(async () => {
    await wb?.close()
  })

  it('draws them all, and redraws quickly when the smoothing, axis or highlight changes', async () => {
    const { page } = wb
    const started = Date.now()
    await wb.open(`/compare?sweep=${sweepId}`)
    const lossPoints = page.locator('[data-metric="train/loss"] [data-points]')
    await expect
      .poll(async () => Number(await lossPoints.getAttribute('data-points')), { timeout: 30_000 })
      .toBeGreaterThan(RUNS * 1000)
    const firstCurves = Date.now() - started
    expect(await page.getByRole('list', { name: 'Compared runs' }).locator('li').count()).toBe(RUNS)
    expect(await page.locator('.parallel').getAttribute('data-axes')).toBe('hidden,optimizer,lr,testAccuracy')

    // time from a change to the next painted frame, in the page
    type Change = { select: string; value: string } | { range: string; value: string } | { hover: string }
    const timed = (change: Change): Promise<number> =>
      page.evaluate(async (change) => {
        const w = globalThis as unknown as PageGlobals
        const t0 = w.performance.now()
        if ('select' in change || 'range' in change) {
          const input = w.document.querySelector('select' in change ? change.select : change.range)!
          input.value = change.value
          input.dispatchEvent(new w.Event('select' in change ? 'change' : 'input'))
        } else w.document.querySelector(change.hover)!.dispatchEvent(new w.MouseEvent('mouseenter'))
        // the smoothing slider settles for 150 ms before the charts follow it
        if ('range' in change) await new Promise((resolve) => setTimeout(resolve, 160))
        await new Promise((resolve) => w.requestAnimationFrame(() => setTimeout(resolve)))
        return w.performance.now() - t0
      }, change)
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
    const pairs: Array<[string, Change, Change]> = [
      [
        'smoothing 0.9 (less the 150 ms settle)',
        { range: '[data-testid="smoothing"]', value: '0.9' },
        { range: '[data-testid="smoothing"]', value: '0.6' },
      ],
      [
        'x axis by wall time',
        { select: '[data-testid="x-axis"]', value: 'time' },
        { select: '[data-testid="x-axis"]', value: 'step' },
      ],
      [
        'highlight one run from the legend',
        { hover: '[aria-label="Compared runs"] li:nth-child(7)' },
        { hover: '[aria-label="Compared runs"]' },
      ],
    ]
    console.log(
      `compare view, ${RUNS} runs × ${STEPS} steps: curves on screen ${firstCurves} ms after navigation, ${await lossPoints.getAttribute('data-points')} train-loss points drawn (downsampled by the host)`,
    )
    for (const [what, change, undo] of pairs) {
      const done: number[] = []
      const undone: number[] = []
      for (let i = 0; i < 3; i++) {
        done.push(await timed(change))
        undone.push(await timed(undo))
      }
      const settle = 'range' in change ? 160 : 0
      console.log(
        `  ${what}: ${(median(done) - settle).toFixed(1)} ms, undo ${(median(undone) - settle).toFixed(1)} ms (median of 3, to the next frame)`,
      )
    }
    await wb.screenshot('compare-50-top')
    await page.locator('tr[data-field="lr"]').scrollIntoViewIfNeeded()
    await wb.screenshot('compare-50-table')
    await page.getByTestId('parallel-section').scrollIntoViewIfNeeded()
    await wb.screenshot('compare-50-parallel')
    await page.getByTestId('scatter-param').selectOption('hidden')
    await page.getByTestId('confusion-section').scrollIntoViewIfNeeded()
    await expect.poll(() => page.getByTestId('confusion-summary').count()).toBe(1)
    await wb.screenshot('compare-50-bottom')
    expect(wb.problems).toEqual([])
  }, 120_000)
})
