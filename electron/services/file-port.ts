/**
 * The file dialogs, behind a port: Electron's dialog in the app, a stand-in that tests steer elsewhere.
 * Main opens and writes the files itself; the window only ever sees names and results.
 */
export interface FilePort {
  /** Asks for a CSV or XLSX file to import; null when the person cancels. */
  pickImportFile(): Promise<{ name: string; bytes: Buffer } | null>
  /** Asks where to save, then writes; the path written, or null when the person cancels. */
  saveFile(suggestedName: string, contents: string | Buffer): Promise<string | null>
  /** Shows a folder of main's own (the log folder) in the system's file manager. */
  openFolder(path: string): Promise<void>
}

/** For the CLI and tests that never open a dialog. */
export const NO_FILE_DIALOGS: FilePort = {
  pickImportFile: () => Promise.reject(new Error('no file dialog in this context')),
  saveFile: () => Promise.reject(new Error('no file dialog in this context')),
  openFolder: () => Promise.reject(new Error('no file manager in this context')),
}
