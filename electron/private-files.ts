import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs'
import { open } from 'node:fs/promises'

// Windows has no POSIX modes (the data folder under %APPDATA% is already private to the user).
const POSIX = process.platform !== 'win32'

/**
 * The data folder holds the ledger, the log and the fingerprint key: only its owner may list or read
 * it. A folder (or file) found more open than that, say from an older version or a `cp`, is tightened.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  tighten(dir, 0o700)
}

/** Creates `file` empty with mode 0600 if missing, and tightens it if it is readable by others. */
export function ensurePrivateFile(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600))
  tighten(file, 0o600)
}

/** Tightens `file` to 0600 when it exists (SQLite's -wal and -shm come and go). */
export function tightenIfPresent(file: string): void {
  if (existsSync(file)) tighten(file, 0o600)
}

/**
 * Writes `file` readable by its owner only (0600): exports hold full account numbers and names. A file
 * being replaced is emptied and tightened before the new contents go in.
 */
export async function writePrivateFile(file: string, contents: string | Buffer): Promise<void> {
  const handle = await open(file, 'w', 0o600)
  try {
    if (POSIX) await handle.chmod(0o600)
    await handle.writeFile(contents)
  } finally {
    await handle.close()
  }
}

function tighten(path: string, mode: number): void {
  if (!POSIX) return
  if ((statSync(path).mode & 0o777) !== mode) chmodSync(path, mode)
}
