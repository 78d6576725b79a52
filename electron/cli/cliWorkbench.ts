// The workbench the CLI records into: the app's own services on the chosen database, trainers as child processes.
import { join } from 'node:path'
import { nodeTrainerSpawner, TSX_EXEC_ARGV } from '../main/services/trainers/spawner'
import { openWorkbench, type Workbench } from '../main/services/workbench'

// The CLI runs from source under tsx, so its trainers do too.
const TRAINER_ENTRY = join(__dirname, '../trainer/index.ts')
const IGNORE_SIGINT = join(__dirname, 'ignoreSigint.cjs')

/** Opens `dbPath` as its writer (a second writer gets the store's one-line "already open" StoreError). */
export function openCliWorkbench(dbPath: string, concurrency?: number): Workbench {
  const spawner = nodeTrainerSpawner(TRAINER_ENTRY, [...TSX_EXEC_ARGV, '--require', IGNORE_SIGINT])
  const workbench = openWorkbench({
    dbPath,
    spawner,
    concurrency,
    log: (message) => process.stderr.write(`scheduler: ${message}\n`),
  })
  if (workbench.interrupted > 0) {
    process.stderr.write(
      `note: ${workbench.interrupted} run(s) left running by an earlier session were marked interrupted\n`,
    )
  }
  return workbench
}
