import { join } from 'node:path'
import { listProfiles } from '../../electron/ledger/profiles-repo.ts'
import { loadFingerprintKey } from '../../electron/secrets/fingerprint-key.ts'
import { fingerprintOf } from '../../electron/secrets/secret-store.ts'
import { expect, openScreen, SCREENSHOT_DIR, test } from './harness/fixtures.ts'

test('Settings lists the built-in sandbox profiles and adds a production profile with its secret', async ({
  app,
  services,
}) => {
  await openScreen(app, 'Settings')
  const table = app.getByTestId('profiles-table')
  await expect(table.locator('tr[data-profile="Vexora sandbox (Indonesia)"]')).toContainText('Test money')
  await expect(table.locator('tr[data-profile="BluePay sandbox (Thailand)"]')).toContainText(
    'no secret needed',
  )

  await app.getByRole('button', { name: 'Add profile' }).click()
  const dialog = app.getByRole('dialog')
  await dialog.getByLabel('Name').fill('Acme Vexora')
  await dialog.getByLabel('Gateway address').fill('http://gateway.example/indonesia')
  await dialog.getByLabel('Merchant number (merchantNo)').fill('0000000042')
  await dialog.getByRole('button', { name: 'Save' }).click()
  // A production address without TLS is refused, in words, and nothing is saved.
  await expect(dialog.getByRole('alert')).toContainText('must start with https://')
  expect(listProfiles(services.ledger).some((p) => p.name === 'Acme Vexora')).toBe(false)
  await dialog.getByLabel('Gateway address').fill('https://gateway.example/indonesia')
  await dialog.getByRole('button', { name: 'Save' }).click()
  // Real-money Vexora payouts carry their callback URL: it must be public, never a silent loopback one.
  await expect(dialog.getByRole('alert')).toContainText('needs a public callback URL')
  await dialog.getByLabel('Callback URL').fill('https://hooks.acme.example/vexora')
  await dialog.getByRole('button', { name: 'Save' }).click()
  await expect(dialog).toHaveCount(0)
  const row = table.locator('tr[data-profile="Acme Vexora"]')
  await expect(row).toContainText('Real money')
  await expect(row).toContainText('No secret stored yet')

  const secret = 'e2e-app-secret-5f1c0b2a9d'
  await row.getByRole('button', { name: 'Secret' }).click()
  const secretDialog = app.getByRole('dialog')
  await secretDialog.getByLabel('App secret').fill(secret)
  await secretDialog.getByRole('button', { name: 'Store secret' }).click()
  await expect(secretDialog.getByTestId('secret-status')).toContainText(
    fingerprintOf(secret, loadFingerprintKey(services.dataDir)),
  )
  await expect(secretDialog.getByLabel('App secret')).toHaveValue('')
  await app.screenshot({ path: join(SCREENSHOT_DIR, 'settings-secret-stored.png') })
  await secretDialog.getByRole('button', { name: 'Close', exact: true }).click()
  await expect(row).toContainText(fingerprintOf(secret, loadFingerprintKey(services.dataDir)))
  expect(await app.content()).not.toContain(secret)
  await app.screenshot({ path: join(SCREENSHOT_DIR, 'settings-profiles.png'), fullPage: true })

  const added = listProfiles(services.ledger).find((p) => p.name === 'Acme Vexora')
  expect(added).toMatchObject({ environment: 'production', baseUrl: 'https://gateway.example/indonesia' })
  expect(await services.secrets.reveal(added?.id ?? '')).toBe(secret)

  // Pointing the profile at another merchant account takes that account's secret in the same save.
  await row.getByRole('button', { name: 'Edit' }).click()
  const edit = app.getByRole('dialog')
  await edit.getByLabel('Merchant number (merchantNo)').fill('0000000099')
  await edit.getByRole('button', { name: 'Save' }).click()
  await expect(edit.getByRole('alert')).toContainText('needs its secret again')
  expect(listProfiles(services.ledger).find((p) => p.id === added?.id)?.merchantId).toBe('0000000042')
  await edit.getByLabel('Secret for the changed account').fill('e2e-second-account-secret')
  await edit.getByRole('button', { name: 'Save' }).click()
  await expect(edit).toHaveCount(0)
  expect(listProfiles(services.ledger).find((p) => p.id === added?.id)?.merchantId).toBe('0000000099')
  expect(await services.secrets.reveal(added?.id ?? '')).toBe('e2e-second-account-secret')
  await row.getByRole('button', { name: 'Remove' }).click()
  await expect(row).toHaveCount(0)
  await expect(services.secrets.status(added?.id ?? '')).resolves.toEqual({
    stored: false,
    fingerprint: null,
  })
})

test('the callback listener is off by default and shows where gateways should call once switched on', async ({
  app,
  services,
}) => {
  await openScreen(app, 'Settings')
  const toggle = app.getByRole('switch', { name: /Receive gateway callbacks/ })
  await expect(toggle).not.toBeChecked()
  // The switch follows main's answer, so click and then wait for the state.
  await toggle.click()
  await expect(toggle).toBeChecked()
  await expect(app.getByTestId('callback-url')).toContainText(/http:\/\/127\.0\.0\.1:\d+\/callbacks/)
  expect(services.listener()?.url).toMatch(/^http:\/\/127\.0\.0\.1:/)
  await toggle.click()
  await expect(toggle).not.toBeChecked()
  await expect(app.getByTestId('callback-url')).toHaveCount(0)
  expect(services.listener()).toBeNull()
})

test('the log folder opens from Settings, in the system file manager', async ({ app, files, services }) => {
  await openScreen(app, 'Settings')
  await app.getByRole('button', { name: 'Open log folder' }).click()
  await expect.poll(() => files.opened).toEqual([join(services.dataDir, 'logs')])
  await expect(app.getByText('Log for support')).toBeVisible()
})
