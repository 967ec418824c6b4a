// Review 2: quitting while released single payouts are sent one by one (releaseHeld's `sending` chain).
// close() halts batch runs and drains the engine, but nothing stops the chain: the next single payout is
// sent after close() began, and its answer is never written (the ledger closes under it).
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { openLedger } from '../../electron/ledger/open-ledger.ts'
import { openWindow, worldPerTest } from '../support/doors.ts'
import { idrFields } from '../support/sandbox-clients.ts'

const world = worldPerTest()
const PASSPHRASE = 'correct horse battery staple 7Q'

it('released single payouts: nothing leaves after close() began, none is left submitting', async () => {
  const { services, call, profileId: profileOf } = await openWindow(world())
  const profileId = profileOf()
  await call('setReleaseLimits', { profileId, perPayout: '100,000', perDay: '', newPassphrase: PASSPHRASE })
  const ids: string[] = []
  for (let i = 0; i < 4; i++) {
    const created = await call('createPayout', {
      profileId,
      amount: String(150_000 + i),
      fields: idrFields(`00${4_000_000 + i}`, `Person ${i}`),
      idempotencyKey: randomUUID(),
    })
    expect(created.status).toBe('draft')
    ids.push(created.id)
  }
  const [group] = await call('listAwaitingRelease')
  if (!group) throw new Error('nothing waits')
  await call('releasePayouts', {
    profileId,
    held: { payoutIds: group.payoutIds },
    passphrase: PASSPHRASE,
    reviewHash: group.reviewHash,
  })
  // Quit right away: the first is on its way (it finishes and is written), the rest must not leave.
  await services.close()
  const atClose = world().sandbox.book.list().length
  await new Promise((r) => setTimeout(r, 1_500))
  const db = openLedger(join(world().dataDir, 'ledger.sqlite3'))
  const states = db
    .prepare(`SELECT status FROM payouts WHERE id IN (SELECT value FROM json_each(?)) ORDER BY created_at`)
    .pluck()
    .all(JSON.stringify(ids)) as string[]
  db.close()
  expect(world().sandbox.book.list().length).toBe(atClose)
  expect(states).not.toContain('submitting')
}, 60_000)
