// Property: whatever arrives at the callback listener, it answers with the gateway's refusal (never a
// 500), records why, and changes no payout. A callback changes a payout only when its signature is good.
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startCallbackListener, type CallbackListener } from '../../electron/payouts/callback-listener.ts'
import { draftPayout } from '../../electron/payouts/draft-payout.ts'
import { vexoraSign } from '../../electron/providers/vexora/sign.ts'
import { SANDBOX_VEXORA } from '../../electron/sandbox/credentials.ts'
import { fieldsFor, sandboxEngineSuite } from '../support/engine-harness.ts'
import { FUZZ_RUNS } from './fuzz-support.ts'

const t = sandboxEngineSuite()
let listener: CallbackListener
let references: string[]

beforeEach(async () => {
  // Each case is one sender's one body; the per-source limits have their own test.
  const unlimited = Number.MAX_SAFE_INTEGER
  listener = await startCallbackListener({
    engine: t.engine,
    limits: { maxRequests: unlimited, maxRefused: unlimited },
  })
  references = [t.vexora, t.bluepay].map((profile) => {
    const id = draftPayout(t.db, { profileId: profile.id, amountMinor: 50_000, fields: fieldsFor(profile) })
    return t.db.prepare('SELECT reference FROM payouts WHERE id = ?').pluck().get(id) as string
  })
})
afterEach(() => listener.close())

/** Every payout row and audit event, except those of the payout with reference `except`. */
const payoutState = (except: string | null = null) =>
  JSON.stringify(t.db.prepare('SELECT * FROM payouts WHERE reference IS NOT ? ORDER BY id').all(except)) +
  JSON.stringify(
    t.db
      .prepare(
        'SELECT e.* FROM payout_events e JOIN payouts p ON p.id = e.payout_id WHERE p.reference IS NOT ? ORDER BY e.seq',
      )
      .all(except),
  )
const rejections = () => t.db.prepare('SELECT COUNT(*) FROM callback_rejections').pluck().get() as number

const post = async (profileId: string, body: string) => {
  const res = await fetch(`${listener.url}/${profileId}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json' },
  })
  return { status: res.status, text: await res.text() }
}

const text = fc.oneof(fc.string(), fc.constantFrom('0000', '0001', '1000', 'SUCCESS', 'FAIL', ''))
const forgedVexora = fc
  .record(
    {
      tradeNo: fc.oneof(text, fc.constantFrom('REF-NOT-OURS-000')),
      status: text,
      amount: fc.oneof(text, fc.constantFrom('50000', '-1', '1e99')),
      platFormTradeNo: text,
      message: text,
      sign: fc.oneof(fc.stringMatching(/^[0-9a-f]{32}$/), text),
    },
    { requiredKeys: [] },
  )
  .map((o) => JSON.stringify(o))
const forgedBluePay = fc
  .record(
    {
      param: fc.oneof(
        fc.string(),
        fc.json(),
        fc.jsonValue().map((v) => JSON.stringify(v)),
      ),
      sign: fc.oneof(fc.base64String({ minLength: 4, maxLength: 700 }), fc.string()),
    },
    { requiredKeys: [] },
  )
  .map((o) => JSON.stringify(o))
const body = fc.oneof(fc.string(), fc.json(), fc.string({ unit: 'binary' }), forgedVexora, forgedBluePay)

describe('callback listener under arbitrary bodies', () => {
  it('refuses every unsigned or forged body in the gateway form, records it, and changes no payout', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('vexora', 'bluepay', 'unknown'), body, async (target, raw) => {
        const profileId =
          target === 'vexora' ? t.vexora.id : target === 'bluepay' ? t.bluepay.id : 'no-such-profile'
        const state = payoutState()
        const recorded = rejections()
        const reply = await post(profileId, raw)
        expect([400, 404]).toContain(reply.status)
        expect(rejections()).toBe(recorded + 1)
        expect(payoutState()).toBe(state)
      }),
      { numRuns: FUZZ_RUNS },
    )
  })

  it('signed Vexora bodies with hostile values never crash the listener and touch only their own payout', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          // Both of our references (the BluePay one is not the Vexora profile's), and strangers'.
          tradeNo: fc.oneof(
            fc.constantFrom(...references),
            fc.constant('REF-NOT-OURS-000'),
            fc.string({ minLength: 1 }),
          ),
          status: fc.oneof(fc.string(), fc.constantFrom('0000', '0001', '1000')),
          amount: fc.oneof(fc.string(), fc.constantFrom('-1', '1e99', 'NaN', '50000.5')),
        }),
        async (fields) => {
          // Only the Vexora profile's own payout may change, and only when the body names it.
          const mayChange = fields.tradeNo === references[0] ? fields.tradeNo : null
          const state = payoutState(mayChange)
          const signed = { ...fields, sign: vexoraSign(fields, SANDBOX_VEXORA.secret) }
          const reply = await post(t.vexora.id, JSON.stringify(signed))
          expect(reply.status).not.toBe(500)
          expect(payoutState(mayChange)).toBe(state)
        },
      ),
      { numRuns: FUZZ_RUNS },
    )
  })
})
