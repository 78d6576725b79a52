// Where imported datasets live on disk: folders with generated names inside one root. A user's text never becomes
// part of a path, and nothing is written or removed unless it resolves strictly inside the root.
import { randomBytes } from 'node:crypto'
import { mkdir, rename, rm } from 'node:fs/promises'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'

/** Suffix of a folder an import is still writing; it is renamed to its final name only when complete. */
const STAGING_SUFFIX = '.importing'

/** One import's folders: where its files are written, and the name they get once complete. */
export interface StagedImport {
  staging: string
  folder: string
}

export class DatasetFolders {
  readonly root: string

  constructor(root: string) {
    this.root = resolve(root)
  }

  /** The absolute form of `path`, if it lies strictly inside the root (the root itself does not count). */
  inside(path: string): string {
    const resolved = resolve(this.root, path)
    const rel = relative(this.root, resolved)
    if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
      throw new Error(`refusing to touch ${resolved}: it is not inside the datasets folder ${this.root}`)
    }
    return resolved
  }

  /** A new, empty staging folder under a generated name; `mkdir` without `recursive` fails rather than reuse one. */
  async stage(): Promise<StagedImport> {
    await mkdir(this.root, { recursive: true })
    const name = generatedName()
    const folder = this.inside(join(this.root, name))
    const staging = this.inside(folder + STAGING_SUFFIX)
    await mkdir(staging)
    return { staging, folder }
  }

  /** A file of an import: `file` is one of the fixed names the import chooses, never the user's. */
  file(staged: StagedImport, file: string): { writeTo: string; readFrom: string } {
    return { writeTo: this.inside(join(staged.staging, file)), readFrom: this.inside(join(staged.folder, file)) }
  }

  /** Makes a complete import visible under its final name. */
  async commit(staged: StagedImport): Promise<void> {
    await rename(this.inside(staged.staging), this.inside(staged.folder))
  }

  /** Removes what an import left behind (staging or final folder); only ever inside the root. */
  async discard(path: string): Promise<void> {
    await rm(this.inside(path), { recursive: true, force: true })
  }
}

/** The time (for sorting by eye) and 48 random bits (so two imports in the same millisecond never collide). */
function generatedName(): string {
  return `import-${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`
}
