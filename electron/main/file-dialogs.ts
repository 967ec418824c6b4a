import { dialog, shell, type BrowserWindow } from 'electron'
import { readFile, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { checkImportSize } from '../import/read-sheet.ts'
import type { FileDialogs } from '../services/file-port.ts'

/**
 * Electron's own dialogs, attached to the window: where a path the person chose comes from. Saving itself
 * (0600) is file-port's, the same for the app and the tests.
 */
export function electronFileDialogs(getWindow: () => BrowserWindow | null): FileDialogs {
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
    async pickSavePath(suggestedName) {
      const window = parent()
      const options: Electron.SaveDialogOptions = { defaultPath: suggestedName }
      const result = window
        ? await dialog.showSaveDialog(window, options)
        : await dialog.showSaveDialog(options)
      return result.canceled || !result.filePath ? null : result.filePath
    },
    async openFolder(path) {
      const problem = await shell.openPath(path)
      if (problem) throw new Error(problem)
    },
  }
}
