// The built renderer in Debian's Chromium against a real serve host: the page talks to the host over WebSocket.
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchChromium } from '../../testing/browser'
import { tempFolder, type TempFolder } from '../services/store/testing'
import { nodeTrainerSpawner, TSX_EXEC_ARGV } from '../services/trainers/spawner'
import { openWorkbench, type Workbench } from '../services/workbench'
import { startServeHost, type ServeHost } from './server'

let folder: TempFolder
let workbench: Workbench
let host: ServeHost
let browser: Browser

beforeAll(async () => {
  folder = tempFolder()
  workbench = openWorkbench({
    dbPath: folder.file('browser.db'),
    spawner: nodeTrainerSpawner(join(__dirname, '../../trainer/index.ts'), TSX_EXEC_ARGV),
    concurrency: 1,
  })
  host = await startServeHost({
    calls: workbench.calls,
    events: workbench.events,
    rendererDir: join(__dirname, '../../../out/renderer'),
  })
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await host?.close()
  await workbench?.close()
  folder?.cleanup()
})

it('shows the runs and their live status in the page', async () => {
  const page = await browser.newPage()
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text())
  })
  await page.goto(host.url)
  await expect.poll(() => page.locator('header small').textContent()).toMatch(/^v\d/)
  await expect.poll(() => page.getByText('No runs yet').count()).toBe(1)

  const { runId } = await workbench.calls.launchRun({
    preset: 'keras-mlp',
    hidden: [16],
    lr: 0.1,
    batchSize: 16,
    epochs: 1,
    trainLimit: 300,
    validationSize: 100,
    testLimit: 100,
    name: 'from the test',
  })
  const row = page.locator(`tr[data-run-id="${runId}"]`)
  await expect.poll(() => row.locator('td.status').textContent(), { timeout: 30_000 }).toBe('finished')
  await expect.poll(() => row.locator('td.test').textContent()).toMatch(/%$/)
  if (process.env.NNWB_SCREENSHOTS)
    await page.screenshot({ path: join(process.env.NNWB_SCREENSHOTS, 'serve-runs.png') })
  expect(problems).toEqual([])
})
