// The store is a service (STYLE.md "Layout"): it must run under plain Node, so it imports nothing from Electron.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const HERE = import.meta.dirname

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  )
}

describe('store import boundaries', () => {
  it('imports nothing from electron', () => {
    const offenders = sources(HERE).flatMap((file) =>
      ts
        .preProcessFile(readFileSync(file, 'utf8'), true, true)
        .importedFiles.map((ref) => ref.fileName)
        .filter((specifier) => specifier === 'electron' || specifier.startsWith('electron/'))
        .map((specifier) => `${relative(HERE, file)} imports ${specifier}`),
    )
    expect(offenders).toEqual([])
  })
})
