// better-sqlite3 is a native addon built for Node's ABI (npm test uses that build). Electron's main process needs a
// build for Electron's ABI, so `npm start` prepares one beside it — in a cache folder, never over the Node build —
// and the main process loads it through better-sqlite3's `nativeBinding` option.
'use strict'

const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const ROOT = path.resolve(__dirname, '..')

/** Where the Electron build of the addon lives for one Electron version and architecture. */
function electronBindingPath(electronVersion, arch = process.arch, root = ROOT) {
  return path.join(
    root,
    'node_modules',
    '.cache',
    'nn-workbench',
    `electron-${electronVersion}-${process.platform}-${arch}`,
    'better_sqlite3.node',
  )
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  const output = `${result.stdout || ''}${result.stderr || ''}`.trim()
  return { ok: result.status === 0, output: output.split('\n').slice(-3).join(' / ') }
}

/**
 * Builds (or downloads) better-sqlite3 for this Electron in a scratch copy of the package: first the published
 * prebuilt binary (prebuild-install, as better-sqlite3's own install does), then a compile against Electron's
 * headers (node-gyp). Returns the binding's path; throws with what failed.
 */
function ensureElectronSqlite(electronVersion, log = console.error) {
  const target = electronBindingPath(electronVersion)
  if (fs.existsSync(target)) return target
  const packageDir = path.dirname(require.resolve('better-sqlite3/package.json', { paths: [ROOT] }))
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'nnwb-sqlite-'))
  try {
    log(`Preparing the database engine for Electron ${electronVersion} (first start only)…`)
    fs.cpSync(packageDir, scratch, { recursive: true, filter: (src) => !src.includes(`${path.sep}build${path.sep}`) })
    const prebuild = require.resolve('prebuild-install/bin.js', { paths: [packageDir, ROOT] })
    const attempts = [
      [
        'prebuilt binary',
        process.execPath,
        [prebuild, '--runtime', 'electron', '--target', electronVersion, '--arch', process.arch],
      ],
    ]
    const nodeGyp = process.env.npm_config_node_gyp
    if (nodeGyp && fs.existsSync(nodeGyp)) {
      attempts.push([
        'compile',
        process.execPath,
        [
          nodeGyp,
          'rebuild',
          '--release',
          '--runtime=electron',
          `--target=${electronVersion}`,
          `--arch=${process.arch}`,
          '--dist-url=https://electronjs.org/headers',
        ],
      ])
    }
    const failures = []
    for (const [label, command, args] of attempts) {
      const result = run(command, args, scratch)
      const built = path.join(scratch, 'build', 'Release', 'better_sqlite3.node')
      if (result.ok && fs.existsSync(built)) {
        fs.mkdirSync(path.dirname(target), { recursive: true })
        fs.copyFileSync(built, target)
        return target
      }
      failures.push(`${label}: ${result.output || 'failed'}`)
    }
    throw new Error(`could not build better-sqlite3 for Electron ${electronVersion} (${failures.join('; ')})`)
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true })
  }
}

module.exports = { electronBindingPath, ensureElectronSqlite }
