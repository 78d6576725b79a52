// Electron transport for the workbench API: one ipcMain.handle per call, events to every window.
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron'
import { CHANNELS, EVENT_CHANNELS, type CallName, type WorkbenchCalls } from '../../shared/ipc/workbench'
import { isWorkbenchPage } from './appProtocol'
import { dispatchCall } from './services/dispatch'
import type { EventBus } from './services/events'

/** Only our own page may call: exactly the app:// page, or the electron-vite dev server's page in development. */
function isTrustedSender(event: IpcMainInvokeEvent, rendererUrl: string | null): boolean {
  return isWorkbenchPage(event.senderFrame?.url ?? '', rendererUrl)
}

export function registerIpc(calls: WorkbenchCalls, events: EventBus, rendererUrl: string | null): () => void {
  const names = Object.keys(CHANNELS) as CallName[]
  for (const name of names) {
    ipcMain.handle(CHANNELS[name], async (event, ...args: unknown[]) => {
      if (!isTrustedSender(event, rendererUrl)) {
        return {
          ok: false,
          error: { name: 'SecurityError', message: 'refused a call from a page that is not the workbench' },
        }
      }
      return dispatchCall(calls, name, args)
    })
  }
  const unsubscribe = events.subscribe((name, payload) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send(EVENT_CHANNELS[name], payload)
  })
  return () => {
    unsubscribe()
    for (const name of names) ipcMain.removeHandler(CHANNELS[name])
  }
}
