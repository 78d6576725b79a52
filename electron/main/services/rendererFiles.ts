// The built renderer's files as both hosts serve them: the serve host over HTTP, the Electron shell on app://.
// One reading of an address path, so a broken %-escape or a path outside the renderer is refused the same way.
import { extname, join, normalize, sep } from 'node:path'

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}

export type RendererFile = { path: string; contentType: string } | { status: 400 | 404; reason: string }

/**
 * The file under `root` that an address's (still %-escaped) path names, or why none can be: 400 for a broken
 * %-escape (`/%`, `/%ZZ`, half a UTF-8 sequence), 404 for a path outside `root`. Reads nothing from the disk.
 */
export function rendererFile(root: string, pathname: string): RendererFile {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return { status: 400, reason: 'this address has a broken %-escape (a % must be followed by two hex digits)' }
  }
  const base = normalize(root)
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '')
  const path = normalize(join(base, relative))
  if (!path.startsWith(base + sep)) return { status: 404, reason: 'not found' }
  return { path, contentType: CONTENT_TYPES[extname(path)] ?? 'application/octet-stream' }
}
