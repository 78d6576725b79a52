// The one place in the renderer that touches window.workbench (set by the Electron preload) or, when the page is
// served by the headless serve host, opens the WebSocket that carries the same API.
import { createSocketClient } from '../../../shared/ipc/socketClient'
import type { WorkbenchApi } from '../../../shared/ipc/workbench'

function connectToServeHost(): WorkbenchApi {
  const token = new URLSearchParams(window.location.search).get('token') ?? ''
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws'
  const socket = new WebSocket(`${scheme}://${window.location.host}/api?token=${encodeURIComponent(token)}`)
  return createSocketClient(socket)
}

export const workbench: WorkbenchApi = window.workbench ?? connectToServeHost()
