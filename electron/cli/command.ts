// How every CLI ends: a bad command line is one line and exit 2; a problem with the database or a request
// (locked, missing, an unknown run) is one line and exit 1; anything else is one line too, marked "error:".
import { WorkbenchError } from '../../shared/ipc/workbench'
import { StoreError } from '../main/services/store/storeError'
import { UsageError } from './flags'
import { errorMessage, EXIT } from './session'

export function runCommand(main: (argv: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code
    },
    (error: unknown) => {
      const expected = error instanceof UsageError || error instanceof StoreError || error instanceof WorkbenchError
      process.stderr.write(`${expected ? '' : 'error: '}${oneLine(errorMessage(error))}\n`)
      process.exitCode = error instanceof UsageError ? EXIT.usage : EXIT.failed
    },
  )
}

export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim()
}
