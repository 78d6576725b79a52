// The sweep launcher in Chromium against a real serve host and real trainers: fill the form from a preset, see the
// count and estimate, see a bad value caught beside its field, launch, and watch the sweep's runs finish.
import { afterEach, expect, it } from 'vitest'
import { openWorkbenchPage, type WorkbenchPage } from '../../testing/workbenchPage'

let wb: WorkbenchPage | null = null

afterEach(async () => {
  await wb?.close()
  wb = null
})

it('builds a sweep from a preset, checks it while it is typed, and launches it', async () => {
  wb = await openWorkbenchPage({ concurrency: 2 })
  const { page } = wb
  await wb.open('/sweep')
  const field = (name: string) => page.locator(`[data-field="${name}"]`)
  const text = (name: string) => field(name).locator('input[type="text"]')
  const launch = page.getByRole('button', { name: 'Launch', exact: true })

  await page.getByRole('button', { name: 'keras-mlp' }).click()
  await text('trainLimit').fill('500')
  await text('validationSize').fill('200')
  await text('testLimit').fill('200')
  await text('epochs').fill('1')
  await text('hidden').fill('16')
  await text('batchSize').fill('16')
  await field('lr').getByRole('button', { name: 'list' }).click()
  await text('lr').fill('0.05, 0.1')
  await expect.poll(() => page.locator('.run-count').textContent()).toBe('2 runs')
  await expect
    .poll(() => page.locator('.estimate').textContent())
    .toMatch(/^\s*(≈ \d+ (s|min)|under a second) at 2 at a time\s*$/)
  expect(await launch.isEnabled()).toBe(true)
  await wb.screenshot('sweep-form')
  await page.locator('.spec').scrollIntoViewIfNeeded()
  await wb.screenshot('sweep-form-bottom')

  await text('hidden').fill('0')
  await expect
    .poll(() => field('hidden').locator('.problems').textContent())
    .toContain('hidden layer 1 must have 1–8192 units, got 0')
  expect(await launch.isDisabled()).toBe(true)
  await expect.poll(() => page.locator('.launch-bar').textContent()).toContain('1 problem to fix')
  expect(await page.content()).not.toContain('[object Object]')
  await wb.screenshot('sweep-problem')

  await text('hidden').fill('16')
  await expect.poll(() => launch.isEnabled()).toBe(true)
  await launch.click()
  await expect.poll(() => page.url()).toMatch(/#\/\?sweep=\d+$/)
  const sweepId = Number(/sweep=(\d+)/.exec(page.url())?.[1])
  await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/Launched ".+": 2 runs/)

  const calls = wb.workbench.calls
  await expect
    .poll(async () => (await calls.listRuns({ sweepId })).runs.map((r) => r.status), {
      timeout: 120_000,
      interval: 500,
    })
    .toEqual(['finished', 'finished'])
  const { runs } = await calls.listRuns({ sweepId })
  expect(runs.map((r) => r.config.lr).sort()).toEqual([0.05, 0.1])
  expect(
    runs.every((r) => r.config.hidden.join() === '16' && r.config.epochs === 1 && r.config.trainLimit === 500),
  ).toBe(true)
  await wb.screenshot('sweep-launched')
  expect(wb.problems).toEqual([])
})

it('shows random search, pruning and a spec-wide problem, in dark mode too', async () => {
  wb = await openWorkbenchPage({ concurrency: 3, colorScheme: 'dark' })
  const { page } = wb
  await wb.open('/sweep')
  const field = (name: string) => page.locator(`[data-field="${name}"]`)

  await page.getByRole('button', { name: 'tf-mlp' }).click()
  await field('lr').getByRole('button', { name: 'random' }).click()
  await field('activation').getByRole('button', { name: 'list' }).click()
  await field('activation').getByRole('button', { name: 'relu', exact: true }).click()
  await page.locator('[data-field="dropout"]').getByRole('button', { name: 'list' }).click()
  await page.locator('#sweep-dropout').fill('0.5, 0.99')
  await expect
    .poll(() => page.locator('[data-field="dropout"] .problems').textContent())
    .toContain('dropout = 0.99: dropout must be a rate from 0 to 0.95')
  await wb.screenshot('sweep-lists-dark')
  await page.locator('#sweep-dropout').fill('0.2, 0.5')
  await page.getByLabel('Median pruning').check()
  await expect.poll(() => page.locator('[data-field="trials"] input').inputValue()).toBe('10')
  await expect.poll(() => page.locator('.run-count').textContent()).toBe('40 runs')
  await expect.poll(() => page.locator('.estimate').textContent()).toMatch(/at 3 at a time/)
  await wb.screenshot('sweep-random-dark')

  await page.locator('#sweep-trials').fill('1000')
  await page.locator('#sweep-repeats').fill('10')
  await expect
    .poll(() => page.locator('.top-problems').textContent())
    .toContain('the sweep would launch 40,000 runs (2 × 2 × 1,000 × 10); at most 10,000 are allowed')
  expect(await page.getByRole('button', { name: 'Launch', exact: true }).isDisabled()).toBe(true)
  await wb.screenshot('sweep-too-many-dark')
  expect(wb.problems).toEqual([])
})
