// The one place in the renderer that touches window.workbench (set by the Electron preload).
import type { WorkbenchApi } from '../../../shared/ipc/workbench'

/** The host's API, or undefined when the page runs without a preload (e.g. plain `vite`). */
export const workbench: WorkbenchApi | undefined = window.workbench
