import { homedir } from 'node:os'
import { join } from 'node:path'

export const APP_FOLDER = 'nn-workbench'
export const DB_ENV = 'NNWB_DB'

/** The folder Electron's app.getPath('userData') gives this app, so the serve host and the CLI share its database. */
export function userDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_FOLDER)
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_FOLDER)
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_FOLDER)
}

/** `--db PATH`, else $NNWB_DB, else workbench.db in the user-data folder. */
export function databasePath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? env[DB_ENV] ?? join(userDataDir(env), 'workbench.db')
}
