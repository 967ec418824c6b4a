// payout-desk's compile cache (electron/cli/payout-desk.ts) holds the type-stripped source of every module
// as plain text, checked only by a CRC32: whoever can write that folder chooses the code that runs in the
// process that reads gateway secrets from the keychain. It is used only in a folder this person alone can
// write, and a start without it still works.
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { CLI } from '../support/run-cli.ts'
import { makeTempDir } from '../support/temp-dir.ts'

const tmp = makeTempDir('payout-desk-compile-cache-')
afterAll(() => tmp.cleanup())
const MAIN = join(import.meta.dirname, '../../electron/cli/main.ts')
/** This process's environment without the named variables. */
const envWithout = (...names: string[]) =>
  Object.fromEntries(Object.entries(process.env).filter(([name]) => !names.includes(name)))

function version(cwd: string, env: Record<string, string>) {
  const rest = envWithout('NODE_COMPILE_CACHE', 'NODE_DISABLE_COMPILE_CACHE')
  const run = spawnSync(process.execPath, [CLI, '--version'], {
    cwd,
    env: { ...rest, HOME: join(tmp.dir, 'home'), ...env },
    encoding: 'utf8',
    timeout: 60_000,
  })
  return run.stdout
}

/** What a local attacker does to a cache folder they can write: main.ts's stripped source becomes theirs. */
function poison(cacheRoot: string): number {
  const source = readFileSync(MAIN)
  let planted = 0
  if (!existsSync(cacheRoot)) return 0
  for (const tag of readdirSync(cacheRoot))
    for (const name of readdirSync(join(cacheRoot, tag))) {
      const path = join(cacheRoot, tag, name)
      const entry = readFileSync(path)
      if (entry.length < 20) continue
      // Header: magic, code size, cache size, code CRC32, cache CRC32 (uint32 LE), then the cache.
      if (entry.readUInt32LE(4) !== source.length || entry.readUInt32LE(12) !== crc32(source)) continue
      const evil = Buffer.from(
        `process.stdout.write('POISONED\\n'); process.exit(0)\n//# sourceURL=file://${MAIN}`,
      )
      const header = Buffer.alloc(20)
      header.writeUInt32LE(entry.readUInt32LE(0), 0)
      header.writeUInt32LE(source.length, 4)
      header.writeUInt32LE(evil.length, 8)
      header.writeUInt32LE(crc32(source), 12)
      header.writeUInt32LE(crc32(evil), 16)
      writeFileSync(path, Buffer.concat([header, evil]))
      planted++
    }
  return planted
}

describe.skipIf(process.platform === 'win32')('payout-desk compile cache', { timeout: 120_000 }, () => {
  it('an empty XDG_CACHE_HOME does not put the cache (code that will run) in the working directory', () => {
    // The XDG spec: empty or relative means unset. join('', 'payout-desk') is relative to the cwd.
    const cwd = join(tmp.dir, 'downloads')
    mkdirSync(cwd, { recursive: true })
    expect(version(cwd, { XDG_CACHE_HOME: '' })).toMatch(/^payout-desk /)
    const planted = poison(join(cwd, 'payout-desk', 'node-compile-cache'))
    expect(version(cwd, { XDG_CACHE_HOME: '' })).toMatch(/^payout-desk /)
    expect(planted).toBe(0)
    expect(existsSync(join(cwd, 'payout-desk'))).toBe(false)
  })

  it('a relative XDG_CACHE_HOME is ignored too', () => {
    const cwd = join(tmp.dir, 'shared-project')
    mkdirSync(cwd, { recursive: true })
    version(cwd, { XDG_CACHE_HOME: 'cache' })
    expect(existsSync(join(cwd, 'cache', 'payout-desk'))).toBe(false)
  })

  it('a cache folder that others can write is not used (its code would run with the keychain open)', () => {
    // E.g. XDG_CACHE_HOME on a shared volume, or a folder another user made first under a shared root.
    const shared = join(tmp.dir, 'shared')
    const cacheRoot = join(shared, 'payout-desk', 'node-compile-cache')
    mkdirSync(cacheRoot, { recursive: true })
    for (const d of [shared, join(shared, 'payout-desk'), cacheRoot]) chmodSync(d, 0o777)
    const cwd = join(tmp.dir, 'work')
    mkdirSync(cwd, { recursive: true })
    expect(version(cwd, { XDG_CACHE_HOME: shared })).toMatch(/^payout-desk /)
    poison(cacheRoot)
    expect(version(cwd, { XDG_CACHE_HOME: shared })).toMatch(/^payout-desk /)
  })

  it('nor one whose own folders are private but sit in a folder others can write (they could be swapped)', () => {
    const shared = join(tmp.dir, 'shared-root')
    const cacheRoot = join(shared, 'payout-desk', 'node-compile-cache')
    mkdirSync(cacheRoot, { recursive: true, mode: 0o700 })
    chmodSync(shared, 0o777)
    const cwd = join(tmp.dir, 'work3')
    mkdirSync(cwd, { recursive: true })
    expect(version(cwd, { XDG_CACHE_HOME: shared })).toMatch(/^payout-desk /)
    expect(poison(cacheRoot)).toBe(0)
    expect(version(cwd, { XDG_CACHE_HOME: shared })).toMatch(/^payout-desk /)
  })

  it('the folders it makes are private (0700), whatever the umask', () => {
    const cache = join(tmp.dir, 'own-cache')
    const cwd = join(tmp.dir, 'work2')
    mkdirSync(cwd, { recursive: true })
    // umask 002 (user-private groups, or a shared group): Node's mkdir gives 0775.
    const run = spawnSync('sh', ['-c', `umask 002; exec "${process.execPath}" "${CLI}" --version`], {
      cwd,
      env: { ...process.env, HOME: join(tmp.dir, 'home'), XDG_CACHE_HOME: cache },
      encoding: 'utf8',
    })
    expect(run.stdout).toMatch(/^payout-desk /)
    const folder = join(cache, 'payout-desk', 'node-compile-cache')
    for (const dir of [join(cache, 'payout-desk'), folder])
      expect((statSync(dir).mode & 0o777).toString(8), dir).toBe('700')
  })
})

// A scheduled job under a service account with no home (a container's arbitrary UID, no passwd entry, HOME
// unset) ran payout-desk with PAYOUT_DESK_HOME; now os.homedir() throws before the command line starts.
const asRoot = process.getuid?.() === 0
describe.skipIf(!asRoot)('payout-desk without a home folder', { timeout: 60_000 }, () => {
  it('still runs (the cache is only a speed-up) when os.homedir() has nothing to give', () => {
    const data = join(tmp.dir, 'service-books')
    mkdirSync(data, { recursive: true })
    chmodSync(tmp.dir, 0o755)
    chmodSync(data, 0o777)
    const rest = envWithout('HOME', 'XDG_CACHE_HOME', 'NODE_COMPILE_CACHE')
    const run = spawnSync(
      'setpriv',
      ['--reuid=54321', '--regid=54321', '--clear-groups', process.execPath, CLI, '--version'],
      { env: { ...rest, PAYOUT_DESK_HOME: data }, cwd: data, encoding: 'utf8' },
    )
    expect(run.stderr).not.toMatch(/uv_os_homedir/)
    expect(run.stdout).toMatch(/^payout-desk /)
  })
})
