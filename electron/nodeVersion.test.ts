import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'

const { oldNodeMessage } = createRequire(import.meta.url)('./nodeVersion.cjs') as {
  oldNodeMessage(version?: string): string | null
}

describe('oldNodeMessage', () => {
  it('says in one sentence what to do on a Node older than 22.12', () => {
    for (const version of ['20.20.2', '22.11.0', '18.0.0', '21.7.3']) {
      const message = oldNodeMessage(version)
      expect(message, version).toContain(`this is Node ${version}`)
      expect(message).toMatch(/install Node 22 LTS/)
      expect(message?.split(/\.\s/)).toHaveLength(1)
    }
  })

  it('lets 22.12 and newer through', () => {
    for (const version of ['22.12.0', '22.23.5', '23.0.0', '24.1.0'])
      expect(oldNodeMessage(version), version).toBe(null)
    expect(oldNodeMessage()).toBe(null) // the Node running the tests
  })
})
