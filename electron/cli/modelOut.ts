// `--out PATH` of `npm run train`: checked before a long run, written atomically after it.
import { statSync } from 'node:fs'
import { dirname } from 'node:path'
import { UsageError } from './flags'
import { errorMessage, EXIT } from './session'
import { writeFileAtomic } from './writeFileAtomic'

// Fail before a long run, not after it: the folder must exist and the path must not be a folder.
export function checkOutPath(out: string): void {
  const folder = dirname(out)
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory())
    throw new UsageError(`--out: folder "${folder}" does not exist`)
  if (statSync(out, { throwIfNoEntry: false })?.isDirectory())
    throw new UsageError(`--out: "${out}" is a folder, expected a file path`)
}

/** Writes the model's JSON to `out`; the exit code the run ends with (a model that cannot be written fails it). */
export async function saveModelFile(
  out: string,
  modelJson: () => string | Promise<string>,
  say: (line: string) => void,
): Promise<number> {
  try {
    writeFileAtomic(out, await modelJson())
    say(`model saved to ${out}`)
    return EXIT.ok
  } catch (error) {
    process.stderr.write(`--out: cannot write the model to ${out}: ${errorMessage(error)}\n`)
    return EXIT.failed
  }
}
