import { writePrivateFile } from '../private-files.ts'

/**
 * The file dialogs, behind a port: Electron's dialog in the app, a stand-in that tests steer elsewhere.
 * Main opens and writes the files itself; the window only ever sees names and results.
 */
export interface FileDialogs {
  /** Asks for a CSV or XLSX file to import; null when the person cancels. */
  pickImportFile(): Promise<{ name: string; bytes: Buffer } | null>
  /** Asks where to save; the path chosen, or null when the person cancels. */
  pickSavePath(suggestedName: string): Promise<string | null>
  /** Shows a folder of main's own (the log folder) in the system's file manager. */
  openFolder(path: string): Promise<void>
}

/** What the handlers use: the dialogs, and saving that writes the chosen file itself. */
export interface FilePort extends Omit<FileDialogs, 'pickSavePath'> {
  /** Asks where to save, then writes the file private to its owner; the path, or null on cancel. */
  saveFile(suggestedName: string, contents: string | Buffer): Promise<string | null>
}

/** For the CLI and tests that never open a dialog. */
export const NO_FILE_DIALOGS: FileDialogs = {
  pickImportFile: () => Promise.reject(new Error('no file dialog in this context')),
  pickSavePath: () => Promise.reject(new Error('no file dialog in this context')),
  openFolder: () => Promise.reject(new Error('no file manager in this context')),
}

// Saved files are 0600 whoever supplies the dialog: an export holds full account numbers and names.
export function filePort(dialogs: FileDialogs): FilePort {
  return {
    pickImportFile: () => dialogs.pickImportFile(),
    openFolder: (path) => dialogs.openFolder(path),
    async saveFile(suggestedName, contents) {
      const path = await dialogs.pickSavePath(suggestedName)
      if (path === null) return null
      await writePrivateFile(path, contents)
      return path
    },
  }
}
