/** What the preload exposes as `window.workbench`; grows one method per call, one `on…` per event. */
export interface WorkbenchApi {
  /** The app's version, from package.json. */
  readonly version: string
}
