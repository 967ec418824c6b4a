import { _electron as electron, expect, test } from '@playwright/test'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { CHANNELS, EVENTS } from '../../shared/ipc/channels.ts'
import { makeTempDir } from '../support/temp-dir.ts'
import { SCREENSHOT_DIR } from './harness/fixtures.ts'

function electronBinary(): string | null {
  const dir = resolve('node_modules/electron')
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8'))
  return existsSync(binary) ? binary : null
}

const binary = electronBinary()

test.describe('the real Electron app', () => {
  test.skip(
    binary === null,
    'No Electron runtime on this machine (Electron downloads it on first start, and it cannot be downloaded here); ' +
      'app-shell.spec.ts covers the same renderer and handler table in Chromium.',
  )

  test('opens a sandboxed, isolated window on an empty ledger', async () => {
    const home = makeTempDir('payout-desk-electron-')
    const app = await electron.launch({
      executablePath: binary ?? undefined,
      args: ['.', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      env: { ...process.env, PAYOUT_DESK_HOME: home.dir },
    })
    try {
      const page = await app.firstWindow()
      await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible()
      await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible()
      // With contextIsolation and sandbox on, the page sees window.api and nothing of Node or Electron.
      const exposed = await page.evaluate(() => {
        const w = window as unknown as Record<string, unknown>
        return {
          require: typeof w.require,
          process: typeof w.process,
          ipcRenderer: typeof w.ipcRenderer,
          apiFrozen: Object.isFrozen(window.api),
          apiKeys: Object.keys(window.api).length,
        }
      })
      expect(exposed).toEqual({
        require: 'undefined',
        process: 'undefined',
        ipcRenderer: 'undefined',
        apiFrozen: true,
        apiKeys: CHANNELS.length + EVENTS.length,
      })
      expect(existsSync(join(home.dir, 'ledger.sqlite3'))).toBe(true)
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'electron-app.png') })
    } finally {
      await app.close()
      home.cleanup()
    }
  })
})
