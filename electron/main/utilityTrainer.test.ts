// The utility-process spawner against the stand-in's utilityProcess.fork, which, like Electron's, removes every
// stdout/stderr listener right after emitting 'exit' while the pipe may still carry the crash reason.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'

vi.mock('electron', async () => {
  const { createRequire } = await import('node:module')
  const standIn = createRequire(import.meta.url)('../testing/electronStandIn/utilityProcess.cjs') as object
  return { utilityProcess: (standIn as { utilityProcess: unknown }).utilityProcess }
})

const { utilityTrainerSpawner } = await import('./utilityTrainer')

const folder = mkdtempSync(join(tmpdir(), 'nnwb-utility-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

describe('utilityTrainerSpawner', () => {
  it('keeps the last stderr lines a utility process writes just before it exits', async () => {
    const entry = join(folder, 'dies.cjs')
    // a megabyte of noise, then the reason: most of it is still in the pipe when the process has exited
    writeFileSync(
      entry,
      "const line = 'x'.repeat(1000) + '\\n'\n" +
        'process.stderr.write(line.repeat(1000))\n' +
        "process.stderr.write('fatal: the reason it died\\n', () => process.exit(3))\n",
    )
    const handle = utilityTrainerSpawner(entry).spawn()
    const code = await new Promise((resolve) => handle.onExit((exitCode) => resolve(exitCode)))
    expect(code).toBe(3)
    expect(handle.stderrTail?.().at(-1)).toBe('fatal: the reason it died')
  })
})
