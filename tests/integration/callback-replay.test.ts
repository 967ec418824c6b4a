// Issue 24 finding 3 (a replayed callback changes nothing) and issue 21 finding 9 (callbacks matched at
// the payout's frozen gateway account), through the real engine, a real ledger file and the sandbox.
import { describe, expect, it } from 'vitest'
import { insertProfile } from '../../electron/ledger/profiles-repo.ts'
import { draftPayout } from '../../electron/payouts/draft-payout.ts'
import { callbackBody } from '../../electron/sandbox/callbacks.ts'
import { fieldsFor, sandboxEngineSuite, statusOf } from '../support/engine-harness.ts'

const t = sandboxEngineSuite({ settleAfterMs: 60_000, callbackRetryDelaysMs: [] })

const refOf = (id: string) =>
  t.db.prepare('SELECT reference FROM payouts WHERE id = ?').pluck().get(id) as string
/** The payout's row and every audit event it has: what "changes nothing" compares. */
const snapshot = (id: string) =>
  JSON.stringify([
    t.db.prepare('SELECT * FROM payouts WHERE id = ?').get(id),
    t.db.prepare('SELECT * FROM payout_events WHERE payout_id = ? ORDER BY seq').all(id),
  ])
const rejections = () =>
  t.db.prepare('SELECT reason FROM callback_rejections ORDER BY seq').pluck().all() as string[]

async function sentVexora() {
  const id = draftPayout(t.db, { profileId: t.vexora.id, amountMinor: 25_000, fields: fieldsFor(t.vexora) })
  await t.engine.send(id)
  const order = t.sandbox.book.get('vexora', 'id', refOf(id))
  if (!order) throw new Error('the sandbox took nothing')
  return { id, order }
}

describe('a replayed callback changes nothing and is answered as the gateway expects', () => {
  it('Vexora: the same signed callback again, its JSON re-ordered and re-spaced', async () => {
    const { id, order } = await sentVexora()
    const success = callbackBody(t.sandbox.context, order, 'succeeded')
    expect(await t.engine.applyCallback(t.vexora.id, success)).toMatchObject({ status: 200, body: 'OK' })
    expect(statusOf(t.db, id)).toBe('succeeded')
    const after = snapshot(id)
    const fields = JSON.parse(success) as Record<string, string>
    const replay = JSON.stringify(Object.fromEntries(Object.entries(fields).reverse()), null, 2)
    // An empty field is not signed, and the sign is compared whatever its case.
    const padded = JSON.stringify({ ...fields, sign: (fields.sign ?? '').toUpperCase(), note: '' })
    for (const body of [success, replay, padded])
      expect(await t.engine.applyCallback(t.vexora.id, body)).toMatchObject({ status: 200, body: 'OK' })
    expect(snapshot(id)).toBe(after)
    expect(rejections()).toEqual([])
  })

  it('BluePay: a captured "failed" callback again, its outer JSON re-spaced', async () => {
    const id = draftPayout(t.db, {
      profileId: t.bluepay.id,
      amountMinor: 2_500,
      fields: fieldsFor(t.bluepay),
    })
    await t.engine.send(id)
    const order = t.sandbox.book.get('bluepay', 'th', refOf(id))
    if (!order) throw new Error('the sandbox took nothing')
    const failed = callbackBody(t.sandbox.context, order, 'failed')
    const ok = { status: 200, body: JSON.stringify({ code: 10000, message: 'Success' }) }
    expect(await t.engine.applyCallback(t.bluepay.id, failed)).toMatchObject(ok)
    expect(statusOf(t.db, id)).toBe('failed')
    const after = snapshot(id)
    // The same {param, sign}, its outer JSON re-spaced: BluePay's signature covers param alone.
    const { param, sign } = JSON.parse(failed) as { param: string; sign: string }
    const respaced = JSON.stringify({ sign, param }, null, 1)
    for (const body of [failed, respaced])
      expect(await t.engine.applyCallback(t.bluepay.id, body)).toMatchObject(ok)
    expect(snapshot(id)).toBe(after)
  })
})

describe("callbacks are matched by the payout's frozen gateway account and reference (issue 21)", () => {
  it("a callback at one profile's address for a payout of another profile naming the same account is applied", async () => {
    // BluePay calls back on one address per app id, whichever profile sent the payout.
    const twin = insertProfile(t.db, {
      name: 'BluePay twin',
      provider: 'bluepay',
      area: t.bluepay.area,
      environment: t.bluepay.environment,
      baseUrl: t.bluepay.baseUrl,
      merchantId: t.bluepay.merchantId,
      notifyUrl: null,
    })
    const id = draftPayout(t.db, { profileId: twin.id, amountMinor: 2_500, fields: fieldsFor(twin) })
    await t.engine.send(id)
    const order = t.sandbox.book.get('bluepay', 'th', refOf(id))
    if (!order) throw new Error('the sandbox took nothing')
    const reply = await t.engine.applyCallback(
      t.bluepay.id,
      callbackBody(t.sandbox.context, order, 'succeeded'),
    )
    expect(reply.status).toBe(200)
    expect(statusOf(t.db, id)).toBe('succeeded')
  })
})
