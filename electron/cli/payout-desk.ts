#!/usr/bin/env node
// The `payout-desk` command. Node keeps the modules it compiled (types stripped) in a cache of this
// person's own, so a command starts in about half the time; then the command line itself runs.
import { lstatSync, mkdirSync } from 'node:fs'
import { enableCompileCache } from 'node:module'
import { homedir } from 'node:os'
import { dirname, isAbsolute, join } from 'node:path'

/** The person's own cache folder, or null when there is no home to put it in (a service account). */
function cacheFolder(env = process.env, platform = process.platform): string | null {
  try {
    if (platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'Payout Desk')
    if (platform === 'win32')
      return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'Payout Desk', 'Cache')
    // The XDG rule: an empty or relative XDG_CACHE_HOME is not set (it would be the working folder).
    const xdg = env.XDG_CACHE_HOME
    return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache'), 'payout-desk')
  } catch {
    return null
  }
}

/**
 * The cache holds code that runs beside the keychain's secrets, checked by a checksum only: it is used
 * only from folders this person owns and no one else may write (made 0700), never a shared one. The
 * folder the app's cache sits in counts too (XDG_CACHE_HOME, ~/.cache): whoever may write there could
 * swap the app's folder for their own between this check and Node's reads.
 */
function privateFolder(dir: string): boolean {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const uid = process.getuid?.()
  if (uid === undefined) return true
  return [dirname(dirname(dir)), dirname(dir), dir].every((d) => {
    const folder = lstatSync(d)
    return folder.isDirectory() && folder.uid === uid && (folder.mode & 0o022) === 0
  })
}

const root = cacheFolder()
try {
  const dir = root && join(root, 'node-compile-cache')
  if (dir && privateFolder(dir)) enableCompileCache(dir)
} catch {
  // A cache that cannot be made: a slower start, nothing else.
}
await import('./main.ts')
