// Regression tests for issue 14's findings: each scenario was reproduced on the engine before leases,
// attempt-aware outcomes and the attention queue, and fails there.
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { openLedger, type Ledger } from '../../electron/ledger/open-ledger.ts'
import { updateProfile } from '../../electron/ledger/profiles-repo.ts'
import { listAttention } from '../../electron/payouts/attention-queue.ts'
import { resolveAttention } from '../../electron/payouts/decisions.ts'
import { draftPayout } from '../../electron/payouts/draft-payout.ts'
import { retryPayout } from '../../electron/actions/retry.ts'
import { retryOnePayout } from '../../electron/payouts/retry-failed.ts'
import { callbackBody } from '../../electron/sandbox/callbacks.ts'
import { startSandbox, type Sandbox } from '../../electron/sandbox/server.ts'
import { engineOn, fieldsFor, statusOf } from '../support/engine-harness.ts'
import { eventually } from '../support/eventually.ts'
import {
  BLUEPAY_NOT_FOUND,
  BLUEPAY_RATE_LIMITED,
  startGatewayProxy,
  type GatewayProxy,
} from '../support/gateway-proxy.ts'
import { makeTempDir } from '../support/temp-dir.ts'

let sandbox: Sandbox
let proxy: GatewayProxy
let tmp: ReturnType<typeof makeTempDir>
const open: Ledger[] = []

beforeAll(async () => {
  sandbox = await startSandbox({ settleAfterMs: 100 })
  proxy = await startGatewayProxy(sandbox.url)
})
afterAll(async () => {
  await proxy.close()
  await sandbox.close()
})
beforeEach(() => {
  tmp = makeTempDir()
})
afterEach(() => {
  proxy.clear()
  sandbox.faults.clear()
  for (const db of open.splice(0)) db.close()
  tmp.cleanup()
})

/** An engine whose built-in sandbox profiles talk to the proxy (and so to the sandbox behind it). */
function engine(opts: Parameters<typeof engineOn>[2] = {}) {
  const h = engineOn(tmp.dir, { ...sandbox, url: proxy.url }, { timeoutMs: 1_500, ...opts })
  open.push(h.db)
  return h
}
const refOf = (db: Ledger, id: string) =>
  db.prepare('SELECT reference FROM payouts WHERE id = ?').pluck().get(id) as string
const row = (db: Ledger, id: string) =>
  db.prepare('SELECT status, attention, attempts, next_check_at FROM payouts WHERE id = ?').get(id) as {
    status: string
    attention: string | null
    attempts: number
    next_check_at: number | null
  }
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('1. a refused re-send never makes a payout final', () => {
  it('BluePay: lost answer, "not found" while processing, re-send refused → still in doubt, then paid once', async () => {
    const t = engine({ settleMs: 50 })
    const id = draftPayout(t.db, {
      profileId: t.bluepay.id,
      amountMinor: 1_500,
      fields: fieldsFor(t.bluepay),
    })
    const ref = refOf(t.db, id)
    proxy.add({ endpoint: 'create', matching: ref, times: 1, action: { kind: 'forward-then-drop' } })
    proxy.add({
      endpoint: 'query',
      matching: ref,
      times: 1,
      action: { kind: 'reply', body: BLUEPAY_NOT_FOUND },
    })
    proxy.add({
      endpoint: 'create',
      matching: ref,
      times: 1,
      action: { kind: 'reply', body: BLUEPAY_RATE_LIMITED },
    })
    expect(await t.engine.send(id)).toBe('unknown')
    await sleep(60)
    await t.engine.refresh(id)
    expect(proxy.count('create', ref)).toBe(2)
    // The refusal of the re-send says nothing about the first attempt.
    expect(row(t.db, id)).toMatchObject({ status: 'unknown', attention: 'resend_refused' })
    expect(() => retryOnePayout(t.db, id)).toThrow(/known not to have paid|waits for your decision/)
    // The first request lands after all: the ledger follows the gateway, and nothing was paid twice.
    await eventually(async () => {
      await t.engine.refresh(id)
      expect(row(t.db, id)).toMatchObject({ status: 'succeeded', attention: null })
    })
    expect(sandbox.book.list().filter((o) => o.reference === ref)).toHaveLength(1)
  })

  it('"not found" re-sends only after the settle period, a bounded number of times, then asks a person', async () => {
    const t = engine({ settleMs: 400 })
    const id = draftPayout(t.db, {
      profileId: t.bluepay.id,
      amountMinor: 1_600,
      fields: fieldsFor(t.bluepay),
    })
    const ref = refOf(t.db, id)
    // The gateway takes every attempt but never shows it (as a gateway still taking it in would).
    proxy.add({
      endpoint: 'create',
      matching: ref,
      action: { kind: 'reply', body: { code: 21000, message: 'busy', data: null } },
    })
    proxy.add({ endpoint: 'query', matching: ref, action: { kind: 'reply', body: BLUEPAY_NOT_FOUND } })
    expect(await t.engine.send(id)).toBe('unknown')
    await t.engine.refresh(id)
    expect(proxy.count('create', ref)).toBe(1)
    // Not yet: the next check waits for the settle period after the send.
    const waiting = t.db
      .prepare('SELECT status, next_check_at - last_attempt_at AS wait FROM payouts WHERE id = ?')
      .get(id)
    expect(waiting).toEqual({ status: 'unknown', wait: 400 })
    for (let i = 0; i < 4; i++) {
      await sleep(420)
      await t.engine.refresh(id)
    }
    // Two automatic re-sends at most, each after its own settle period; then a person decides.
    expect(proxy.count('create', ref)).toBe(3)
    expect(row(t.db, id)).toMatchObject({ status: 'unknown', attention: 'not_found' })
    expect(listAttention(t.db).items[0]).toMatchObject({
      reference: ref,
      reason: 'not_found',
      actions: ['ask', 'resend', 'not-sent', 'paid'],
    })
  })
})

describe('2. two processes on one ledger', () => {
  it('another process leaves a payout alone while its create is in flight (BluePay and Vexora)', async () => {
    const window = engine({ owner: 'window' })
    const cli = engineOn(tmp.dir, { ...sandbox, url: proxy.url }, { owner: 'cli', timeoutMs: 1_500 })
    open.push(cli.db)
    const ids = [window.bluepay, window.vexora].map((p) =>
      draftPayout(window.db, { profileId: p.id, amountMinor: 20_000, fields: fieldsFor(p) }),
    )
    sandbox.faults.add({ mode: 'slow', endpoint: 'create', delayMs: 600, times: 2 })
    const sending = ids.map((id) => window.engine.send(id))
    await eventually(() =>
      expect(ids.map((id) => statusOf(cli.db, id))).toEqual(['submitting', 'submitting']),
    )
    // The CLI's start-up recovery meets two payouts in flight: it must not ask about or re-send them.
    expect(await cli.engine.recover()).toEqual(ids)
    expect(ids.map((id) => proxy.count('query', refOf(cli.db, id)))).toEqual([0, 0])
    expect(await Promise.all(sending)).toEqual(['processing', 'processing'])
    for (const id of ids) expect(proxy.count('create', refOf(cli.db, id))).toBe(1)
  })
})

describe('3. amounts the gateway reports oddly go to a person, and stay there', () => {
  it('an unreadable amount is not applied; a later answer without the amount or a late pending moves nothing', async () => {
    const t = engine()
    const id = draftPayout(t.db, {
      profileId: t.vexora.id,
      amountMinor: 100_000,
      fields: fieldsFor(t.vexora),
    })
    const ref = refOf(t.db, id)
    await t.engine.send(id)
    await sleep(150)
    proxy.add({
      endpoint: 'query',
      matching: ref,
      times: 1,
      action: {
        kind: 'rewrite',
        change: (a) => ({ ...a, data: { ...(a.data as object), orderAmount: '99999.50' } }),
      },
    })
    await t.engine.refresh(id)
    expect(row(t.db, id)).toMatchObject({ status: 'needs_review', attention: 'amount_unreadable' })
    // The next check omits the amount: before, that made it Succeeded.
    proxy.add({
      endpoint: 'query',
      matching: ref,
      times: 1,
      action: {
        kind: 'rewrite',
        change: (a) => ({ ...a, data: { ...(a.data as object), orderAmount: undefined } }),
      },
    })
    await t.engine.refresh(id)
    expect(row(t.db, id)).toMatchObject({ status: 'needs_review', attention: 'amount_unreadable' })
    const item = listAttention(t.db).items.find((i) => i.id === id)
    expect(item).toMatchObject({
      gateway: { amountText: '99999.50' },
      actions: ['keep-gateway', 'keep-ledger'],
    })
    // Only a person clears it.
    await resolveAttention(t.db, t.engine, {
      payoutId: id,
      action: 'keep-gateway',
      note: 'bank statement: 100,000',
      version: item?.version ?? -1,
    })
    expect(row(t.db, id)).toMatchObject({ status: 'succeeded', attention: null })
  })
})

describe('5. in doubt is not a dead end', () => {
  it('a Vexora payout that never arrived is raised after the settle period; "not sent" then a linked payout pays once', async () => {
    const t = engine({ settleMs: 100 })
    const id = draftPayout(t.db, { profileId: t.vexora.id, amountMinor: 50_000, fields: fieldsFor(t.vexora) })
    sandbox.faults.add({ mode: 'drop-before', provider: 'vexora', endpoint: 'create' })
    expect(await t.engine.send(id)).toBe('unknown')
    await sleep(120)
    await t.engine.refresh(id)
    const [item] = listAttention(t.db).items
    expect(item).toMatchObject({
      id,
      reason: 'in_doubt',
      actions: ['ask', 'resend', 'not-sent', 'paid'],
      resendSafety: 'vexora_refuses_repeated_tradeno',
    })
    // A decision on what the person did not see is refused.
    await expect(
      resolveAttention(t.db, t.engine, {
        payoutId: id,
        action: 'not-sent',
        version: (item?.version ?? 0) - 1,
      }),
    ).rejects.toThrow(/changed since you looked/)
    await resolveAttention(t.db, t.engine, {
      payoutId: id,
      action: 'not-sent',
      note: 'Vexora support: never received',
      version: item?.version ?? 0,
    })
    expect(row(t.db, id)).toMatchObject({ status: 'cancelled', attention: null })
    const decision = t.db
      .prepare("SELECT detail_json FROM payout_events WHERE payout_id = ? AND kind = 'decision'")
      .pluck()
      .get(id) as string
    expect(JSON.parse(decision)).toMatchObject({ action: 'not-sent', note: 'Vexora support: never received' })
    const again = retryOnePayout(t.db, id)
    expect(() => retryOnePayout(t.db, id)).toThrow(/already paid again/)
    expect(await t.engine.send(again.id)).toBe('processing')
    expect(sandbox.book.list().filter((o) => o.amountMinor === 50_000)).toHaveLength(1)
  })
})

describe('5b. paying again asks the gateway once more, and needs a definite answer', () => {
  /** A payout the gateway took, whose answer was lost, that the person then marked "not sent". */
  async function markedNotSent(t: ReturnType<typeof engine>, amountMinor: number) {
    const id = draftPayout(t.db, { profileId: t.vexora.id, amountMinor, fields: fieldsFor(t.vexora) })
    const ref = refOf(t.db, id)
    // The gateway takes it, but its answer is lost and its status checks say nothing (Vexora's 8000).
    proxy.add({ endpoint: 'create', matching: ref, times: 1, action: { kind: 'forward-then-drop' } })
    proxy.add({
      endpoint: 'query',
      matching: ref,
      action: { kind: 'reply', body: { code: '8000', msg: 'query failed', success: false, data: null } },
    })
    expect(await t.engine.send(id)).toBe('unknown')
    await sleep(60)
    await t.engine.refresh(id)
    const [item] = listAttention(t.db).items
    // The person believes it never arrived.
    await resolveAttention(t.db, t.engine, { payoutId: id, action: 'not-sent', version: item?.version ?? 0 })
    expect(row(t.db, id).status).toBe('cancelled')
    return { id, ref }
  }
  const ctx = (t: ReturnType<typeof engine>) => ({
    ledger: t.db,
    engine: t.engine,
    ready: Promise.resolve(),
    secrets: t.secrets,
  })
  const payoutCount = (t: ReturnType<typeof engine>) =>
    t.db.prepare('SELECT count(*) FROM payouts').pluck().get() as number

  it('a payout marked "not sent" that the gateway did take is raised before Retry can pay it twice', async () => {
    const t = engine({ settleMs: 50 })
    const { id } = await markedNotSent(t, 52_000)
    proxy.clear()
    await sleep(150)
    await expect(retryPayout(ctx(t), id)).rejects.toThrow(/now reports this payout as/)
    expect(row(t.db, id)).toMatchObject({ status: 'cancelled', attention: 'contradiction' })
    expect(payoutCount(t)).toBe(1)
    expect(sandbox.book.list().filter((o) => o.amountMinor === 52_000)).toHaveLength(1)
  })

  it('Retry with no answer from the gateway (issue 21, finding 1) pays nothing and writes nothing', async () => {
    const t = engine({ settleMs: 50 })
    const { id } = await markedNotSent(t, 53_000)
    // The checks still say nothing: there is no definite answer.
    await sleep(100)
    const events = () => t.db.prepare('SELECT count(*) FROM payout_events').pluck().get() as number
    const before = payoutCount(t)
    await expect(retryPayout(ctx(t), id)).rejects.toThrow(
      /could not confirm that this payout did not go through/,
    )
    expect(payoutCount(t)).toBe(before)
    expect(row(t.db, id).status).toBe('cancelled')
    // The gateway drops the connection: the same.
    proxy.clear()
    sandbox.faults.add({ mode: 'drop-before', endpoint: 'query', times: 5 })
    const eventsBefore = events()
    await expect(retryPayout(ctx(t), id)).rejects.toThrow(/could not confirm/)
    expect(payoutCount(t)).toBe(before)
    // Only the question and its (missing) answer were recorded, never a new payout.
    expect(events()).toBeGreaterThanOrEqual(eventsBefore)
    expect(sandbox.book.list().filter((o) => o.amountMinor === 53_000)).toHaveLength(1)
  })

  it('Retry while another process holds the payout is refused, and pays nothing', async () => {
    const t = engine({ settleMs: 50 })
    const { id } = await markedNotSent(t, 54_000)
    const other = engine({ settleMs: 50, owner: 'someone-else:1:other' })
    let release: () => void = () => undefined
    const holding = other.engine.leased(
      id,
      () => new Promise<void>((resolve) => (release = resolve)),
      () => undefined,
    )
    await eventually(() =>
      expect(t.db.prepare('SELECT lease_owner FROM payouts WHERE id = ?').pluck().get(id)).toBe(
        'someone-else:1:other',
      ),
    )
    await expect(retryPayout(ctx(t), id)).rejects.toThrow(
      /Another window or command is working on this payout/,
    )
    release()
    await holding
    expect(payoutCount(t)).toBe(1)
  })

  it('Retry pays again once the gateway answers that the original failed', async () => {
    const t = engine({ settleMs: 50 })
    const { id, ref } = await markedNotSent(t, 55_000)
    proxy.clear()
    proxy.add({
      endpoint: 'query',
      matching: ref,
      action: {
        kind: 'rewrite',
        change: (answer) => ({ ...answer, data: { ...(answer.data as object), status: '00029' } }),
      },
    })
    const again = await retryPayout(ctx(t), id)
    await again.sent
    expect(again.reference).not.toBe(ref)
    expect(payoutCount(t)).toBe(2)
    expect(t.db.prepare('SELECT retry_of FROM payouts WHERE id = ?').pluck().get(again.id)).toBe(id)
  })
})

describe('6. a busy ledger does not drop the gateway answer', () => {
  it('the create answer is written once the other process lets go, and the thread keeps running meanwhile', async () => {
    const t = engine()
    const other = openLedger(join(tmp.dir, 'ledger.sqlite3'))
    open.push(other)
    const id = draftPayout(t.db, {
      profileId: t.bluepay.id,
      amountMinor: 2_500,
      fields: fieldsFor(t.bluepay),
    })
    sandbox.faults.add({ mode: 'slow', endpoint: 'create', delayMs: 200 })
    const sending = t.engine.send(id)
    await eventually(() => expect(statusOf(other, id)).toBe('submitting'))
    // Another process takes the write lock for longer than SQLite's busy timeout (5 s).
    other.exec('BEGIN IMMEDIATE')
    let ticks = 0
    const ticker = setInterval(() => ticks++, 100)
    await sleep(6_000)
    other.exec('COMMIT')
    expect(await sending).toBe('processing')
    clearInterval(ticker)
    expect(ticks).toBeGreaterThan(40)
    const kinds = t.db
      .prepare('SELECT kind FROM payout_events WHERE payout_id = ? ORDER BY seq')
      .pluck()
      .all(id)
    expect(kinds).toContain('create')
  }, 20_000)
})

describe('7. editing a profile never moves an open payout', () => {
  it('refuses to change the account of a profile with open payouts; a payout frozen elsewhere is not asked at the new one', async () => {
    const t = engine({ settleMs: 60_000 })
    const id = draftPayout(t.db, { profileId: t.vexora.id, amountMinor: 30_000, fields: fieldsFor(t.vexora) })
    sandbox.faults.add({ mode: 'drop-after', provider: 'vexora', endpoint: 'create' })
    await t.engine.send(id)
    for (const change of [
      { baseUrl: 'https://other.example/v' },
      { merchantId: '999' },
      { environment: 'production' as const },
    ])
      expect(() => updateProfile(t.db, { ...t.vexora, ...change })).toThrow(/not settled yet/)
    updateProfile(t.db, { ...t.vexora, name: 'Renamed is fine' })
    // As an older version could have left it: the profile moved under an open payout.
    t.db.prepare("UPDATE profiles SET merchant_id = '999' WHERE id = ?").run(t.vexora.id)
    proxy.clear()
    await t.engine.refresh(id)
    expect(proxy.count('query')).toBe(0)
    expect(row(t.db, id).attention).toBe('account_changed')
    // It keeps a next check (asked again once the profile names its account again).
    expect(row(t.db, id).next_check_at).not.toBeNull()
  })

  it("a callback verified with the profile's new account does not speak for a payout frozen at the old one", async () => {
    const t = engine({ settleMs: 60_000 })
    const id = draftPayout(t.db, { profileId: t.vexora.id, amountMinor: 31_000, fields: fieldsFor(t.vexora) })
    await t.engine.send(id)
    const order = sandbox.book.get('vexora', 'id', refOf(t.db, id))
    if (!order) throw new Error('no order')
    // As an older version could have left it: the profile moved under an open payout.
    t.db.prepare("UPDATE profiles SET merchant_id = '999' WHERE id = ?").run(t.vexora.id)
    const reply = await t.engine.applyCallback(t.vexora.id, callbackBody(sandbox.context, order, 'succeeded'))
    expect(reply.body).toBe('FAIL')
    expect(row(t.db, id).status).toBe('processing')
    expect(
      t.db.prepare('SELECT reason FROM callback_rejections ORDER BY rowid DESC LIMIT 1').pluck().get(),
    ).toBe('account_changed')
  })

  it('Retry never pays a payout again through a profile that now names another account or environment', async () => {
    const t = engine()
    const id = draftPayout(t.db, {
      profileId: t.vexora.id,
      amountMinor: 33_000,
      fields: fieldsFor(t.vexora, '4440000'),
    })
    await t.engine.send(id)
    await eventually(async () => {
      await t.engine.refresh(id)
      expect(row(t.db, id).status).toBe('failed')
    })
    updateProfile(t.db, { ...t.vexora, environment: 'production' })
    expect(() => retryOnePayout(t.db, id)).toThrow(/another gateway account or environment/)
  })
})
