// Before any test: build the app if out/ is stale, because the serve-host and browser tests load the built renderer.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { buildIfStale } = require('../build.cjs') as { buildIfStale(stdio?: 'inherit' | 'pipe'): boolean }

export default function setup(): void {
  if (!buildIfStale('pipe'))
    throw new Error('electron-vite build failed before the tests; run `npm run build` to see why')
}
