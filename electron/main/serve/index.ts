// `npm run serve`: the headless host. Same services as the Electron window, served to a browser on 127.0.0.1.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { databasePath } from '../services/paths'
import { TSX_EXEC_ARGV, nodeTrainerSpawner } from '../services/trainers/spawner'
import { openWorkbench, type Workbench } from '../services/workbench'
import { DEFAULT_PORT, loadIdentity, rememberPort } from './identity'
import { startServeHost, type ServeHost } from './server'

const REPEAT_SIGNAL_MS = 500
const USAGE = 'usage: npm run serve -- [--db PATH] [--port N] [--concurrency N]'
const HELP = `${USAGE}
  --port N   serve on exactly N (0: any free port). Without it: the port this database was served on last, else
             ${DEFAULT_PORT}, else a free one. The token is kept beside the database (<db>.host.json, mode 0600), so
             a host started again on the same database keeps its address and an open page reconnects.`

function fail(message: string): never {
  console.error(message)
  process.exit(2)
}

function wholeNumber(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined
  const n = Number(text)
  if (!Number.isInteger(n) || n < min || n > max)
    fail(`--${flag}: must be a whole number from ${min} to ${max}, got "${text}"`)
  return n
}

async function main(): Promise<void> {
  // a reader that went away (`npm run serve | head`, a closed terminal) must not end the host and its runs
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {})
  let values: { db?: string; port?: string; concurrency?: string; help?: boolean }
  try {
    values = parseArgs({
      options: {
        db: { type: 'string' },
        port: { type: 'string' },
        concurrency: { type: 'string' },
        help: { type: 'boolean' },
      },
    }).values
  } catch (error) {
    fail(`${(error as Error).message.split('\n')[0]} (${USAGE})`)
  }
  if (values.help) {
    console.log(HELP)
    return
  }
  // Built (out/main/serve.js): the renderer and trainer sit beside it. From source: run the trainer through tsx.
  const builtTrainer = join(__dirname, 'trainer.js')
  const spawner = existsSync(builtTrainer)
    ? nodeTrainerSpawner(builtTrainer)
    : nodeTrainerSpawner(join(__dirname, '../../trainer/index.ts'), TSX_EXEC_ARGV)
  const rendererDir = existsSync(join(__dirname, '../renderer/index.html'))
    ? join(__dirname, '../renderer')
    : join(__dirname, '../../../out/renderer')
  const dbPath = databasePath(values.db)

  const workbench = openWorkbench({
    dbPath,
    spawner,
    concurrency: wholeNumber('concurrency', values.concurrency, 1, 64),
  })
  // after the database's lock is ours: only one host at a time reads and writes its address
  const identity = loadIdentity(dbPath)
  const askedPort = wholeNumber('port', values.port, 0, 65535)
  const wantedPort = askedPort ?? identity.port ?? DEFAULT_PORT
  const host = await startServeHost({
    calls: workbench.calls,
    events: workbench.events,
    rendererDir,
    port: wantedPort,
    token: identity.token,
    // a port the user named is that port or an error; the remembered or default one may give way
    fallbackToFreePort: askedPort === undefined,
  })
  for (const note of identity.notes) console.log(note)
  if (host.port !== wantedPort && wantedPort !== 0)
    console.log(`port ${wantedPort} is in use by another program; serving on ${host.port}, which this database keeps`)
  if (askedPort === undefined) rememberPort(dbPath, identity, host.port)
  // before the address is printed: whoever reads it may send a signal at once
  stopOnSignals(host, workbench)
  console.log(`NN Workbench is serving ${dbPath}`)
  if (workbench.interrupted > 0)
    console.log(
      `${workbench.interrupted} run(s) from the last session were interrupted; re-queue them from the runs list`,
    )
  console.log(`Open ${host.url}`)
}

/** Ctrl-C or SIGTERM stops live runs, marks them and closes the database; a second Ctrl-C later quits at once. */
function stopOnSignals(host: ServeHost, workbench: Workbench): void {
  let closingSince: number | null = null
  const close = async (): Promise<void> => {
    // under npm one Ctrl-C arrives twice (from the terminal and forwarded by npm): only a later one quits at once
    if (closingSince !== null) {
      if (Date.now() - closingSince > REPEAT_SIGNAL_MS) process.exit(130)
      return
    }
    closingSince = Date.now()
    console.log('stopping: live runs are stopped and marked; press Ctrl-C again to quit at once')
    await host.close()
    await workbench.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void close())
  process.on('SIGTERM', () => void close())
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error))
  process.exit(1)
})
