// Electron host: one locked-down window, the workbench services behind IPC, trainers as utility processes.
import { app, BrowserWindow, dialog } from 'electron'
import { join } from 'node:path'
import { registerIpc } from './ipc'
import { DB_ENV } from './services/paths'
import { openWorkbench, type Workbench } from './services/workbench'
import { utilityTrainerSpawner } from './utilityTrainer'

const rendererUrl = !app.isPackaged && process.env.ELECTRON_RENDERER_URL ? process.env.ELECTRON_RENDERER_URL : null

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
  window.once('ready-to-show', () => window.show())
  if (rendererUrl) void window.loadURL(rendererUrl)
  else void window.loadFile(join(__dirname, '../renderer/index.html'))
  return window
}

// The app is one page: no navigation, no new windows, no webviews, for every web contents that ever exists.
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
})

// A second instance would write the same database: focus the first window instead.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  let workbench: Workbench | null = null
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows()
    if (window) {
      if (window.isMinimized()) window.restore()
      window.focus()
    }
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })

  // Stop every live run (each is marked) before the process goes.
  let quitting = false
  app.on('before-quit', (event) => {
    if (quitting || !workbench) return
    event.preventDefault()
    quitting = true
    void workbench.close().finally(() => app.quit())
  })

  void app.whenReady().then(() => {
    try {
      workbench = openWorkbench({
        dbPath: process.env[DB_ENV] ?? join(app.getPath('userData'), 'workbench.db'),
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
    createWindow()
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow()
    })
  })
}
