// Preloaded into a stand-in utility process (a child_process.fork): gives it Electron's `process.parentPort`,
// whose 'message' events carry the payload in `event.data`, and which posts with postMessage.
'use strict'

const { EventEmitter } = require('node:events')

const parentPort = new EventEmitter()
parentPort.postMessage = (message) => {
  if (process.connected) process.send(message)
}
process.on('message', (data) => parentPort.emit('message', { data }))
// Electron ends a utility process with its parent; a forked child would otherwise linger
process.on('disconnect', () => process.exit(1))
process.parentPort = parentPort
