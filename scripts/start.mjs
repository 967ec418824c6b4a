#!/usr/bin/env node
// `npm start` / `npm run dev`. Electron 43+ fetches its runtime on first use instead of at install time,
// and electron-vite only finds it afterwards, so fetch it here first and fail with one sentence, not a
// stack trace, where it cannot be downloaded.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const mode = process.argv[2] === 'dev' ? 'dev' : 'preview'
const require = createRequire(import.meta.url)
const electronDir = dirname(require.resolve('electron/package.json'))
const { version } = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8'))

function installedElectron() {
  const pathFile = join(electronDir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8'))
  return existsSync(binary) ? binary : null
}

if (!installedElectron()) {
  console.log(`Fetching the Electron ${version} runtime (first start only)…`)
  const result = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    stdio: ['ignore', 'inherit', 'ignore'],
  })
  if (result.status !== 0 || !installedElectron()) {
    console.error(
      `Payout Desk cannot start because the Electron ${version} runtime could not be downloaded to this machine; ` +
        'connect it to the internet (or set ELECTRON_MIRROR to a reachable mirror) and run npm start again.',
    )
    process.exit(1)
  }
}

const electronVite = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js')
const child = spawn(process.execPath, [electronVite, mode], { stdio: 'inherit' })
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
