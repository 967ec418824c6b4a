import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { listProfiles } from '../../electron/ledger/profiles-repo.ts'
import { getPayoutRow } from '../../electron/ledger/payouts-repo.ts'
import { makePayout } from '../../electron/actions/make-payout.ts'
import { createServices, type Services } from '../../electron/services/create-services.ts'
import { idrFields } from '../support/sandbox-clients.ts'
import { runCli } from '../support/run-cli.ts'
import { scriptedFiles } from '../support/scripted-files.ts'
import { makeTempDir } from '../support/temp-dir.ts'

/*
 * Review 2, finding 2 (actions: makePayout, and every action that writes or starts payouts). The keychain
 * says which profiles have release limits, so that a limits row deleted from the ledger file holds
 * everything instead of lifting the limits. A window open while the owner set limits at the command line
 * must read that again before it writes a payout; a keychain it cannot read refuses the payout.
 */
describe('the limits marker of a window open while limits are set elsewhere', { timeout: 120_000 }, () => {
  let tmp: ReturnType<typeof makeTempDir>
  let services: Services
  beforeEach(async () => {
    tmp = makeTempDir()
    services = await createServices({
      appVersion: 't',
      poll: false,
      // Running, so the built-in sandbox profile can send what is written.
      sandbox: {},
      dataDir: tmp.dir,
      files: scriptedFiles(tmp.dir).port,
    })
  })
  afterEach(async () => {
    await services.close()
    tmp.cleanup()
  })

  it('still holds a payout over the limit after the limits row is deleted', async () => {
    const profile = listProfiles(services.ledger).find((p) => p.provider === 'vexora')
    if (!profile) throw new Error('no vexora profile')
    // The owner sets a per-payout limit of IDR 100,000 at the command line while the window is open.
    const set = await runCli(
      [
        '--data-dir',
        tmp.dir,
        'profile',
        'limits',
        profile.name,
        '--per-payout',
        '100000',
        '--passphrase-stdin',
      ],
      'owner says yes 42\n',
    )
    expect(set.code, set.stderr).toBe(0)
    // (A fresh process holds here: tests/integration/release-limits-deleted.test.ts. The open window
    // does not, because it read the marker before the owner set these limits.)
    // The hostile neighbour deletes the limits row from the ledger file.
    const raw = new Database(join(tmp.dir, 'ledger.sqlite3'))
    raw.prepare('DELETE FROM release_limits').run()
    raw.close()
    // The window's New payout of IDR 5,000,000, far over the owner's limit.
    const { id } = await makePayout(services, {
      profileId: profile.id,
      amount: '5000000',
      fields: idrFields('0012345', 'Siti Rahma'),
    })
    // Must wait for the owner's release (a draft), never be queued to send.
    expect(getPayoutRow(services.ledger, id)?.status).toBe('draft')
  })

  it('refuses a payout, writing nothing, while the keychain cannot be read', async () => {
    const profile = listProfiles(services.ledger).find((p) => p.provider === 'vexora')
    if (!profile) throw new Error('no vexora profile')
    // A locked keychain (unlocking one needs a person at the desk, which a test cannot be).
    const locked = {
      ...services.secrets,
      status: () => Promise.reject(new Error('The keychain is locked.')),
      reveal: () => Promise.reject(new Error('The keychain is locked.')),
    }
    await expect(
      makePayout(
        { ...services, secrets: locked },
        { profileId: profile.id, amount: '50000', fields: idrFields('0012345', 'Siti Rahma') },
      ),
    ).rejects.toThrow(/Nothing was written or sent/)
    expect(services.ledger.prepare('SELECT count(*) FROM payouts').pluck().get()).toBe(0)
  })
})
