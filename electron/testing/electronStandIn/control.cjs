// The test's handle on a shell running under the stand-in: a loopback HTTP server whose port is written to
// $NNWB_STANDIN_CONTROL_FILE. Calls go through `window.workbench` exactly as the real preload built it.
'use strict'

const fs = require('node:fs')
const http = require('node:http')

function startControl(portFile) {
  const electron = require('./electron.cjs')
  const { app, BrowserWindow, standInRecord: record } = electron
  const events = []
  const subscribed = new WeakSet()

  const page = () => BrowserWindow.getAllWindows().find((window) => window.webContents.mainWorld.workbench)
  const api = () => {
    const window = page()
    if (!window) throw new Error('no window has window.workbench')
    const workbench = window.webContents.mainWorld.workbench
    if (!subscribed.has(workbench)) {
      subscribed.add(workbench)
      for (const name of Object.keys(workbench).filter((key) => /^on[A-Z]/.test(key)))
        workbench[name]((payload) => events.push({ event: name, payload }))
    }
    return workbench
  }

  const routes = {
    async call({ name, args }) {
      const workbench = api()
      if (typeof workbench[name] !== 'function') throw new Error(`window.workbench has no ${name}`)
      return workbench[name](...(args ?? []))
    },
    async events() {
      api()
      return events.splice(0)
    },
    async state() {
      return {
        windows: BrowserWindow.getAllWindows().map((window) => ({
          url: window.webContents.getURL(),
          page: window.webContents.page,
          visible: window.isVisible(),
          focused: window.focused,
          webPreferences: { ...window.options.webPreferences, preload: undefined },
          exposed: Object.keys(window.webContents.mainWorld),
          opensWindows: window.webContents.windowOpenHandler?.({ url: 'https://example.com/' }),
        })),
        windowsCreated: record.windowsCreated,
        privilegedSchemes: record.privilegedSchemes,
        protocols: [...record.protocolHandlers.keys()],
        errorBoxes: record.errorBoxes,
        utilityProcesses: record.utilityProcesses,
      }
    },
    async permission({ permission }) {
      const requested = await new Promise((resolve) =>
        record.permissionRequestHandler
          ? record.permissionRequestHandler(page()?.webContents, permission, resolve, {})
          : resolve('no handler'),
      )
      const checked = record.permissionCheckHandler
        ? record.permissionCheckHandler(page()?.webContents, permission, 'app://workbench', {})
        : 'no handler'
      return { requested, checked }
    },
    async fetch({ url }) {
      const handler = record.protocolHandlers.get(new URL(url).protocol.slice(0, -1))
      if (!handler) throw new Error(`no handler for ${url}`)
      const response = await handler(new Request(url))
      return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() }
    },
    async closeWindows() {
      for (const window of BrowserWindow.getAllWindows()) window.close()
      return BrowserWindow.getAllWindows().length
    },
    async secondInstance() {
      app.emit('second-instance', { preventDefault() {} }, process.argv, process.cwd(), {})
      return BrowserWindow.getAllWindows().length
    },
    async quit() {
      setImmediate(() => app.quit())
      return true
    },
  }

  const server = http.createServer((request, response) => {
    let body = ''
    request.setEncoding('utf8')
    request.on('data', (chunk) => (body += chunk))
    request.on('error', () => response.destroy())
    request.on('end', async () => {
      const route = routes[(request.url ?? '').slice(1)]
      let answer
      try {
        if (!route) throw new Error(`no control route ${request.url}`)
        answer = { ok: true, value: await route(body ? JSON.parse(body) : {}) }
      } catch (error) {
        answer = { ok: false, error: error instanceof Error ? error.message : String(error) }
      }
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(JSON.stringify(answer ?? null))
    })
  })
  server.on('error', (error) => console.error(`stand-in control: ${error.message}`))
  server.listen(0, '127.0.0.1', () => {
    fs.writeFileSync(`${portFile}.tmp`, String(server.address().port))
    fs.renameSync(`${portFile}.tmp`, portFile)
  })
  server.unref()
}

module.exports = { startControl }
