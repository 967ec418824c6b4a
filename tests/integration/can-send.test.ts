import { describe, expect, it } from 'vitest'
import { makePayout } from '../../electron/actions/make-payout.ts'
import { insertProfile } from '../../electron/ledger/profiles-repo.ts'
import { fieldsFor, sandboxEngineSuite } from '../support/engine-harness.ts'

/*
 * electron/actions/can-send.ts through the action make a payout: a profile that cannot send (Vexora with
 * no callback address) writes nothing new, but a confirmation already written is answered with its
 * payout, never with "nothing was sent".
 */
const t = sandboxEngineSuite({ settleAfterMs: 50 }, { timeoutMs: 5_000 })

async function ownVexoraProfile() {
  const { sandbox } = t
  const profile = insertProfile(t.db, {
    ...t.vexora,
    name: 'Vexora (own account)',
    baseUrl: sandbox.vexoraBaseUrl('id'),
    merchantId: sandbox.credentials.vexora.merchantNo,
    notifyUrl: 'http://127.0.0.1:9/callbacks',
  })
  await t.secrets.set(profile.id, sandbox.credentials.vexora.secret)
  return profile
}

describe('a profile that cannot send', () => {
  it('refuses a new payout and writes nothing, but answers a confirmation written before with its payout', async () => {
    const profile = await ownVexoraProfile()
    const request = {
      profileId: profile.id,
      amount: '55000',
      fields: fieldsFor(profile, '4545454545'),
      idempotencyKey: 'confirm-1',
    }
    const first = await makePayout(t.ctx, request)
    await first.sent
    // Later the profile loses its callback address (edited, or the listener it relied on is off).
    t.db.prepare('UPDATE profiles SET notify_url = NULL WHERE id = ?').run(profile.id)

    const again = await makePayout(t.ctx, request)
    expect(again).toMatchObject({ id: first.id, existing: true })

    await expect(
      makePayout(t.ctx, { ...request, idempotencyKey: 'confirm-2', amount: '56000' }),
    ).rejects.toMatchObject({ text: { key: 'notifyUrlMissing' } })
    expect(t.db.prepare('SELECT count(*) FROM payouts WHERE profile_id = ?').pluck().get(profile.id)).toBe(1)
  })
})
