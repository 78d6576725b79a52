// A stand-in for the `electron` module, large enough to run the built shell (out/main/index.js, the preload and the
// utility-process trainers) under plain Node. It follows Electron 45's documented behaviour where the shell relies on
// it: the app lifecycle (ready, before-quit that can be prevented, one-shot SIGINT/SIGTERM handlers that quit),
// protocol and session calls only before/after ready as Electron requires, a window that loads its page through the
// registered protocol handler and runs the real preload in a sandbox-like scope, ipcMain/ipcRenderer/contextBridge
// wired to each other with structured clones, and utilityProcess.fork backed by a real child process whose
// `process.parentPort` delivers `{ data }` events and whose stdout/stderr lose their listeners right after 'exit'.
// Test-only: what it cannot show (real Chromium rendering, the OS sandbox, native dialogs) is listed in README.md.
'use strict'

const { EventEmitter } = require('node:events')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { pathToFileURL } = require('node:url')
const vm = require('node:vm')
const { forked, utilityProcess } = require('./utilityProcess.cjs')

/** What the shell asked for, for the test to inspect through the control channel (./control.cjs). */
const record = {
  privilegedSchemes: [],
  protocolHandlers: new Map(),
  permissionRequestHandler: null,
  permissionCheckHandler: null,
  errorBoxes: [],
  utilityProcesses: forked,
  windowsCreated: 0,
}

function preventable() {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true
    },
  }
}

// ---------------------------------------------------------------------------------------------------------- app
class App extends EventEmitter {
  constructor() {
    super()
    this.isPackaged = false
    this.quitting = false
    this.ready = false
    this.readyPromise = new Promise((resolve) => (this.resolveReady = resolve))
  }

  whenReady() {
    return this.readyPromise
  }

  isReady() {
    return this.ready
  }

  getPath(name) {
    const userData = process.env.NNWB_STANDIN_USER_DATA || path.join(os.tmpdir(), 'nnwb-standin-user-data')
    if (name === 'userData') return userData
    if (name === 'temp') return os.tmpdir()
    if (name === 'home') return os.homedir()
    throw new Error(`stand-in app.getPath: ${name} is not supported`)
  }

  getAppPath() {
    return path.resolve(__dirname, '..', '..', '..')
  }

  requestSingleInstanceLock() {
    return true
  }

  /** As Electron: 'before-quit' (preventable), close every window, 'will-quit' (preventable), 'quit', exit. */
  quit() {
    if (this.quitting) return
    const beforeQuit = preventable()
    this.emit('before-quit', beforeQuit)
    if (beforeQuit.defaultPrevented) return
    this.quitting = true
    for (const window of [...windows]) window.close()
    const willQuit = preventable()
    this.emit('will-quit', willQuit)
    if (willQuit.defaultPrevented) {
      this.quitting = false
      return
    }
    this.emit('quit', preventable(), 0)
    setImmediate(() => process.exit(0))
  }

  exit(code = 0) {
    process.exit(code)
  }
}

const app = new App()

// ------------------------------------------------------------------------------------------------ ipc, both ends
const handlers = new Map()
const ipcMain = {
  handle(channel, handler) {
    if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    handlers.set(channel, handler)
  },
  removeHandler(channel) {
    handlers.delete(channel)
  },
}

/** The renderer side of one window's IPC, as the preload sees `ipcRenderer`. */
function rendererIpc(contents) {
  const listeners = new EventEmitter()
  return {
    listeners,
    ipcRenderer: {
      async invoke(channel, ...args) {
        const handler = handlers.get(channel)
        if (!handler)
          throw new Error(`Error invoking remote method '${channel}': No handler registered for '${channel}'`)
        const event = { sender: contents, senderFrame: { url: contents.getURL() } }
        try {
          return structuredClone(await handler(event, ...structuredClone(args)))
        } catch (error) {
          throw new Error(`Error invoking remote method '${channel}': ${error}`, { cause: error })
        }
      },
      on(channel, listener) {
        listeners.on(channel, listener)
        return this
      },
      removeListener(channel, listener) {
        listeners.removeListener(channel, listener)
        return this
      },
    },
  }
}

// ------------------------------------------------------------------------------------------------- web contents
class WebContents extends EventEmitter {
  constructor(window) {
    super()
    this.window = window
    this.url = ''
    this.page = null
    this.mainWorld = {}
    this.windowOpenHandler = null
    this.ipc = rendererIpc(this)
  }

  getURL() {
    return this.url
  }

  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler
  }

  send(channel, payload) {
    const cloned = structuredClone(payload)
    for (const listener of this.ipc.listeners.listeners(channel)) listener({ sender: this }, cloned)
  }

  async load(url) {
    this.url = url
    const scheme = new URL(url).protocol.slice(0, -1)
    const handler = record.protocolHandlers.get(scheme)
    if (handler) {
      const response = await handler(new Request(url))
      const body = Buffer.from(await response.arrayBuffer())
      this.page = { url, status: response.status, headers: Object.fromEntries(response.headers), bytes: body.length }
      if (response.status !== 200) {
        this.emit('did-fail-load', preventable(), -6, `HTTP ${response.status}`, url)
        throw new Error(`ERR_FAILED (-2) loading '${url}'`)
      }
    } else if (scheme !== 'http' && scheme !== 'https' && scheme !== 'file') {
      throw new Error(`ERR_UNKNOWN_URL_SCHEME (-302) loading '${url}'`)
    }
    this.runPreload()
    this.emit('did-finish-load')
  }

  /** The real preload, in a scope that, like a sandboxed preload, can require only a few modules. */
  runPreload() {
    const preload = this.window.options.webPreferences?.preload
    if (!preload) return
    const sandboxed = this.window.options.webPreferences?.sandbox !== false
    const rendererElectron = {
      contextBridge: {
        exposeInMainWorld: (key, api) => {
          if (key in this.mainWorld) throw new Error(`Cannot bind an API on top of an existing property: ${key}`)
          this.mainWorld[key] = api
        },
      },
      ipcRenderer: this.ipc.ipcRenderer,
    }
    const allowed = new Set(['events', 'timers', 'url'])
    const requireInPreload = (name) => {
      if (name === 'electron') return rendererElectron
      if (!sandboxed || allowed.has(name)) return require(name)
      throw new Error(`module not found: ${name} (a sandboxed preload can require only electron, events, timers, url)`)
    }
    const code = fs.readFileSync(preload, 'utf8')
    const module = { exports: {} }
    const run = vm.compileFunction(code, ['require', 'module', 'exports', '__filename', '__dirname'], {
      filename: preload,
    })
    run(requireInPreload, module, module.exports, preload, path.dirname(preload))
  }
}

// ----------------------------------------------------------------------------------------------- browser window
const windows = new Set()
let nextWindowId = 1

class BrowserWindow extends EventEmitter {
  static getAllWindows() {
    return [...windows]
  }

  constructor(options = {}) {
    super()
    if (!app.isReady()) throw new Error('Cannot create BrowserWindow before app is ready')
    this.id = nextWindowId++
    this.options = options
    this.visible = false
    this.minimized = false
    this.destroyed = false
    this.focused = 0
    this.webContents = new WebContents(this)
    windows.add(this)
    record.windowsCreated += 1
    app.emit('web-contents-created', preventable(), this.webContents)
    app.emit('browser-window-created', preventable(), this)
  }

  async loadURL(url) {
    await this.webContents.load(url)
    if (!this.visible) setImmediate(() => this.emit('ready-to-show'))
  }

  loadFile(file) {
    return this.loadURL(pathToFileURL(file).href)
  }

  show() {
    this.visible = true
  }

  isVisible() {
    return this.visible
  }

  focus() {
    this.focused += 1
  }

  isMinimized() {
    return this.minimized
  }

  minimize() {
    this.minimized = true
  }

  restore() {
    this.minimized = false
  }

  isDestroyed() {
    return this.destroyed
  }

  close() {
    if (this.destroyed) return
    const event = preventable()
    this.emit('close', event)
    if (event.defaultPrevented) return
    this.destroyed = true
    windows.delete(this)
    this.emit('closed')
    if (windows.size === 0 && !app.quitting) app.emit('window-all-closed')
  }
}

// ------------------------------------------------------------------------------------------- protocol, session
const protocol = {
  registerSchemesAsPrivileged(schemes) {
    if (app.isReady()) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready')
    record.privilegedSchemes.push(...schemes)
  },
  handle(scheme, handler) {
    if (!app.isReady()) throw new Error('protocol.handle must be called after app is ready')
    if (record.protocolHandlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`)
    record.protocolHandlers.set(scheme, handler)
  },
}

const defaultSession = {
  setPermissionRequestHandler(handler) {
    record.permissionRequestHandler = handler
  },
  setPermissionCheckHandler(handler) {
    record.permissionCheckHandler = handler
  },
}

const session = {
  get defaultSession() {
    if (!app.isReady()) throw new Error('Session can only be received when app is ready')
    return defaultSession
  },
}

const dialog = {
  showErrorBox(title, content) {
    record.errorBoxes.push({ title, content })
    console.error(`[error box] ${title}: ${content}`)
  },
}

// ------------------------------------------------------------------------------------------------- the process
// Electron's browser process quits gracefully on the first SIGINT or SIGTERM; its handlers are one-shot, so a
// second signal takes the default action and kills it.
process.once('SIGINT', () => app.quit())
process.once('SIGTERM', () => app.quit())

// Electron's message loop keeps the browser process alive until it quits; a bare Node process would end here.
setInterval(() => {}, 1 << 30)

setImmediate(() => {
  app.ready = true
  app.emit('will-finish-launching')
  app.emit('ready', preventable(), {})
  app.resolveReady()
  if (process.env.NNWB_STANDIN_CONTROL_FILE)
    require('./control.cjs').startControl(process.env.NNWB_STANDIN_CONTROL_FILE)
})

module.exports = {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  protocol,
  session,
  utilityProcess,
  // not part of Electron: what the shell did, for ./control.cjs
  standInRecord: record,
}
