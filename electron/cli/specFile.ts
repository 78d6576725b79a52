// The sweep spec file of `npm run sweep`: read, parsed and checked, every problem one line naming the file.
import { readFileSync } from 'node:fs'
import { callSchemas, parseOrExplain } from '../../shared/ipc/schemas'
import type { SweepSpec } from '../../shared/sweeps/spec'
import { UsageError } from './flags'
import { locateJsonProblem } from './jsonLocation'
import { errorMessage } from './session'

/**
 * The spec in `file`, checked for shape as the hosts check what arrives from a window (known keys, right types).
 * Whether its values make sense is the sweep expansion's to say.
 */
export function readSpecFile(file: string): SweepSpec {
  const text = readText(file)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    const problem = locateJsonProblem(text)
    const where = problem
      ? ` at line ${problem.line}, column ${problem.column}: ${problem.message}`
      : `: ${errorMessage(error).split('\n')[0]}`
    throw new UsageError(`${file}: not valid JSON${where}`)
  }
  try {
    return parseOrExplain(callSchemas.launchSweep, [json], file)[0]
  } catch (error) {
    throw new UsageError(errorMessage(error))
  }
}

function readText(file: string): string {
  try {
    // an editor's byte-order mark is not JSON, but no one meant it as content
    return readFileSync(file, 'utf8').replace(/^\uFEFF/, '')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new UsageError(`${file}: no such file`)
    if (code === 'EISDIR') throw new UsageError(`${file}: is a folder; give the path of a sweep spec (.json)`)
    throw new UsageError(`${file}: cannot read it: ${errorMessage(error)}`)
  }
}
