#!/usr/bin/env node
// `npm install` (preinstall) and `npm start` run this first: on a Node older than package.json's engines, one
// sentence saying what to do, instead of an installer or a native module failing later with a stack trace.
// Plain CommonJS with no dependencies, so it runs on any Node that can start npm.
'use strict'

const MINIMUM = [22, 12]

/** @returns {string | null} the sentence for an older Node, or null when this one will do */
function oldNodeMessage(version = process.versions.node) {
  const [major, minor] = version.split('.').map(Number)
  if (major > MINIMUM[0] || (major === MINIMUM[0] && minor >= MINIMUM[1])) return null
  return (
    `NN Workbench needs Node ${MINIMUM.join('.')} or newer, and this is Node ${version}: ` +
    'install Node 22 LTS from https://nodejs.org (or run `export PATH="$(.ci/node22):$PATH"` in this checkout, ' +
    'which fetches it from the npm registry), then run the command again.'
  )
}

module.exports = { oldNodeMessage }

if (require.main === module) {
  const message = oldNodeMessage()
  if (message) {
    console.error(message)
    process.exit(1)
  }
}
