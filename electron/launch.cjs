#!/usr/bin/env node
// `npm start`: open the Electron window on the built app, building first when the build is missing or stale.
// Finds Electron's binary the way electron/index.js does, but never triggers its lazy download
// (require('electron') from Node downloads the binary when it is missing).
'use strict'

const { spawn, spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

const { buildIfStale } = require('./build.cjs')
const { oldNodeMessage } = require('./nodeVersion.cjs')

const ROOT = path.resolve(__dirname, '..')

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

function launch(binary) {
  const env = { ...process.env }
  delete env.ELECTRON_RUN_AS_NODE // set by some editors' terminals; it would start Electron as plain Node
  delete env.ELECTRON_RENDERER_URL // only `electron-vite dev` may point the window at a dev server
  const child = spawn(binary, [ROOT, ...process.argv.slice(2)], { cwd: ROOT, env, stdio: 'inherit' })
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
    })
  }
  child.on('error', (error) => {
    console.error(`Could not start Electron (${binary}): ${error.message}`)
    process.exit(1)
  })
  child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
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

// The headless host: the same services and window, served to a browser on 127.0.0.1.
function serve(args) {
  if (!buildIfStale()) process.exit(1)
  const child = spawn(process.execPath, [path.join(ROOT, 'out/main/serve.js'), ...args], {
    cwd: ROOT,
    stdio: 'inherit',
  })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

const tooOld = oldNodeMessage()
if (tooOld) {
  console.error(tooOld)
  process.exit(1)
}

const args = process.argv.slice(2)
if (args[0] === '--serve') {
  serve(args.slice(1))
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
    launch(electron.binary)
  }
}
