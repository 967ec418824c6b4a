#!/usr/bin/env node
// The `payout-desk` command. Node keeps the modules it compiled (types stripped) in a cache of this
// person's own, so a command starts in about half the time; then the command line itself runs.
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

enableCompileCache(join(cacheDir(), 'node-compile-cache'))
await import('./main.ts')
