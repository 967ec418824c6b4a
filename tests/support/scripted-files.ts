import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { FilePort } from '../../electron/services/file-port.ts'

export interface ScriptedFiles {
  /** What the next open dialog returns; null = the person cancelled. */
  next: { name: string; bytes: Buffer } | null
  saved: string[]
  /** Folders main asked the file manager to show. */
  opened: string[]
  port: FilePort
}

/**
 * Stands in for Electron's file dialogs (which need the Electron binary): the test says which file the
 * "open" dialog hands over, and "save" writes into `dir` under the suggested name. Main still reads,
 * parses and writes the bytes itself.
 */
export function scriptedFiles(dir: string): ScriptedFiles {
  const files: ScriptedFiles = {
    next: null,
    saved: [],
    opened: [],
    port: {
      openFolder: (path) => {
        files.opened.push(path)
        return Promise.resolve()
      },
      pickImportFile: () => Promise.resolve(files.next),
      saveFile: async (name, contents) => {
        const path = join(dir, name)
        await writeFile(path, contents)
        files.saved.push(path)
        return path
      },
    },
  }
  return files
}
