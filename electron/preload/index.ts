import { contextBridge } from 'electron'
import { version } from '../../package.json'
import type { WorkbenchApi } from '../../shared/ipc/workbench'

const api: WorkbenchApi = { version }

contextBridge.exposeInMainWorld('workbench', api)
