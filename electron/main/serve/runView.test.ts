// The run view in Chromium against a real serve host and real trainers: opened while the run waits in the queue,
// it grows its charts from live events, then shows the confusion matrix, the images behind a cell and the weights.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { openWorkbenchPage, QUICK_RUN, type WorkbenchPage } from '../../testing/workbenchPage'

// page.evaluate callbacks run in Chromium, but this file is checked without DOM types (it is Node code): declare,
// for this module only, the little of the page they touch.
interface PageElement {
  getAttribute(name: string): string | null
}
interface PageCanvas {
  width: number
  height: number
  getContext(
    kind: '2d',
  ): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null
}
declare const document: { querySelector(selector: string): PageElement | null; body: PageElement }
declare const window: Record<string, unknown>
declare class MutationObserver {
  constructor(callback: () => void)
  observe(
    target: PageElement,
    options: { attributes?: boolean; attributeFilter?: string[]; subtree?: boolean; childList?: boolean },
  ): void
}

let wb: WorkbenchPage

beforeAll(async () => {
  // one trainer, so a long run in front keeps ours queued until the page is open
  wb = await openWorkbenchPage({ concurrency: 1 })
})

afterAll(async () => {
  await wb?.close()
})

/** Records every value an attribute of the first element matching `selector` takes, from now on. */
async function recordAttribute(selector: string, attribute: string): Promise<() => Promise<string[]>> {
  const key = `seen:${selector}:${attribute}`
  await wb.page.evaluate(
    ({ selector, attribute, key }) => {
      const target = document.querySelector(selector)
      if (!target) throw new Error(`nothing matches ${selector}`)
      const seen = [target.getAttribute(attribute) ?? '']
      window[key] = seen
      new MutationObserver(() => seen.push(target.getAttribute(attribute) ?? '')).observe(target, {
        attributes: true,
        attributeFilter: [attribute],
      })
    },
    { selector, attribute, key },
  )
  return () => wb.page.evaluate((key) => window[key] as string[], key)
}

it('follows a run live from the queue to its test images and weights', async () => {
  const { page, workbench } = wb
  const blocker = await workbench.calls.launchRun({ ...QUICK_RUN, epochs: 1000, name: 'in front' })
  // a few more examples than QUICK_RUN so it trains long enough to be seen running
  const { runId } = await workbench.calls.launchRun({
    ...QUICK_RUN,
    epochs: 4,
    trainLimit: 20_000,
    name: 'watched live',
  })

  await wb.open(`/runs/${runId}`)
  const header = page.getByTestId('run-header')
  const lossChart = page.getByTestId('loss-chart')
  await expect.poll(() => header.getAttribute('data-status')).toBe('queued')
  await expect.poll(() => page.getByText('waiting for a free trainer').count()).toBe(1)
  await expect.poll(() => lossChart.getAttribute('data-points')).toBe('0')
  await wb.screenshot('run-queued')
  const statuses = await recordAttribute('[data-testid="run-header"]', 'data-status')
  const points = await recordAttribute('[data-testid="loss-chart"]', 'data-points')
  // did a validation matrix show while the run was still training?
  await page.evaluate(() => {
    const check = (): void => {
      const running = document.querySelector('[data-testid="run-header"]')?.getAttribute('data-status') === 'running'
      if (running && document.querySelector('[data-testid="confusion-heatmap"]')) window.liveMatrix = true
    }
    new MutationObserver(check).observe(document.body, { subtree: true, childList: true, attributes: true })
  })

  await workbench.calls.cancelRuns([blocker.runId])
  await expect
    .poll(async () => Number(await lossChart.getAttribute('data-points')), { timeout: 30_000 })
    .toBeGreaterThan(0)
  if ((await header.getAttribute('data-status')) === 'running') await wb.screenshot('run-running')
  await expect.poll(() => header.getAttribute('data-status'), { timeout: 60_000 }).toBe('finished')

  // every step arrived live (the page never reloaded), in several batches, each appended once
  const run = await workbench.calls.getRun(runId)
  await expect.poll(() => lossChart.getAttribute('data-points')).toBe(String(run.totalSteps))
  const counts = (await points()).map(Number)
  expect(counts.length).toBeGreaterThanOrEqual(3)
  expect(counts).toEqual([...counts].sort((a, b) => a - b))
  expect((await statuses()).filter((s, i, all) => s !== all[i - 1])).toEqual(['queued', 'running', 'finished'])
  await expect.poll(() => page.getByTestId('accuracy-chart').getAttribute('data-evaluations')).toBe('4')
  expect(await page.evaluate(() => window.liveMatrix)).toBe(true)
  await expect.poll(() => page.getByText(/^finished in .*; test accuracy \d+\.\d\d%$/).count()).toBe(1)
  await wb.screenshot('run-finished-charts')

  // another axis or scale rebuilds the charts from the whole series
  await page.getByText('time', { exact: true }).click()
  await page.getByLabel('log-scale loss').check()
  await expect.poll(() => lossChart.getAttribute('data-points')).toBe(String(run.totalSteps))
  await wb.screenshot('run-time-axis-log')
  await page.getByText('step', { exact: true }).click()
  await page.getByLabel('log-scale loss').uncheck()

  // the test matrix, by default; click the cell of the most common mistake (or a diagonal cell if there is none)
  const heatmap = page.getByTestId('confusion-heatmap')
  await heatmap.scrollIntoViewIfNeeded()
  await expect.poll(() => heatmap.getAttribute('data-area')).toMatch(/^[\d.]+,[\d.]+,[\d.]+,[\d.]+$/)
  const testMatrix = (await workbench.calls.confusion(runId)).find((r) => r.split === 'test')!
  const k = testMatrix.classes
  const cells = testMatrix.counts.map((n, i) => ({ t: Math.floor(i / k), p: i % k, n }))
  const target = cells.filter((c) => c.t !== c.p && c.n > 0).sort((a, b) => b.n - a.n)[0] ?? cells[k + 1]
  const count = target.n
  expect(count).toBeGreaterThan(0)
  await expect.poll(() => page.getByTestId('class-metrics').locator('tbody tr').count()).toBe(10)
  await wb.screenshot('run-confusion')

  const [left, top, width, height] = (await heatmap.getAttribute('data-area'))!.split(',').map(Number)
  const position = { x: left + ((target.p + 0.5) * width) / k, y: top + ((target.t + 0.5) * height) / k }
  await heatmap.locator('canvas').hover({ position })
  await wb.screenshot('run-confusion-tooltip')
  await heatmap.locator('canvas').click({ position })
  const examples = page.getByTestId('test-examples')
  await expect
    .poll(() => examples.locator('h3').textContent())
    .toBe(target.t === target.p ? `${target.t} recognised as ${target.p}` : `${target.t} mistaken for ${target.p}`)
  await expect
    .poll(() => page.getByTestId('test-examples-total').textContent())
    .toMatch(new RegExp(`^\\s*${count} images? in this cell`))
  await expect.poll(() => examples.getByTestId('test-example').count()).toBe(Math.min(24, count))
  // the first image has ink in it
  const inked = await examples
    .locator('canvas')
    .first()
    .evaluate((element) => {
      const canvas = element as unknown as PageCanvas
      const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data
      return pixels.filter((v, i) => i % 4 === 0 && v > 128).length
    })
  expect(inked).toBeGreaterThan(20)
  await examples.scrollIntoViewIfNeeded()
  await wb.screenshot('run-test-images')

  await page.getByRole('button', { name: '% of row' }).click()
  await heatmap.scrollIntoViewIfNeeded()
  await wb.screenshot('run-confusion-percent')

  // the validation matrices, newest first shown; the slider goes back to the first evaluation
  await page.getByRole('button', { name: 'validation' }).click()
  const slider = page.getByRole('slider', { name: 'Evaluation' })
  await expect
    .poll(() => page.getByTestId('confusion-panel').locator('.epoch').textContent())
    .toMatch(/^epoch 4 \(step 5000\)$/)
  await slider.focus()
  await page.keyboard.press('Home')
  await expect
    .poll(() => page.getByTestId('confusion-panel').locator('.epoch').textContent())
    .toMatch(/^epoch 1 \(step 1250\)$/)
  await wb.screenshot('run-confusion-validation')
  await page.getByRole('button', { name: 'test set' }).click()

  // the 16 hidden units' weights, and the 784 → 16 → 10 network's size
  const tiles = page.getByTestId('weight-tiles')
  await expect.poll(() => tiles.getAttribute('data-tiles')).toBe('16')
  await expect.poll(() => page.getByTestId('parameter-count').textContent()).toMatch(/12,730 trainable parameters/)
  await tiles.scrollIntoViewIfNeeded()
  await wb.screenshot('run-weights')

  // once in dark mode: the charts rebuild with the dark theme's colours
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.reload()
  await expect.poll(() => page.getByTestId('weight-tiles').getAttribute('data-tiles')).toBe('16')
  await expect.poll(() => page.getByTestId('confusion-heatmap').getAttribute('data-area')).toMatch(/,/)
  await wb.screenshot('run-dark-top')
  await page.getByTestId('confusion-heatmap').scrollIntoViewIfNeeded()
  await wb.screenshot('run-dark-confusion')
  await page.emulateMedia({ colorScheme: 'light' })

  expect(wb.problems).toEqual([])
}, 120_000)

it('says in plain words why a run diverged, and that it kept no weights', async () => {
  const { page, workbench } = wb
  // linear hidden units and a huge step: the logits blow up within a few steps
  const { runId } = await workbench.calls.launchRun({ ...QUICK_RUN, activation: 'linear', lr: 100, name: 'too hot' })
  await wb.open(`/runs/${runId}`)
  const header = page.getByTestId('run-header')
  await expect.poll(() => header.getAttribute('data-status'), { timeout: 60_000 }).toBe('diverged')
  await expect
    .poll(() => page.getByTestId('run-status-sentence').textContent())
    .toMatch(/^diverged at step \d+ \(loss (NaN|Infinity)\): try a lower learning rate$/)
  await expect.poll(() => page.getByText('This run kept no model').count()).toBe(1)
  expect(await page.getByRole('button', { name: 'Re-queue' }).isEnabled()).toBe(true)
  await header.scrollIntoViewIfNeeded()
  await wb.screenshot('run-diverged')

  // re-queued, it starts from nothing: the chart holds the new attempt's steps only, not both attempts'
  const stored = async () =>
    (await workbench.calls.metricSeries({ runIds: [runId], names: ['train/loss'] }))[0]?.steps.length ?? 0
  const steps = await stored()
  expect(steps).toBeGreaterThan(0)
  const statuses = await recordAttribute('[data-testid="run-header"]', 'data-status')
  await page.getByRole('button', { name: 'Re-queue' }).click()
  await expect.poll(async () => (await statuses()).includes('queued'), { timeout: 30_000 }).toBe(true)
  await expect.poll(() => header.getAttribute('data-status'), { timeout: 60_000 }).toBe('diverged')
  await expect.poll(stored).toBe(steps)
  await expect.poll(() => page.getByTestId('loss-chart').getAttribute('data-points')).toBe(String(steps))
  expect(wb.problems).toEqual([])
})

it('names a binary run\'s classes "rest" and "is 3"', async () => {
  const { page, workbench } = wb
  const binary = {
    task: 'binary',
    positiveClass: 3,
    outputActivation: 'sigmoid',
    loss: 'binary-cross-entropy',
  } as const
  const { runId } = await workbench.calls.launchRun({ ...QUICK_RUN, ...binary, name: 'threes' })
  await wb.open(`/runs/${runId}`)
  await expect
    .poll(() => page.getByTestId('run-header').getAttribute('data-status'), { timeout: 60_000 })
    .toBe('finished')
  const rows = page.getByTestId('class-metrics').locator('tbody th')
  await expect.poll(() => rows.allTextContents()).toEqual(['rest', 'is 3'])
  await expect.poll(() => page.getByTestId('confusion-heatmap').getAttribute('data-classes')).toBe('2')
  await page.getByTestId('confusion-heatmap').scrollIntoViewIfNeeded()
  await wb.screenshot('run-binary')
  expect(wb.problems).toEqual([])
})
