import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

describe('install configuration', () => {
  it('keeps npm and npx quiet in this folder: no project setting npm does not know', () => {
    for (const args of [
      ['pkg', 'get', 'name'],
      ['exec', '--', 'node', '-e', ''],
    ]) {
      const run = spawnSync('npm', args, { encoding: 'utf8', timeout: 60_000 })
      expect(run.status, run.stderr).toBe(0)
      // Only this folder's settings are checked: a person's own npmrc is theirs.
      expect(run.stderr, args.join(' ')).not.toMatch(/Unknown project config/i)
    }
  })

  it("still has keytar's install compile it from source instead of downloading a binary", () => {
    // prebuild-install (keytar's install script) prints its settings when run alone, from keytar's folder.
    const run = spawnSync(process.execPath, [resolve('node_modules/prebuild-install/rc.js')], {
      cwd: resolve('node_modules/keytar'),
      encoding: 'utf8',
      env: { ...process.env, npm_config_build_from_source: '' },
    })
    expect(run.status, run.stderr).toBe(0)
    expect((JSON.parse(run.stdout) as { buildFromSource: unknown }).buildFromSource).toBe(true)
  })
})
