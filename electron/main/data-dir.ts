import { isAbsolute, resolve } from 'node:path'

/**
 * Where the ledger and app state live: the OS user-data folder, unless PAYOUT_DESK_HOME names another one
 * (tests give each run its own; power users keep books per company).
 */
export function resolveDataDir(env: NodeJS.ProcessEnv, osDefault: string, cwd = process.cwd()): string {
  const override = env.PAYOUT_DESK_HOME?.trim()
  if (!override) return osDefault
  return isAbsolute(override) ? override : resolve(cwd, override)
}
