// End-to-end fixture: a real serve host (temp database, real trainer processes) and the built renderer in Debian's
// Chromium. `NNWB_SCREENSHOTS=DIR` keeps screenshots of what the tests saw.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { startServeHost, type ServeHost } from '../main/serve/server'
import { nodeTrainerSpawner, TSX_EXEC_ARGV } from '../main/services/trainers/spawner'
import { openWorkbench, type Workbench } from '../main/services/workbench'
import { launchChromium } from './browser'

export interface WorkbenchPage {
  workbench: Workbench
  host: ServeHost
  browser: Browser
  page: Page
  /** Problems the page reported (uncaught errors, console errors); a test should end with none. */
  problems: string[]
  /** Opens a route of the app (e.g. '/runs/3'). */
  open(route?: string): Promise<void>
  screenshot(name: string): Promise<void>
  close(): Promise<void>
}

/** Small, quick runs that still learn: for tests that need finished runs with real metrics. */
export const QUICK_RUN = {
  preset: 'keras-mlp',
  hidden: [16],
  lr: 0.1,
  batchSize: 16,
  epochs: 2,
  trainLimit: 500,
  validationSize: 200,
  testLimit: 200,
}

export async function openWorkbenchPage(
  options: { concurrency?: number; colorScheme?: 'light' | 'dark' } = {},
): Promise<WorkbenchPage> {
  const dir = mkdtempSync(join(tmpdir(), 'nnwb-e2e-'))
  const workbench = openWorkbench({
    dbPath: join(dir, 'e2e.db'),
    spawner: nodeTrainerSpawner(join(__dirname, '../trainer/index.ts'), TSX_EXEC_ARGV),
    concurrency: options.concurrency ?? 2,
  })
  const host = await startServeHost({
    calls: workbench.calls,
    events: workbench.events,
    rendererDir: join(__dirname, '../../out/renderer'),
  })
  const browser = await launchChromium()
  const page = await browser.newPage({
    viewport: { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? 'light',
  })
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text())
  })
  return {
    workbench,
    host,
    browser,
    page,
    problems,
    open: async (route = '/') => {
      await page.goto(`${host.url}#${route}`)
    },
    screenshot: async (name) => {
      if (process.env.NNWB_SCREENSHOTS)
        await page.screenshot({ path: join(process.env.NNWB_SCREENSHOTS, `${name}.png`) })
    },
    close: async () => {
      await browser.close()
      await host.close()
      await workbench.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
