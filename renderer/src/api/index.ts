// The one place in the renderer that touches window.workbench (set by the Electron preload) or, when the page is
// served by the headless serve host, opens the WebSocket that carries the same API (and opens it again if it drops).
import { connectSocketClient, type Connection } from '../../../shared/ipc/socketClient'
import type { WorkbenchApi } from '../../../shared/ipc/workbench'

/** Electron's preload is in-process: its link to the main process cannot drop while the window lives. */
const ALWAYS_OPEN: Connection = { state: () => 'open', onChange: () => () => {} }

function connectToServeHost(): { api: WorkbenchApi; connection: Connection } {
  const token = new URLSearchParams(window.location.search).get('token') ?? ''
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws'
  // the cookie the page load set also carries the token, for a page opened without it in its address
  const url = `${scheme}://${window.location.host}/api${token ? `?token=${encodeURIComponent(token)}` : ''}`
  return connectSocketClient(() => new WebSocket(url))
}

const link = window.workbench ? { api: window.workbench, connection: ALWAYS_OPEN } : connectToServeHost()

export const workbench: WorkbenchApi = link.api
/** Whether the window can reach its host now; the shell shows a banner while it cannot. */
export const connection: Connection = link.connection
