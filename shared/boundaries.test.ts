// Import boundaries (CONTRIBUTING.md "Layout"): shared/ runs in Node, a trainer process and the browser, so it imports
// nothing from electron/ or renderer/ and nothing Node-only, except in files named as Node-side below.
import { readdirSync, readFileSync, existsSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// Fixture sources below spell `from` through this constant, so a plain grep of shared/ for forbidden imports finds none.
const FROM = 'from '

const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** Node-side files in shared/ (repo-relative). Keep in step with the `exclude` list of tsconfig.web.json. */
const NODE_ONLY = new Set(['shared/data/idxFile.ts', 'shared/data/mnist.ts'])

const withoutTs = (file: string) => file.replace(/\.ts$/, '')
const NODE_ONLY_MODULES = new Set([...NODE_ONLY].map(withoutTs))
const NODE_BUILTINS = new Set(builtinModules.map((name) => name.replace(/^node:/, '')))

type Violation = { file: string; specifier: string; reason: string }

/** Every module specifier a TypeScript source mentions: static and dynamic imports, re-exports, require(). */
function importsOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((ref) => ref.fileName)
}

function isElectron(specifier: string): boolean {
  return specifier === 'electron' || specifier.startsWith('electron/')
}

function isNodeBuiltin(specifier: string): boolean {
  if (specifier.startsWith('node:')) return true
  return NODE_BUILTINS.has(specifier.split('/')[0])
}

/** A file that may use Node: on the allow-list, named `*.node.ts`, or a test. */
function mayUseNode(file: string): boolean {
  return NODE_ONLY.has(file) || file.endsWith('.node.ts') || file.endsWith('.test.ts')
}

/** Checks one shared/ file; `file` is repo-relative with forward slashes, e.g. `shared/nn/dense.ts`. */
function checkSharedFile(file: string, source: string): Violation[] {
  const violations: Violation[] = []
  for (const specifier of importsOf(source)) {
    const flag = (reason: string) => violations.push({ file, specifier, reason })
    if (isElectron(specifier)) {
      flag('shared/ must not import electron')
      continue
    }
    if (specifier.startsWith('.')) {
      const target = relative(ROOT, resolve(ROOT, dirname(file), specifier))
        .split(sep)
        .join('/')
      const top = target.split('/')[0]
      if (top === 'electron' || top === 'renderer') flag(`shared/ must not import from ${top}/`)
      else if (target.startsWith('shared/ipc/') && !file.startsWith('shared/ipc/') && !file.endsWith('.test.ts')) {
        flag('the domain (runs, sweeps, data, nn, train) must not import the transport layer, shared/ipc/')
      } else if (NODE_ONLY_MODULES.has(withoutTs(target)) && !mayUseNode(file)) {
        flag('a pure shared/ file must not import a Node-only one')
      }
      continue
    }
    if (isNodeBuiltin(specifier) && !mayUseNode(file)) {
      flag('Node-only module; move the code to a Node-side file (NODE_ONLY or *.node.ts)')
    }
  }
  return violations
}

function tsFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.split(sep).includes('node_modules'))
    .map((name) => join(dir, name))
}

function repoPath(absolute: string): string {
  return relative(ROOT, absolute).split(sep).join('/')
}

function describeViolations(violations: Violation[]): string {
  return violations.map((v) => `${v.file}: '${v.specifier}' — ${v.reason}`).join('\n')
}

describe('shared/ import boundaries', () => {
  const files = tsFilesUnder(join(ROOT, 'shared'))

  it('finds the files it checks', () => {
    expect(files.map(repoPath)).toContain('shared/boundaries.test.ts')
  })

  it('no shared/ file imports electron, electron/, renderer/ or (outside Node-side files) a Node module', () => {
    const violations = files.flatMap((file) => checkSharedFile(repoPath(file), readFileSync(file, 'utf8')))
    expect(describeViolations(violations)).toBe('')
  })
})

describe('electron/main/services import boundaries', () => {
  it('services import nothing from electron, so they also run under a plain Node host', () => {
    const violations = tsFilesUnder(join(ROOT, 'electron/main/services')).flatMap((file) =>
      importsOf(readFileSync(file, 'utf8'))
        .filter(isElectron)
        .map((specifier) => ({ file: repoPath(file), specifier, reason: 'services must not import electron' })),
    )
    expect(describeViolations(violations)).toBe('')
  })
})

describe('the boundary checker itself', () => {
  const reasonsFor = (file: string, source: string) => checkSharedFile(file, source).map((v) => v.specifier)

  it('catches every kind of forbidden import in a pure shared file', () => {
    const source = [
      `import { app } ${FROM}'electron'`,
      `import type { IpcMain } from 'electron/main'`,
      `import { readFileSync } from 'fs'`,
      `import { gunzipSync } from "node:zlib"`,
      `import * as path from 'path/posix'`,
      `export { fork } from 'child_process'`,
      `const os = require('os')`,
      `const worker = await import('worker_threads')`,
      `import { store } ${FROM}'../../electron/main/services/store'`,
      `import Chart ${FROM}'../../renderer/src/components/Chart.vue'`,
      `import { readIdxFile } from './idxFile'`,
    ].join('\n')
    expect(reasonsFor('shared/data/idx.ts', source)).toEqual([
      'electron',
      'electron/main',
      'fs',
      'node:zlib',
      'path/posix',
      'child_process',
      'os',
      'worker_threads',
      '../../electron/main/services/store',
      '../../renderer/src/components/Chart.vue',
      './idxFile',
    ])
  })

  it('resolves relative paths, so depth does not matter and shared/ folders may share a name', () => {
    expect(reasonsFor('shared/ipc.ts', `import '../renderer/src/api'`)).toEqual(['../renderer/src/api'])
    expect(reasonsFor('shared/a/b/c.ts', `export * ${FROM}'../../../electron/preload'`)).toEqual([
      '../../../electron/preload',
    ])
    expect(reasonsFor('shared/data/idx.ts', `import { x } ${FROM}'../renderer/x'`)).toEqual([]) // that is shared/renderer/x
  })

  it('keeps the transport layer out of the domain: only shared/ipc/ and tests import shared/ipc/', () => {
    const source = `import type { WorkbenchCalls } from '../ipc/workbench'`
    expect(reasonsFor('shared/sweeps/expand.ts', source)).toEqual(['../ipc/workbench'])
    expect(reasonsFor('shared/ipc/socketClient.ts', `import type { WorkbenchCalls } from './workbench'`)).toEqual([])
    expect(reasonsFor('shared/sweeps/expand.test.ts', source)).toEqual([])
  })

  it('lets Node-side files and tests use Node, but never electron or renderer', () => {
    const source = `import { readFileSync } from 'node:fs'\nimport { gunzipSync } from 'zlib'\nimport { app } ${FROM}'electron'`
    for (const file of ['shared/data/idxFile.ts', 'shared/train/loop.node.ts', 'shared/nn/dense.test.ts']) {
      expect(reasonsFor(file, source)).toEqual(['electron'])
    }
  })

  it('allows pure imports: siblings, other shared folders and packages', () => {
    const source = [
      `import { Dense } from './dense'`,
      `import { parseIdx } from '../data/idx'`,
      `import type { RunSummary } from '../runs/run'`,
      `import { z } from 'zod'`,
      `// import { app } ${FROM}'electron' — comments do not count`,
      `const note = "import fs from 'fs'"`,
    ].join('\n')
    expect(reasonsFor('shared/nn/model.ts', source)).toEqual([])
  })
})
