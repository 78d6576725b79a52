// The window in Chromium when its serve host dies and is started again on the same database: it says so at once,
// reconnects by itself, shows what the new host knows, and keeps working (live events, a reload).
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchChromium } from '../../testing/browser'
import { tempFolder, type TempFolder } from '../services/store/testing'
import { connect, startHostProcess, type HostProcess } from './testing'

const SHOTS = process.env.NNWB_SCREENSHOTS
const QUICK = { preset: 'keras-mlp', hidden: [16], epochs: 1, trainLimit: 300, validationSize: 100, testLimit: 100 }

let folder: TempFolder | null = null
let browser: Browser | null = null
const hosts: HostProcess[] = []

afterAll(async () => {
  await browser?.close()
  for (const host of hosts) host.child.kill('SIGKILL')
  folder?.cleanup()
})

/** As a user starts it: no --port, so a host started again takes the port this database remembers. */
async function startAsUser(dbPath: string): Promise<HostProcess> {
  const host = await startHostProcess(dbPath, ['--concurrency', '1'], [])
  hosts.push(host)
  return host
}

it('shows a banner when the host dies, and is back with fresh state when it is started again', async () => {
  folder = tempFolder()
  const dbPath = folder.file('reconnect.db')
  const first = await startAsUser(dbPath)
  const client = connect(first.port, first.token)
  // a slow run (wide layers): a fast one floods the page with points, which is not what this test is about
  const { runId } = await client.api.launchRun({
    ...QUICK,
    hidden: [512, 512],
    epochs: 100,
    trainLimit: 5000,
    name: 'cut short',
  })
  // an evaluation recorded before the kill, so the restarted host has metrics of this run to show
  await new Promise<void>((resolve) =>
    client.api.onMetrics(({ points }) => points.some((p) => p.name === 'val/accuracy') && resolve()),
  )

  browser = await launchChromium()
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(error.message))
  page.on('console', (message) => {
    // Chromium itself logs each refused reconnection attempt; anything else is the page's own problem
    if (message.type() === 'error' && !/WebSocket connection to .* failed/.test(message.text()))
      problems.push(message.text())
  })
  await page.goto(`http://127.0.0.1:${first.port}/?token=${first.token}#/runs/${runId}`)
  const header = page.getByTestId('run-header')
  await expect.poll(() => header.getAttribute('data-status'), { timeout: 30_000 }).toBe('running')
  const banner = page.getByTestId('connection-lost')
  expect(await banner.count()).toBe(0)

  first.child.kill('SIGKILL')
  client.close()
  // at once: the socket's close is the signal, no heartbeat to wait for (3 s is slack for a loaded machine)
  await expect.poll(() => banner.isVisible(), { timeout: 3000 }).toBe(true)
  expect(await banner.textContent()).toContain('Lost the connection to the workbench host — reconnecting…')
  expect(await banner.getAttribute('role')).toBe('alert')
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'connection-lost.png') })

  const second = await startAsUser(dbPath)
  expect({ port: second.port, token: second.token }).toEqual({ port: first.port, token: first.token })
  await expect.poll(() => banner.count(), { timeout: 10_000 }).toBe(0)
  // the open run is read again: the new host found it cut short
  await expect.poll(() => header.getAttribute('data-status')).toBe('interrupted')
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'connection-back-run.png') })

  await page.getByRole('link', { name: 'Runs', exact: true }).click()
  const cutShort = page.locator(`tr[data-run-id="${runId}"] td.status`)
  await expect.poll(() => cutShort.textContent()).toMatch(/^interrupted/)
  // events from the new host reach the page
  const again = connect(second.port, second.token)
  const { runId: fresh } = await again.api.launchRun({ ...QUICK, name: 'after the restart' })
  again.close()
  const freshStatus = page.locator(`tr[data-run-id="${fresh}"] td.status`)
  await expect.poll(() => freshStatus.textContent(), { timeout: 60_000 }).toBe('finished')
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'connection-back-runs.png') })

  // and a reload of the same address works, since the token is the same
  await page.reload()
  await expect.poll(() => page.locator('header small').textContent()).toMatch(/^v\d/)
  await expect.poll(() => page.locator('tr[data-run-id] td.status').count()).toBe(2)
  expect(problems).toEqual([])
})
