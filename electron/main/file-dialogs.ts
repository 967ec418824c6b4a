import { dialog, shell, type BrowserWindow } from 'electron'
import { readFile, stat, writeFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { checkImportSize } from '../import/read-sheet.ts'
import type { FilePort } from '../services/file-port.ts'

/** Electron's own dialogs, attached to the window; the only place main touches a path the person chose. */
export function electronFileDialogs(getWindow: () => BrowserWindow | null): FilePort {
  const parent = () => getWindow() ?? undefined
  return {
    async pickImportFile() {
      const window = parent()
      const options: Electron.OpenDialogOptions = {
        properties: ['openFile'],
        filters: [{ name: 'Spreadsheets', extensions: ['csv', 'xlsx'] }],
      }
      const result = window
        ? await dialog.showOpenDialog(window, options)
        : await dialog.showOpenDialog(options)
      const path = result.filePaths[0]
      if (result.canceled || !path) return null
      checkImportSize((await stat(path)).size)
      return { name: basename(path), bytes: await readFile(path) }
    },
    async saveFile(suggestedName, contents) {
      const window = parent()
      const options: Electron.SaveDialogOptions = { defaultPath: suggestedName }
      const result = window
        ? await dialog.showSaveDialog(window, options)
        : await dialog.showSaveDialog(options)
      if (result.canceled || !result.filePath) return null
      await writeFile(result.filePath, contents)
      return result.filePath
    },
    async openFolder(path) {
      const problem = await shell.openPath(path)
      if (problem) throw new Error(problem)
    },
  }
}
