import type { WorkbenchApi } from '../../shared/ipc/workbench'

declare global {
  interface Window {
    /** Set by the Electron preload; absent when the page is served some other way (e.g. plain Vite). */
    readonly workbench?: WorkbenchApi
  }
}

export {}
