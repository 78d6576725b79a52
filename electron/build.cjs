// Builds the app (electron-vite build) when out/ is missing or older than the sources; shared by `npm start`,
// `npm run serve` and the test suite's global setup, so nobody runs a stale build.
'use strict'

const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const { generateWasm } = require('./wasm.cjs')

const ROOT = path.resolve(__dirname, '..')
const OUTPUTS = [
  'out/main/index.js',
  'out/main/trainer.js',
  'out/main/serve.js',
  'out/main/importWorker.js',
  'out/preload/index.js',
  'out/renderer/index.html',
]
const SOURCES = ['electron', 'shared', 'renderer', 'electron.vite.config.ts', 'package.json']

function newestMtime(entry) {
  if (!fs.existsSync(entry)) return 0
  const stat = fs.statSync(entry)
  if (!stat.isDirectory()) return /\.test\.ts$/.test(entry) ? 0 : stat.mtimeMs
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

/** Runs electron-vite build; returns false (after printing its output) when it fails. */
function build(stdio = 'inherit') {
  generateWasm()
  const cli = path.join(
    path.dirname(require.resolve('electron-vite/package.json', { paths: [ROOT] })),
    'bin/electron-vite.js',
  )
  const result = spawnSync(process.execPath, [cli, 'build'], { cwd: ROOT, stdio })
  return result.status === 0
}

function buildIfStale(stdio = 'inherit') {
  generateWasm()
  return buildIsStale() ? build(stdio) : true
}

module.exports = { buildIsStale, build, buildIfStale, ROOT }
