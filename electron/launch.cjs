#!/usr/bin/env node
// `npm start`: open the Electron window on the built app, building first when the build is missing or stale.
// Finds Electron's binary the way electron/index.js does, but never triggers its lazy download
// (require('electron') from Node downloads the binary when it is missing).
'use strict'

const { spawn, spawnSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const { buildIfStale } = require('./build.cjs')
const { explainEarlyExit } = require('./launchFailure.cjs')
const { oldNodeMessage } = require('./nodeVersion.cjs')

const ROOT = path.resolve(__dirname, '..')
// electron/main/shellArgs.ts: the shell writes this file once its window is ready to show
const READY_FILE_ENV = 'NNWB_WINDOW_READY_FILE'

/** @returns {{ binary: string } | { missing: string }} */
function findElectronBinary() {
  let packageDir
  try {
    packageDir = path.dirname(require.resolve('electron/package.json', { paths: [ROOT] }))
  } catch {
    return { missing: 'the electron package is not installed; run `npm install`' }
  }
  const pathFile = path.join(packageDir, 'path.txt')
  const executable = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : ''
  const overrideDir = process.env.ELECTRON_OVERRIDE_DIST_PATH
  if (!overrideDir && !executable) {
    return { missing: `${path.relative(ROOT, pathFile)} is missing; \`npx install-electron\` downloads it` }
  }
  const binary = overrideDir
    ? path.join(overrideDir, executable || 'electron')
    : path.join(packageDir, 'dist', executable)
  return fs.existsSync(binary) ? { binary } : { missing: `${binary} does not exist` }
}

// Signals that arrive together are one request: a terminal's Ctrl+C reaches npm and this launcher at once, and npm
// forwards its copy too. Electron's own handler quits gracefully once and dies on the next, so it gets one.
const SIGNAL_BURST_MS = 1000
const STDERR_KEPT = 64 * 1024

/**
 * The terminal's Ctrl+C reaches only this launcher when the child runs in its own process group (`ownGroup`):
 * the child is asked once (a burst of signals is one request: npm forwards its own copy of Ctrl+C), and only a
 * later Ctrl+C forces it, with its whole group.
 */
function forwardSignals(child, ownGroup, stoppingMessage) {
  let asked = false
  let firstSignalAt = 0
  const running = () => child.exitCode === null && child.signalCode === null
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (!running()) return
      if (!asked) {
        asked = true
        firstSignalAt = Date.now()
        console.error(`${stoppingMessage} Press Ctrl+C again to force it.`)
        child.kill(signal)
      } else if (Date.now() - firstSignalAt > SIGNAL_BURST_MS) {
        console.error('Forcing NN Workbench to quit: live runs will show as interrupted at the next start.')
        if (ownGroup) process.kill(-child.pid, 'SIGKILL')
        else child.kill('SIGKILL')
      }
    })
  }
  return { asked: () => asked }
}

/**
 * Opens the window. Electron runs in its own process group (with the trainers it starts), so the terminal's
 * Ctrl+C reaches only this launcher, which asks Electron once to quit (live runs end `cancelled`); a later Ctrl+C
 * forces it. If Electron exits before its window is ready, the reason is explained and the serve host starts.
 */
function launch(binary, args) {
  const env = { ...process.env }
  delete env.ELECTRON_RUN_AS_NODE // set by some editors' terminals; it would start Electron as plain Node
  delete env.ELECTRON_RENDERER_URL // only `electron-vite dev` may point the window at a dev server
  const readyFile = path.join(os.tmpdir(), `nn-workbench-window-${process.pid}-${Date.now()}`)
  env[READY_FILE_ENV] = readyFile
  const ownGroup = process.platform !== 'win32'
  const child = spawn(binary, [ROOT, ...args], {
    cwd: ROOT,
    env,
    stdio: ['inherit', 'inherit', 'pipe'],
    detached: ownGroup,
  })
  let stderr = ''
  child.stderr.on('data', (chunk) => {
    process.stderr.write(chunk)
    stderr = (stderr + chunk.toString()).slice(-STDERR_KEPT)
  })
  child.stderr.on('error', () => {})

  const stop = forwardSignals(child, ownGroup, 'Stopping NN Workbench (live runs are marked cancelled)…')
  child.on('error', (error) => {
    console.error(`Could not start Electron (${binary}): ${error.message}; starting the headless serve host instead.`)
    serve(args)
  })
  child.on('close', (code, signal) => {
    const opened = fs.existsSync(readyFile)
    fs.rmSync(readyFile, { force: true })
    if (!opened && !stop.asked()) {
      console.error(explainEarlyExit(stderr, code, signal, path.join(path.dirname(binary), 'chrome-sandbox')))
      console.error('Starting the headless serve host instead.')
      serve(args)
      return
    }
    process.exit(code ?? (signal ? 1 : 0))
  })
}

// Electron 45 has no postinstall: its binary downloads on first use. Do that here, once, as its index.js would.
function downloadElectron() {
  let installer
  try {
    installer = path.join(path.dirname(require.resolve('electron/package.json', { paths: [ROOT] })), 'install.js')
  } catch {
    return
  }
  console.error('Downloading Electron (first start only)…')
  const result = spawnSync(process.execPath, [installer], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  })
  if (result.status !== 0) {
    const reason = (result.stderr || '').split('\n').find((line) => /error/i.test(line)) || `exit code ${result.status}`
    console.error(`Electron download failed: ${reason.trim()}`)
  }
}

// The headless host: the same services and window, served to a browser on 127.0.0.1. It runs in this process, not a
// child: a wrapper killed with SIGKILL cannot pass that on, and a child would live on under PID 1 holding the lock.
function serve(args) {
  if (!buildIfStale()) process.exit(1)
  const entry = path.join(ROOT, 'out/main/serve.js')
  // the entry reads its flags from process.argv, as it does when started as `node out/main/serve.js`
  process.argv = [process.argv[0], entry, ...args]
  require(entry)
}

const tooOld = oldNodeMessage()
if (tooOld) {
  console.error(tooOld)
  process.exit(1)
}

const args = process.argv.slice(2)
if (args[0] === '--serve') {
  serve(args.slice(1))
} else if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  // over SSH or on a server: Electron would only die looking for a display
  console.error(
    'No display to open a window on ($DISPLAY and $WAYLAND_DISPLAY are unset); starting the headless serve host instead.',
  )
  serve(args)
} else {
  let electron = findElectronBinary()
  if ('missing' in electron) {
    downloadElectron()
    electron = findElectronBinary()
  }
  if ('missing' in electron) {
    console.error(`Electron's binary is not installed (${electron.missing}); starting the headless serve host instead.`)
    serve(args)
  } else {
    if (!buildIfStale()) process.exit(1)
    // better-sqlite3 13 is an N-API addon: the binary its package ships loads in Node and in Electron alike
    launch(electron.binary, args)
  }
}
