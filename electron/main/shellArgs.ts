// What the Electron shell reads from its command line, kept free of `electron` so it is tested under Node.
import { join } from 'node:path'
import { DB_ENV } from './services/paths'

/** Set by tests (and the launcher's early-exit check): the shell writes this file once the window is ready to show. */
export const READY_FILE_ENV = 'NNWB_WINDOW_READY_FILE'

export interface ShellArgs {
  /** The database: `--db PATH` or `--db=PATH`, else $NNWB_DB, else workbench.db in Electron's userData folder. */
  db: string
}

/**
 * `argv` is process.argv: [electron, app folder, ...user args] when run from a folder, [app, ...user args] when
 * packaged. Chromium's own switches (--no-sandbox, --enable-logging…) may sit among the user's and are skipped.
 */
export function shellArgs(
  argv: readonly string[],
  packaged: boolean,
  userData: string,
  env: NodeJS.ProcessEnv = process.env,
): ShellArgs {
  const args = argv.slice(packaged ? 1 : 2)
  let db: string | undefined
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]
    if (arg === '--db' && i + 1 < args.length) db = args[++i]
    else if (arg.startsWith('--db=')) db = arg.slice('--db='.length)
  }
  return { db: db || env[DB_ENV] || join(userData, 'workbench.db') }
}
