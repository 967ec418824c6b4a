// The release configuration: what `npm run dist` would build. Packaging itself needs the Electron
// download, which this machine cannot make, so the test proves the config is accepted by
// electron-builder up to that download and holds the rules we ship by.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, matchesGlob } from 'node:path'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { makeTempDir } from '../support/temp-dir.ts'

interface BuilderConfig {
  appId: string
  asar: boolean
  asarUnpack: string[]
  files: string[]
  icon: string
  electronFuses: Record<string, boolean>
  linux: { target: string[] }
  win: { target: string[] }
  mac: { target: string[] }
}
const config = createRequire(import.meta.url)('../../electron-builder.cjs') as BuilderConfig

function nativeBinaries(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.node'))
}

describe('release packaging', () => {
  it('targets AppImage and deb, NSIS, and dmg, with an app id and a 1024 px icon', () => {
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/)
    expect(config.linux.target).toEqual(['AppImage', 'deb'])
    expect(config.win.target).toEqual(['nsis'])
    expect(config.mac.target).toEqual(['dmg'])
    const png = readFileSync(config.icon)
    expect(png.subarray(1, 4).toString()).toBe('PNG')
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1024, 1024])
  })

  it('flips the fuses: no run-as-node, no NODE_OPTIONS, no inspect, ASAR integrity, only the ASAR', () => {
    expect(config.asar).toBe(true)
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    })
  })

  it('pins Electron to 45.6 or later within 45', () => {
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
      packages: Record<string, { version: string }>
    }
    const [major, minor] = (lock.packages['node_modules/electron']?.version ?? '0.0.0').split('.').map(Number)
    expect(major).toBe(45)
    expect(minor).toBeGreaterThanOrEqual(6)
  })

  it('unpacks every native binary the app loads from the ASAR', () => {
    const runtime = Object.keys(
      (JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> })
        .dependencies,
    )
    const binaries = runtime.flatMap((pkg) =>
      nativeBinaries(join('node_modules', pkg)).map((f) => `node_modules/${pkg}/${f}`),
    )
    expect(binaries.some((f) => f.startsWith('node_modules/better-sqlite3/'))).toBe(true)
    expect(binaries.some((f) => f.startsWith('node_modules/keytar/'))).toBe(true)
    for (const binary of binaries)
      expect(
        config.asarUnpack.some((glob) => matchesGlob(binary, glob)),
        binary,
      ).toBe(true)
    // The sandbox's public test keys are read at run time, so they must be packed.
    const key = 'resources/sandbox/merchant-private-key.pem'
    expect(existsSync(key)).toBe(true)
    expect(config.files.some((glob) => matchesGlob(key, glob))).toBe(true)
  })

  it('is accepted by electron-builder, which gets as far as fetching Electron', () => {
    const tmp = makeTempDir()
    try {
      const run = spawnSync(
        process.execPath,
        [
          'node_modules/electron-builder/cli.js',
          '--linux',
          'dir',
          '--publish',
          'never',
          `--config.directories.output=${tmp.dir}`,
        ],
        {
          encoding: 'utf8',
          // A plain environment: under the test runner's variables electron-builder logs in another form.
          env: {
            PATH: process.env.PATH,
            HOME: process.env.HOME,
            ELECTRON_MIRROR: 'http://127.0.0.1:9/',
            ELECTRON_CACHE: tmp.dir,
          },
          timeout: 120_000,
        },
      )
      const out = run.stdout + run.stderr
      expect(out).toMatch(/loaded configuration\s+file=.*electron-builder\.cjs/)
      expect(out).toMatch(/packaging\s+platform=linux arch=x64 electron=\d+\.\d+\.\d+/)
      expect(out).not.toMatch(/Invalid configuration|configuration\.\w+ (has|should)/)
      expect(out).toMatch(/ECONNREFUSED 127\.0\.0\.1:9/)
    } finally {
      tmp.cleanup()
    }
  }, 150_000)
})
