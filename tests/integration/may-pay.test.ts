import { describe, expect, it } from 'vitest'
import { makePayout } from '../../electron/actions/make-payout.ts'
import { setLimits } from '../../electron/actions/release.ts'
import { retryPayout } from '../../electron/actions/retry.ts'
import { parseCsv } from '../../electron/import/parse-csv.ts'
import { sha256Hex, stageImport } from '../../electron/import/stage-import.ts'
import type { Ledger } from '../../electron/ledger/open-ledger.ts'
import { amountSince } from '../../electron/ledger/release-limits-repo.ts'
import { listAttention } from '../../electron/payouts/attention-queue.ts'
import { cancelUnsent } from '../../electron/payouts/cancel-unsent.ts'
import { resolveAttention } from '../../electron/payouts/decisions.ts'
import { draftPayout } from '../../electron/payouts/draft-payout.ts'
import { fieldsFor, proxiedEngineSuite, statusOf } from '../support/engine-harness.ts'
import { BLUEPAY_RATE_LIMITED } from '../support/gateway-proxy.ts'

/*
 * electron/ledger/may-pay.ts, through the actions that rest on it (make a payout, import's review, the
 * day's limit). A payout a person marked "not sent" without the gateway's word may have been paid all
 * the same: the same amount to the same account again is a repeat to ask about, and its amount is part
 * of the day's. A payout cancelled before anything left this computer is neither.
 */
const suite = proxiedEngineSuite({ settleAfterMs: 100 })
const engine = () => suite.engine({ settleMs: 50 })
type Harness = ReturnType<typeof engine>
const ctx = (t: Harness) => ({ ledger: t.db, engine: t.engine, ready: Promise.resolve(), secrets: t.secrets })
const refOf = (db: Ledger, id: string) =>
  db.prepare('SELECT reference FROM payouts WHERE id = ?').pluck().get(id) as string
const ACCOUNT = '5566778899'
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** The gateway took the create, its answer was lost, no check could tell; the person said "not sent". */
async function markedNotSent(t: Harness, amountMinor: number): Promise<string> {
  const id = draftPayout(t.db, {
    profileId: t.vexora.id,
    amountMinor,
    fields: fieldsFor(t.vexora, ACCOUNT),
  })
  const ref = refOf(t.db, id)
  suite.proxy.add({ endpoint: 'create', matching: ref, times: 1, action: { kind: 'forward-then-drop' } })
  suite.proxy.add({
    endpoint: 'query',
    matching: ref,
    action: { kind: 'reply', body: { code: '8000', msg: 'query failed', success: false, data: null } },
  })
  expect(await t.engine.send(id)).toBe('unknown')
  await new Promise((r) => setTimeout(r, 60))
  await t.engine.refresh(id)
  const item = listAttention(t.db).items.find((i) => i.id === id)
  await resolveAttention(t.db, t.engine, { payoutId: id, action: 'not-sent', version: item?.version ?? 0 })
  expect(statusOf(t.db, id)).toBe('cancelled')
  return ref
}

/** Cancelled while still queued: nothing ever left. */
function cancelledUnsent(t: Harness, amountMinor: number): void {
  const id = draftPayout(t.db, { profileId: t.vexora.id, amountMinor, fields: fieldsFor(t.vexora, ACCOUNT) })
  expect(cancelUnsent(t.db, id)).toBe('cancelled')
}

const stagedWarnings = (t: Harness, amount: number) => {
  const text = `bankCode,bankAccountNo,customerName,mobile,email,amount\n0002,${ACCOUNT},Test Person,081234567890,t@example.com,${amount}\n`
  const staged = stageImport(t.db, t.vexora.id, parseCsv(text), {
    fileName: 'december.csv',
    sha256: sha256Hex(Buffer.from(text)),
  })
  return staged.rows[0]?.warnings.map((w) => w.code)
}

describe('a payout marked "not sent" without the gateway\'s word may still have paid', () => {
  it('New payout of the same amount to the same account is asked about, naming the one marked not sent', async () => {
    const t = engine()
    const ref = await markedNotSent(t, 61_000)
    const again = makePayout(ctx(t), {
      profileId: t.vexora.id,
      amount: '61000',
      fields: fieldsFor(t.vexora, ACCOUNT),
    })
    await expect(again).rejects.toMatchObject({ text: { key: 'sentRecently', params: { reference: ref } } })
    expect(suite.sandbox.book.list().filter((o) => o.amountMinor === 61_000)).toHaveLength(1)
  })

  it("a file's row of that amount to that account is a repeat to accept", async () => {
    const t = engine()
    await markedNotSent(t, 62_000)
    expect(stagedWarnings(t, 62_000)).toContain('sent_recently')
  })

  it("its amount is part of the day's for the daily limit", async () => {
    const t = engine()
    await markedNotSent(t, 63_000)
    expect(amountSince(t.db, t.vexora.id, Date.now() - 3_600_000)).toBe(63_000)
  })
})

describe('a payout cancelled before anything left is no repeat and no part of the day', () => {
  it('neither New payout, a file, nor the day counts it', async () => {
    const t = engine()
    cancelledUnsent(t, 64_000)
    expect(stagedWarnings(t, 64_000)).not.toContain('sent_recently')
    expect(amountSince(t.db, t.vexora.id, Date.now() - 3_600_000)).toBe(0)
    const made = await makePayout(ctx(t), {
      profileId: t.vexora.id,
      amount: '64000',
      fields: fieldsFor(t.vexora, ACCOUNT),
    })
    expect(await made.sent).not.toBe('draft')
  })
})

describe('a payout kept as refused although the gateway had it may still have paid', () => {
  it('BluePay read a refusal for a create it took; the person keeps "refused"; the same amount again is asked about', async () => {
    const t = engine()
    const id = draftPayout(t.db, {
      profileId: t.bluepay.id,
      amountMinor: 150_000,
      fields: fieldsFor(t.bluepay, ACCOUNT),
    })
    const ref = refOf(t.db, id)
    // The gateway takes it, but the answer the desk reads is a refusal.
    suite.proxy.add({
      endpoint: 'create',
      matching: ref,
      times: 1,
      action: { kind: 'rewrite', change: () => ({ code: 21001, message: 'parameter error', data: null }) },
    })
    expect(await t.engine.send(id)).toBe('rejected')
    await sleep(150)
    // Retry asks first: the gateway has it, which contradicts the ledger; a person is asked.
    await retryPayout(ctx(t), id).catch(() => undefined)
    const item = listAttention(t.db).items.find((i) => i.id === id)
    expect(item?.actions).toContain('keep-ledger')
    await resolveAttention(t.db, t.engine, {
      payoutId: id,
      action: 'keep-ledger',
      version: item?.version ?? 0,
      note: 'gateway support says it was refused',
    })
    expect(statusOf(t.db, id)).toBe('rejected')
    await expect(
      makePayout(ctx(t), { profileId: t.bluepay.id, amount: '1500', fields: fieldsFor(t.bluepay, ACCOUNT) }),
    ).rejects.toMatchObject({ text: { key: 'sentRecently', params: { reference: ref } } })
  })
})

describe('a payout a Retry replaced no longer counts', () => {
  it('600 marked not sent, then the gateway says it never had it: its Retry is within a 1000 daily limit', async () => {
    const t = engine()
    const actions = { ...ctx(t), resolveClient: t.resolveClient, batches: null, poller: null, imports: null }
    await setLimits(actions as never, t.bluepay.id, {
      perPayout: null,
      perDay: 100_000,
      next: 'owner says yes 42',
    })
    const id = draftPayout(t.db, {
      profileId: t.bluepay.id,
      amountMinor: 60_000,
      fields: fieldsFor(t.bluepay, ACCOUNT),
    })
    const ref = refOf(t.db, id)
    // The create never reaches the gateway (the connection dropped), and its checks say nothing for a while.
    suite.sandbox.faults.add({ mode: 'drop-before', endpoint: 'create', provider: 'bluepay', times: 1 })
    suite.proxy.add({
      endpoint: 'query',
      matching: ref,
      action: { kind: 'reply', body: BLUEPAY_RATE_LIMITED },
    })
    expect(await t.engine.send(id)).toBe('unknown')
    await sleep(60)
    await t.engine.refresh(id)
    const item = listAttention(t.db).items.find((i) => i.id === id)
    await resolveAttention(t.db, t.engine, { payoutId: id, action: 'not-sent', version: item?.version ?? 0 })
    expect(statusOf(t.db, id)).toBe('cancelled')
    // Now the gateway answers that it never had it: Retry pays it again, the only 600 leaving today.
    suite.proxy.clear()
    await sleep(60)
    const again = await retryPayout(ctx(t), id)
    expect(again.status).toBe('queued')
    expect(await again.sent).not.toBe('draft')
    expect(amountSince(t.db, t.bluepay.id, Date.now() - 3_600_000)).toBe(60_000)
  })
})

describe('a payout the ledger holds as failed while the gateway says it succeeded may have paid', () => {
  it('while the contradiction waits for a person, and after they keep "failed": a repeat, and part of the day', async () => {
    const t = engine()
    const id = draftPayout(t.db, {
      profileId: t.vexora.id,
      amountMinor: 71_000,
      fields: fieldsFor(t.vexora, ACCOUNT),
    })
    const ref = refOf(t.db, id)
    // The gateway took it; the answer the desk reads says failed.
    suite.proxy.add({
      endpoint: 'create',
      matching: ref,
      times: 1,
      action: {
        kind: 'rewrite',
        change: (a) => ({ ...a, data: { ...(a.data as object), status: '00029' } }),
      },
    })
    expect(await t.engine.send(id)).toBe('failed')
    await sleep(200)
    // Retry asks first: the gateway says it succeeded, a contradiction for a person.
    await expect(retryPayout(ctx(t), id)).rejects.toThrow()
    const item = listAttention(t.db).items.find((i) => i.id === id)
    expect(item?.reason).toBe('contradiction')
    const asked = () =>
      makePayout(ctx(t), { profileId: t.vexora.id, amount: '71000', fields: fieldsFor(t.vexora, ACCOUNT) })
    await expect(asked()).rejects.toMatchObject({ text: { key: 'sentRecently', params: { reference: ref } } })
    expect(amountSince(t.db, t.vexora.id, Date.now() - 3_600_000)).toBe(71_000)

    await resolveAttention(t.db, t.engine, {
      payoutId: id,
      action: 'keep-ledger',
      version: item?.version ?? 0,
      note: 'the bank says it bounced',
    })
    expect(statusOf(t.db, id)).toBe('failed')
    await expect(asked()).rejects.toMatchObject({ text: { key: 'sentRecently' } })
    expect(suite.sandbox.book.list().filter((o) => o.amountMinor === 71_000)).toHaveLength(1)
  })
})
