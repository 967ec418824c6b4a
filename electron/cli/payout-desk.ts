#!/usr/bin/env node
// The `payout-desk` command. Node keeps the modules it compiled (types stripped) in a cache of this
// person's own, so a command starts in about half the time; then the command line itself runs.
import { mkdirSync } from 'node:fs'
import { enableCompileCache } from 'node:module'
import { homedir } from 'node:os'
import { join } from 'node:path'

/** The person's own cache folder: a shared one (the system temp folder) could be written by others. */
function cacheDir(env = process.env, platform = process.platform): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'Payout Desk')
  if (platform === 'win32')
    return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'Payout Desk', 'Cache')
  return join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'payout-desk')
}

// Made for this person alone before Node writes into it. A home that cannot hold it (read-only) goes
// without: never a shared temp folder, which Node would use if asked for no folder.
const dir = join(cacheDir(), 'node-compile-cache')
try {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  enableCompileCache(dir)
} catch {
  // Slower start-up, nothing else.
}
await import('./main.ts')
