import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { makeTempDir } from '../support/temp-dir.ts'

const electronDir = resolve('node_modules/electron')
const pathFile = join(electronDir, 'path.txt')
const electronInstalled =
  existsSync(pathFile) && existsSync(join(electronDir, 'dist', readFileSync(pathFile, 'utf8')))

describe('npm start', () => {
  // Where the runtime is already present, npm start would open the real app instead of failing.
  it.skipIf(electronInstalled)('says in one sentence that the Electron runtime could not be fetched', () => {
    const cache = makeTempDir()
    try {
      const run = spawnSync(process.execPath, ['scripts/start.mjs', 'preview'], {
        encoding: 'utf8',
        timeout: 60_000,
        // A mirror on a closed loopback port fails the same way on every machine, online or not.
        env: { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: cache.dir },
      })
      expect(run.status).toBe(1)
      const lines = run.stderr.trim().split('\n')
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(
        /^Payout Desk cannot start because the Electron \d+\.\d+\.\d+ runtime could not be downloaded to this machine; .* run npm start again\.$/,
      )
      expect(run.stdout + run.stderr).not.toMatch(/\n\s+at |TypeError|Error:/)
    } finally {
      cache.cleanup()
    }
  })
})
