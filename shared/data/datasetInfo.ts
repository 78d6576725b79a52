/** A dataset as lists and forms show it: the built-in MNIST or an import. */
export interface DatasetInfo {
  name: string
  builtIn: boolean
  trainCount: number
  testCount: number
  rows: number
  cols: number
  classes: number
}

/** Which files an IDX import reads (paths on the host). */
export interface DatasetImport {
  name: string
  trainImages: string
  trainLabels: string
  testImages?: string
  testLabels?: string
}
