// `node --require electron/testing/electronStandIn/register.cjs out/main/index.js …` runs the built Electron main
// process under plain Node: every require('electron') gets the stand-in in ./electron.cjs. Test-only code: the one
// thing that cannot exist on this machine is Electron's binary, so this is as much of it as the shell uses.
'use strict'

const Module = require('node:module')
const path = require('node:path')

const standIn = path.join(__dirname, 'electron.cjs')
const resolve = Module._resolveFilename
Module._resolveFilename = function (request, ...rest) {
  return request === 'electron' ? standIn : resolve.call(this, request, ...rest)
}

// The shell behaves differently on macOS (it keeps running with no window); tests can ask for that platform. The
// SQLite addon is loaded first, for the real platform: better-sqlite3 picks its prebuilt binary by process.platform.
if (process.env.NNWB_STANDIN_PLATFORM) {
  const Sqlite = require('better-sqlite3')
  new Sqlite(':memory:').close()
  Object.defineProperty(process, 'platform', { value: process.env.NNWB_STANDIN_PLATFORM })
}
