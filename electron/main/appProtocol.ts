// The window's page comes from app://workbench/, a privileged custom scheme, not file://: a script injected into a
// file:// page could read any local file, one on app:// reaches only the built renderer. No `electron` import here,
// so the whole answer (paths, escapes, headers) is tested under plain Node; index.ts only registers it.
import { readFile, stat } from 'node:fs/promises'
import { rendererFile } from './services/rendererFiles'

export const APP_SCHEME = 'app'
export const APP_HOST = 'workbench'
export const APP_PAGE_URL = `${APP_SCHEME}://${APP_HOST}/index.html`

// The same policy as the <meta> in renderer/index.html, also sent as a header so it holds before the page parses.
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:"

function plain(status: number, text: string): Response {
  return new Response(`${text}\n`, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } })
}

/** The answer to one app:// request: a file under `root` (the built renderer), else 400 or 404. Never throws. */
export async function rendererResponse(root: string, requestUrl: string): Promise<Response> {
  let url: URL
  try {
    url = new URL(requestUrl)
  } catch {
    return plain(400, 'bad address')
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return plain(404, 'not found')
  const file = rendererFile(root, url.pathname)
  if ('status' in file) return plain(file.status, file.reason)
  try {
    if (!(await stat(file.path)).isFile()) return plain(404, 'not found')
    const body = await readFile(file.path)
    return new Response(body, {
      status: 200,
      headers: {
        'content-type': file.contentType,
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'cache-control': 'no-store',
      },
    })
  } catch {
    return plain(404, 'not found')
  }
}

/**
 * Whether an IPC call comes from the workbench's own page: exactly the app:// page, or in development exactly the
 * electron-vite dev server's page (same origin and path, any query or hash). A prefix or substring match would also
 * trust app://workbench.evil/ or http://localhost:5173.evil.example/.
 */
export function isWorkbenchPage(frameUrl: string, devServerUrl: string | null): boolean {
  let frame: URL
  try {
    frame = new URL(frameUrl)
  } catch {
    return false
  }
  const expected = new URL(devServerUrl ?? APP_PAGE_URL)
  const samePath = (a: string, b: string): boolean =>
    a === b || (a === '/' && b === '/index.html') || (a === '/index.html' && b === '/')
  return (
    frame.protocol === expected.protocol && frame.host === expected.host && samePath(frame.pathname, expected.pathname)
  )
}
