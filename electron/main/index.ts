// Electron host: one locked-down window, the workbench services behind IPC, trainers as utility processes.
import { app, BrowserWindow, dialog, protocol, session } from 'electron'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { APP_PAGE_URL, APP_SCHEME, rendererResponse } from './appProtocol'
import { registerIpc } from './ipc'
import { openWorkbench, type Workbench } from './services/workbench'
import { READY_FILE_ENV, shellArgs } from './shellArgs'
import { utilityTrainerSpawner } from './utilityTrainer'

const rendererUrl = !app.isPackaged && process.env.ELECTRON_RENDERER_URL ? process.env.ELECTRON_RENDERER_URL : null

// Must happen before 'ready': a standard, secure scheme gets relative URLs, same-origin rules and fetch like https.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
])

let mainWindow: BrowserWindow | null = null

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    title: 'NN Workbench',
    show: false,
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  })
  window.once('ready-to-show', () => {
    window.show()
    // the launcher (and the shell's test) learn here that the window really opened
    const readyFile = process.env[READY_FILE_ENV]
    if (readyFile) writeFileSync(readyFile, `${process.pid}\n`)
  })
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null
  })
  void window.loadURL(rendererUrl ?? APP_PAGE_URL)
  return window
}

/** Brings the window forward, opening one if there is none (macOS keeps the app running with no window). */
function showWindow(): void {
  if (!app.isReady()) return
  if (!mainWindow || mainWindow.isDestroyed()) {
    mainWindow = createWindow()
    return
  }
  if (mainWindow.isMinimized()) mainWindow.restore()
  mainWindow.focus()
}

// The app is one page: no navigation, no new windows, no webviews, for every web contents that ever exists.
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
})

// A second instance would write the same database: show the first one's window instead.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  let workbench: Workbench | null = null
  app.on('second-instance', showWindow)
  app.on('activate', showWindow)

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })

  // Stop every live run (each is marked cancelled) before the process goes.
  let quitting = false
  app.on('before-quit', (event) => {
    if (quitting || !workbench) return
    event.preventDefault()
    quitting = true
    void workbench.close().finally(() => app.quit())
  })

  void app.whenReady().then(() => {
    const renderer = join(__dirname, '../renderer')
    protocol.handle(APP_SCHEME, (request) => rendererResponse(renderer, request.url))
    // the workbench needs no camera, microphone, notifications, geolocation… : refuse every request and check
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
    session.defaultSession.setPermissionCheckHandler(() => false)
    try {
      workbench = openWorkbench({
        dbPath: shellArgs(process.argv, app.isPackaged, app.getPath('userData')).db,
        spawner: utilityTrainerSpawner(join(__dirname, 'trainer.js')),
      })
    } catch (error) {
      dialog.showErrorBox(
        'NN Workbench cannot open its database',
        error instanceof Error ? error.message : String(error),
      )
      app.exit(1)
      return
    }
    registerIpc(workbench.calls, workbench.events, rendererUrl)
    showWindow()
  })
}
