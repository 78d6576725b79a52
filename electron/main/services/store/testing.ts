// Helpers for the store's tests: real database files in a temporary folder, removed afterwards.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { MetricName, MetricPoint } from '../../../../shared/runs/run'
import { DEFAULT_CONFIG, type TrainConfig } from '../../../../shared/train/config'

export interface TempFolder {
  dir: string
  file(name: string): string
  /** Runs `close` for everything opened, then deletes the folder. */
  cleanup(): void
  /** Registers something to close before the folder goes. */
  track<T extends { close(): void }>(closable: T): T
}

export function tempFolder(): TempFolder {
  const dir = mkdtempSync(join(tmpdir(), 'nn-workbench-store-'))
  const open: Array<{ close(): void }> = []
  return {
    dir,
    file: (name) => join(dir, name),
    track(closable) {
      open.push(closable)
      return closable
    },
    cleanup() {
      for (const closable of open.splice(0).reverse()) closable.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export const config = (overrides: Partial<TrainConfig> = {}): TrainConfig => ({ ...DEFAULT_CONFIG, ...overrides })

export const point = (name: MetricName, step: number, value: number, epoch = step / 100): MetricPoint => ({
  name,
  step,
  epoch,
  value,
  wallTime: 1_700_000_000_000 + step,
})
