import { join } from 'node:path'
import type { FileDialogs } from '../../electron/services/file-port.ts'

export interface ScriptedFiles {
  /** What the next open dialog returns; null = the person cancelled. */
  next: { name: string; bytes: Buffer } | null
  /** Where the next save dialog points; null = `dir` under the suggested name. */
  saveAs: string | null
  saved: string[]
  /** Folders main asked the file manager to show. */
  opened: string[]
  port: FileDialogs
}

/**
 * Stands in for Electron's file dialogs (which need the Electron binary): the test says which file the
 * "open" dialog hands over, and "save" picks `dir` under the suggested name. Main still reads,
 * parses and writes the bytes itself.
 */
export function scriptedFiles(dir: string): ScriptedFiles {
  const files: ScriptedFiles = {
    next: null,
    saveAs: null,
    saved: [],
    opened: [],
    port: {
      openFolder: (path) => {
        files.opened.push(path)
        return Promise.resolve()
      },
      pickImportFile: () => Promise.resolve(files.next),
      pickSavePath: (name) => {
        const path = files.saveAs ?? join(dir, name)
        files.saved.push(path)
        return Promise.resolve(path)
      },
    },
  }
  return files
}
