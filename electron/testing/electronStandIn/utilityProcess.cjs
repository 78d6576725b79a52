// The stand-in's utilityProcess.fork: a real child process (child_process.fork) that behaves as Electron 45's
// ForkUtilityProcess does where the shell relies on it: the child gets `process.parentPort` (./utilityChild.cjs),
// execArgv keeps only what Electron passes on (V8 flags through --js-flags), messages are structured clones, and
// right after 'exit' is emitted the stdout/stderr streams lose all their listeners.
'use strict'

const { fork } = require('node:child_process')
const { EventEmitter } = require('node:events')
const path = require('node:path')
const { PassThrough } = require('node:stream')

/** Every fork, with the Node switches it was given and the ones Electron would have ignored. */
const forked = []
const UTILITY_CHILD = path.join(__dirname, 'utilityChild.cjs')

/** Electron passes a utility process only some Node switches; V8 flags go through --js-flags. */
function nodeSwitches(execArgv) {
  const kept = []
  const ignored = []
  for (const arg of execArgv ?? []) {
    if (arg.startsWith('--js-flags=')) kept.push(...arg.slice('--js-flags='.length).split(/\s+/).filter(Boolean))
    else if (/^--inspect(-brk|-port)?(=|$)/.test(arg)) kept.push(arg)
    else ignored.push(arg)
  }
  return { kept, ignored }
}

// Electron reads a utility process's output on its own sockets while its exit comes from the process host, so the
// exit can arrive before the last output does. The stand-in shows that order by relaying output a little late.
const RELAY_DELAY_MS = 25

function relay(from, to) {
  from.on('data', (chunk) => setTimeout(() => to.write(chunk), RELAY_DELAY_MS))
  from.on('end', () => setTimeout(() => to.end(), RELAY_DELAY_MS))
  from.on('error', () => setTimeout(() => to.end(), RELAY_DELAY_MS))
}

class UtilityProcess extends EventEmitter {
  constructor(modulePath, args = [], options = {}) {
    super()
    const pipe = options.stdio === 'pipe'
    const switches = nodeSwitches(options.execArgv)
    forked.push({ modulePath, execArgv: switches.kept, ignored: switches.ignored })
    this.stdout = pipe ? new PassThrough() : null
    this.stderr = pipe ? new PassThrough() : null
    this.child = fork(modulePath, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      execArgv: ['--require', UTILITY_CHILD, ...switches.kept],
      stdio: ['ignore', pipe ? 'pipe' : 'inherit', pipe ? 'pipe' : 'inherit', 'ipc'],
      serialization: 'advanced', // postMessage uses the structured clone algorithm
    })
    this.pid = this.child.pid
    if (pipe) {
      relay(this.child.stdout, this.stdout)
      relay(this.child.stderr, this.stderr)
    }
    this.child.on('spawn', () => this.emit('spawn'))
    this.child.on('message', (message) => this.emit('message', message))
    this.child.on('error', (error) => console.error(`stand-in utility process ${modulePath}: ${error.message}`))
    this.child.on('exit', (code) => {
      this.pid = undefined
      try {
        this.emit('exit', code ?? 1)
      } finally {
        // as Electron's ForkUtilityProcess does once 'exit' has been emitted
        this.stdout?.removeAllListeners()
        this.stderr?.removeAllListeners()
        this.stdout = null
        this.stderr = null
      }
    })
  }

  postMessage(message) {
    if (this.child.connected) this.child.send(message, (error) => error && undefined)
  }

  kill() {
    return this.pid !== undefined && this.child.kill()
  }
}

const utilityProcess = {
  fork: (modulePath, args, options) => new UtilityProcess(modulePath, args, options),
}

module.exports = { forked, utilityProcess }
