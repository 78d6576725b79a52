#!/usr/bin/env node
// `npm start`: open the Electron window on the built app, building first when the build is missing or stale.
// Finds Electron's binary the way electron/index.js does, but never triggers its lazy download
// (require('electron') from Node downloads the binary when it is missing).
'use strict'

const { spawn, spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

const ROOT = path.resolve(__dirname, '..')
const OUTPUTS = ['out/main/index.js', 'out/main/trainer.js', 'out/preload/index.js', 'out/renderer/index.html']
const SOURCES = ['electron', 'shared', 'renderer', 'electron.vite.config.ts', 'package.json']

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

function newestMtime(entry) {
  if (!fs.existsSync(entry)) return 0
  const stat = fs.statSync(entry)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const name of fs.readdirSync(entry)) {
    if (name !== 'node_modules') newest = Math.max(newest, newestMtime(path.join(entry, name)))
  }
  return newest
}

function buildIsStale() {
  const outputs = OUTPUTS.map((file) => path.join(ROOT, file))
  if (!outputs.every((file) => fs.existsSync(file))) return true
  const oldestOutput = Math.min(...outputs.map((file) => fs.statSync(file).mtimeMs))
  return SOURCES.some((source) => newestMtime(path.join(ROOT, source)) > oldestOutput)
}

function build() {
  const cli = path.join(path.dirname(require.resolve('electron-vite/package.json', { paths: [ROOT] })), 'bin/electron-vite.js')
  const result = spawnSync(process.execPath, [cli, 'build'], { cwd: ROOT, stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
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
  const result = spawnSync(process.execPath, [installer], { cwd: ROOT, stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' })
  if (result.status !== 0) {
    const reason = (result.stderr || '').split('\n').find((line) => /error/i.test(line)) || `exit code ${result.status}`
    console.error(`Electron download failed: ${reason.trim()}`)
  }
}

let electron = findElectronBinary()
if ('missing' in electron) {
  downloadElectron()
  electron = findElectronBinary()
}
if ('missing' in electron) {
  console.error(`Electron's binary is not installed (${electron.missing}); the headless serve host arrives in a later issue.`)
  process.exit(1)
}
if (buildIsStale()) build()
launch(electron.binary)
