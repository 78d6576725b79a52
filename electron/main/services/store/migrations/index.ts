import { initial } from './0001-initial'
import { myDigits } from './0002-my-digits'
import type { Migration } from './migration'

export type { Migration } from './migration'

/** Every migration in order; versions run 1, 2, 3, … without gaps. Add a file, then a line here. */
export const MIGRATIONS: readonly Migration[] = [initial, myDigits]

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version
