// `npm run serve`'s launcher (electron/launch.cjs --serve) as real processes: what a kill or a Ctrl-C leaves behind.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { tempFolder, type TempFolder } from '../services/store/testing'
import { connect, startHostProcess, type HostProcess } from './testing'

const LAUNCHER = join(__dirname, '../../launch.cjs')

let folder: TempFolder | null = null
const started: ChildProcess[] = []

afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL')
  folder?.cleanup()
})

/** `node electron/launch.cjs --serve …`, as `npm run serve` starts it, resolved once it prints its address. */
function startLauncher(dbPath: string): Promise<HostProcess> {
  const child = spawn(process.execPath, [LAUNCHER, '--serve', '--db', dbPath, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  started.push(child)
  let output = ''
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      const match = /Open http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+)/.exec(output)
      if (match) resolve({ child, port: Number(match[1]), token: match[2], output: () => output })
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => reject(new Error(`the launcher exited with ${code}:\n${output}`)))
  })
}

/** Alive and not a zombie (an orphan's zombie may linger where PID 1 does not reap). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'
  } catch {
    return false
  }
}

/** Every process below `pid`, read from /proc. */
function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]))
    } catch {
      // the process ended while we looked
    }
  }
  const found: number[] = []
  const queue = [pid]
  while (queue.length > 0) {
    const parent = queue.shift() as number
    for (const [child, ppid] of parentOf) {
      if (ppid === parent) {
        found.push(child)
        queue.push(child)
      }
    }
  }
  return found
}

const lockOwner = (dbPath: string): number =>
  (JSON.parse(readFileSync(`${dbPath}.lock`, 'utf8')) as { pid: number }).pid

it('leaves no host holding the lock, and no trainer, when the launcher is killed with SIGKILL', async () => {
  folder = tempFolder()
  const dbPath = folder.file('killed.db')
  const launcher = await startLauncher(dbPath)
  const client = connect(launcher.port, launcher.token)
  await client.api.launchRun({
    preset: 'keras-mlp',
    hidden: [32],
    epochs: 200,
    trainLimit: 3000,
    validationSize: 300,
    testLimit: 200,
    name: 'outlives nothing',
  })
  await new Promise<void>((resolve) => client.api.onMetrics(() => resolve()))
  const owner = lockOwner(dbPath)
  const below = descendants(launcher.child.pid as number)
  expect(below.length, 'a trainer process is running').toBeGreaterThan(0)

  launcher.child.kill('SIGKILL')
  await new Promise((resolve) => launcher.child.once('exit', resolve))
  client.close()
  await expect.poll(() => running(owner), { timeout: 10_000 }).toBe(false)
  await expect.poll(() => below.filter(running), { timeout: 10_000 }).toEqual([])

  // the next host takes the database over at once and reports the run the kill interrupted
  const next = await startHostProcess(dbPath)
  started.push(next.child)
  expect(next.output()).toMatch(/1 run\(s\) from the last session were interrupted/)
})

it('stops gracefully on a Ctrl-C that arrives twice at once, as under npm', async () => {
  folder = tempFolder()
  const dbPath = folder.file('interrupted.db')
  const launcher = await startLauncher(dbPath)
  const exited = new Promise<string>((resolve) =>
    launcher.child.once('exit', (code, signal) => resolve(`${code} ${signal}`)),
  )
  // the terminal signals the whole group and npm forwards the same Ctrl-C
  launcher.child.kill('SIGINT')
  launcher.child.kill('SIGINT')
  expect(await exited, launcher.output()).toBe('0 null')
  expect(launcher.output()).toMatch(/stopping: live runs are stopped and marked/)
  expect(existsSync(`${dbPath}.lock`)).toBe(false)
})
