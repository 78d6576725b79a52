// The app:// answers the window's page is served with, under plain Node (the scheme handler only forwards to it).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { APP_PAGE_URL, CONTENT_SECURITY_POLICY, isWorkbenchPage, rendererResponse } from './appProtocol'

const dir = mkdtempSync(join(tmpdir(), 'nnwb-app-'))
const root = join(dir, 'renderer')
mkdirSync(join(root, 'assets'), { recursive: true })
writeFileSync(join(root, 'index.html'), '<!doctype html><title>NN Workbench</title>')
writeFileSync(join(root, 'assets', 'index.js'), 'console.log(1)')
writeFileSync(join(dir, 'secret.txt'), 'outside the renderer')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('rendererResponse', () => {
  it('serves the page and its assets with their types and the content security policy', async () => {
    const page = await rendererResponse(root, APP_PAGE_URL)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(await page.text()).toContain('NN Workbench')
    const script = await rendererResponse(root, 'app://workbench/assets/index.js')
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect((await rendererResponse(root, 'app://workbench/')).status).toBe(200)
  })

  it('answers 404 for anything outside the built renderer, however it is spelled', async () => {
    for (const url of [
      'app://workbench/../secret.txt',
      'app://workbench/%2e%2e/secret.txt',
      'app://workbench/assets/..%2F..%2Fsecret.txt',
      'app://workbench/missing.js',
      'app://workbench/assets',
      'app://other/index.html',
    ]) {
      const response = await rendererResponse(root, url)
      expect(response.status, url).toBe(404)
      expect(await response.text(), url).not.toContain('outside the renderer')
    }
  })

  it('answers 400 for a broken %-escape instead of throwing', async () => {
    for (const url of ['app://workbench/%', 'app://workbench/assets/%ZZ', 'app://workbench/%E0%A4%A']) {
      expect((await rendererResponse(root, url)).status, url).toBe(400)
    }
  })
})

describe('isWorkbenchPage', () => {
  it('is the app:// page exactly, with any query or hash', () => {
    expect(isWorkbenchPage('app://workbench/index.html', null)).toBe(true)
    expect(isWorkbenchPage('app://workbench/index.html#/runs/3', null)).toBe(true)
    expect(isWorkbenchPage('app://workbench/', null)).toBe(true)
    for (const url of ['app://workbench.evil/index.html', 'app://workbench/x/index.html', 'file:///index.html', 'x'])
      expect(isWorkbenchPage(url, null), url).toBe(false)
  })

  it('is the dev server page exactly when one is configured, and then not the app:// page', () => {
    expect(isWorkbenchPage('http://localhost:5173/', 'http://localhost:5173/')).toBe(true)
    expect(isWorkbenchPage('http://localhost:5173/#/sweep', 'http://localhost:5173')).toBe(true)
    expect(isWorkbenchPage('http://localhost:5173.evil.example/', 'http://localhost:5173/')).toBe(false)
    expect(isWorkbenchPage('app://workbench/index.html', 'http://localhost:5173/')).toBe(false)
  })
})
