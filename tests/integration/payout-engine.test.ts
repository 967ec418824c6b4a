import { wordStored } from '../../shared/messages/stored-text.ts'
import { describe, expect, it } from 'vitest'
import { draftPayout } from '../../electron/payouts/draft-payout.ts'
import { retryOnePayout } from '../../electron/payouts/retry-failed.ts'
import { SLOW_STATEMENT_MS, watchSlowStatements } from '../../electron/ledger/slow-statements.ts'
import { callbackBody } from '../../electron/sandbox/callbacks.ts'
import { FAULT_MODES } from '../../electron/sandbox/faults.ts'
import { FAULT_REACHES_GATEWAY } from '../support/fault-expectations.ts'
import { fieldsFor, sandboxEngineSuite, statusOf } from '../support/engine-harness.ts'
import { eventually } from '../support/eventually.ts'

const t = sandboxEngineSuite({ settleAfterMs: 250 }, { timeoutMs: 700 })

const events = (id: string) =>
  t.db
    .prepare(
      'SELECT kind, from_status AS "from", to_status AS "to" FROM payout_events WHERE payout_id = ? ORDER BY seq',
    )
    .all(id)
const sandboxOrder = (provider: 'vexora' | 'bluepay', reference: string) =>
  t.sandbox.book.get(provider, provider === 'vexora' ? 'id' : 'th', reference)
const refOf = (id: string) =>
  t.db.prepare('SELECT reference FROM payouts WHERE id = ?').pluck().get(id) as string

describe('draftPayout', () => {
  it('writes a queued payout with its reference and exact fields, and refuses bad input writing nothing', () => {
    const id = draftPayout(t.db, {
      profileId: t.vexora.id,
      amountMinor: 150_000,
      fields: { ...fieldsFor(t.vexora), remark: ' x ' },
    })
    const row = t.db
      .prepare('SELECT status, reference, fields_json, account_no FROM payouts WHERE id = ?')
      .get(id) as { status: string; reference: string; fields_json: string; account_no: string }
    expect(row.status).toBe('queued')
    expect(row.reference).toMatch(/^PD\d{14}[0-9A-F]{16}$/)
    expect(JSON.parse(row.fields_json)).toMatchObject({ remark: 'x', bankAccountNo: '1234567890' })

    const bad: [Parameters<typeof draftPayout>[1], string, RegExp][] = [
      [
        { profileId: 'nope', amountMinor: 20_000, fields: fieldsFor(t.vexora) },
        'NOT_FOUND',
        /profile no longer exists/,
      ],
      [
        { profileId: t.vexora.id, amountMinor: 9_999, fields: fieldsFor(t.vexora) },
        'INVALID_INPUT',
        /smallest payout this gateway accepts is IDR 10000/,
      ],
      [
        { profileId: t.vexora.id, amountMinor: 0, fields: fieldsFor(t.vexora) },
        'INVALID_INPUT',
        /more than zero/,
      ],
      [
        { profileId: t.vexora.id, amountMinor: 20_000, fields: { ...fieldsFor(t.vexora), mobile: '123' } },
        'INVALID_INPUT',
        /mobile \(format\)/,
      ],
      [
        { profileId: t.bluepay.id, amountMinor: 100, fields: { payMethodCode: 'BANK', accountNo: '1' } },
        'INVALID_INPUT',
        /transferCode \(required\)/,
      ],
      [
        {
          profileId: t.vexora.id,
          amountMinor: 20_000,
          fields: fieldsFor(t.vexora),
          reference: row.reference,
        },
        'INVALID_INPUT',
        /already used with this gateway account/,
      ],
    ]
    for (const [input, code, message] of bad) {
      let error: unknown
      try {
        draftPayout(t.db, input)
      } catch (e) {
        error = e
      }
      expect(error, message.source).toMatchObject({ code })
      expect((error as Error).message).toMatch(message)
    }
    expect(t.db.prepare('SELECT count(*) FROM payouts').pluck().get()).toBe(1)
  })
})

describe('sending', () => {
  for (const provider of ['vexora', 'bluepay'] as const) {
    it(`${provider}: writes ahead, sends once, and follows the payout to its final state`, async () => {
      const profile = t[provider]
      const id = draftPayout(t.db, {
        profileId: profile.id,
        amountMinor: 150_000,
        fields: fieldsFor(profile),
      })
      const [first, second] = await Promise.all([t.engine.send(id), t.engine.send(id)])
      expect([first, second]).toContain('processing')
      expect(t.sandbox.book.createAttempts(provider, provider === 'vexora' ? 'id' : 'th', refOf(id))).toBe(1)
      await eventually(async () => expect((await t.engine.refresh(id)).status).toBe('succeeded'))
      expect(events(id)).toEqual(
        expect.arrayContaining([
          { kind: 'created', from: null, to: 'queued' },
          { kind: 'transition', from: 'queued', to: 'submitting' },
          { kind: 'create', from: null, to: null },
          { kind: 'transition', from: 'submitting', to: 'processing' },
          { kind: 'transition', from: 'processing', to: 'succeeded' },
        ]),
      )
      // Final stays final: another refresh asks nothing and changes nothing.
      expect(await t.engine.refresh(id)).toEqual({ kind: 'skipped', status: 'succeeded' })
      expect(t.changes).toContain(id)
    })
  }

  it("keeps the gateway's answer verbatim even when what it means cannot be written", async () => {
    // The answer and the status it brings commit together; if the status cannot be written (here a
    // trigger refuses it, as a full disk or a bug would), the answer is still recorded on its own.
    const id = draftPayout(t.db, {
      profileId: t.vexora.id,
      amountMinor: 150_000,
      fields: fieldsFor(t.vexora),
    })
    t.db.exec(`CREATE TEMP TRIGGER refuse_processing BEFORE UPDATE OF status ON payouts
      WHEN NEW.status = 'processing' BEGIN SELECT RAISE(ABORT, 'cannot write'); END`)
    try {
      await expect(t.engine.send(id)).rejects.toThrow('cannot write')
    } finally {
      t.db.exec('DROP TRIGGER temp.refuse_processing')
    }
    expect(statusOf(t.db, id)).toBe('submitting')
    expect(events(id)).toContainEqual({ kind: 'create', from: null, to: null })
    // The payout in doubt is then settled by asking the gateway, which has it once.
    await eventually(async () => expect((await t.engine.refresh(id)).status).toBe('succeeded'))
    expect(t.sandbox.book.createAttempts('vexora', 'id', refOf(id))).toBe(1)
  })

  it('a slow-statement log that fails neither fails a committed answer nor records it twice', async () => {
    // The log runs after the answer's COMMIT; a throw there once made send() fail and the fallback
    // record the exchange a second time (review finding).
    const id = draftPayout(t.db, {
      profileId: t.vexora.id,
      amountMinor: 150_000,
      fields: fieldsFor(t.vexora),
    })
    watchSlowStatements(
      t.db,
      () => {
        throw new Error('log sink failed')
      },
      0,
    )
    try {
      expect(await t.engine.send(id)).toBe('processing')
    } finally {
      watchSlowStatements(t.db, () => undefined, SLOW_STATEMENT_MS)
    }
    const creates = t.db
      .prepare("SELECT count(*) FROM payout_events WHERE payout_id = ? AND kind = 'create'")
      .pluck()
      .get(id)
    expect(creates).toBe(1)
  })

  it('records a refusal as rejected with the plain-language reason', async () => {
    const id = draftPayout(t.db, {
      profileId: t.vexora.id,
      amountMinor: 60_000_000,
      fields: fieldsFor(t.vexora),
    })
    expect(await t.engine.send(id)).toBe('rejected')
    const row = t.db.prepare('SELECT reason, last_error, gateway_status FROM payouts WHERE id = ?').get(id)
    expect(row).toMatchObject({ reason: 'amount_limit', gateway_status: '8000' })
    // The advice is kept as a key, the gateway's own words beside it, and worded where it is shown.
    const kept = (row as { last_error: string }).last_error
    expect(JSON.parse(kept)).toMatchObject({ key: 'gwAmountRefused', params: { gateway: 'Vexora' } })
    expect(wordStored(kept, 'en')).toMatch(/^Vexora refused the amount\. .* \(Vexora: .+\)$/)
    expect(wordStored(kept, 'zh-CN')).toMatch(/^Vexora 拒绝了这个金额。/)
  })

  it('marks failures and unknown statuses as the gateway reports them', async () => {
    const failing = draftPayout(t.db, {
      profileId: t.bluepay.id,
      amountMinor: 100,
      fields: fieldsFor(t.bluepay, '1110000'),
    })
    const odd = draftPayout(t.db, {
      profileId: t.vexora.id,
      amountMinor: 20_000,
      fields: fieldsFor(t.vexora, '12345', 'REVIEW me'),
    })
    await t.engine.send(failing)
    await t.engine.send(odd)
    await eventually(async () => {
      expect((await t.engine.refresh(failing)).status).toBe('failed')
      expect((await t.engine.refresh(odd)).status).toBe('needs_review')
    })
  })
})

describe('gateway faults end with the ledger equal to the gateway, and nothing sent twice', () => {
  for (const provider of ['vexora', 'bluepay'] as const) {
    for (const mode of FAULT_MODES) {
      it(`${provider} ${mode}`, async () => {
        const profile = t[provider]
        const id = draftPayout(t.db, {
          profileId: profile.id,
          amountMinor: 150_000,
          fields: fieldsFor(profile),
        })
        t.sandbox.faults.add({ mode, provider, endpoint: 'create', delayMs: 1_500 })
        expect(await t.engine.send(id)).toBe('unknown')
        const reached = FAULT_REACHES_GATEWAY[mode]
        expect(Boolean(sandboxOrder(provider, refOf(id)))).toBe(reached)
        await eventually(async () => {
          await t.engine.refresh(id)
          const status = statusOf(t.db, id)
          if (reached || provider === 'bluepay') expect(status).toBe('succeeded')
          // Vexora cannot say "never received": the payout stays in doubt, honestly, and is not re-sent.
          else expect(status).toBe('unknown')
        })
        const order = sandboxOrder(provider, refOf(id))
        expect(t.sandbox.book.createAttempts(provider, provider === 'vexora' ? 'id' : 'th', refOf(id))).toBe(
          order ? 1 : 0,
        )
      })
    }
  }
})

describe('mixed gateway faults', () => {
  it('every fault mode at once, on creates and status checks of both gateways: ledger equals the gateway, nothing sent twice', async () => {
    const ids = Array.from({ length: 24 }, (_, i) => {
      const profile = i % 2 === 0 ? t.vexora : t.bluepay
      return draftPayout(t.db, {
        profileId: profile.id,
        amountMinor: 120_000 + i,
        fields: fieldsFor(profile),
      })
    })
    const providerOf = (id: string) =>
      t.db.prepare('SELECT provider FROM payouts WHERE id = ?').pluck().get(id) as 'vexora' | 'bluepay'
    for (const mode of FAULT_MODES) {
      t.sandbox.faults.add({ mode, endpoint: 'create', times: 2, delayMs: 1_000 })
      t.sandbox.faults.add({ mode, endpoint: 'query', times: 1, delayMs: 1_000 })
    }
    await Promise.all(ids.map((id) => t.engine.send(id)))
    await eventually(
      async () => {
        for (const id of ids) await t.engine.refresh(id)
        for (const id of ids) {
          const provider = providerOf(id)
          const order = sandboxOrder(provider, refOf(id))
          // A Vexora payout whose request never arrived stays in doubt; everything else is settled.
          if (!order && provider === 'vexora') expect(statusOf(t.db, id)).toBe('unknown')
          else expect(statusOf(t.db, id)).toBe('succeeded')
        }
      },
      30_000,
      200,
    )
    for (const id of ids) {
      const provider = providerOf(id)
      const order = sandboxOrder(provider, refOf(id))
      expect(t.sandbox.book.createAttempts(provider, provider === 'vexora' ? 'id' : 'th', refOf(id))).toBe(
        order ? 1 : 0,
      )
      if (order)
        expect(order.amountMinor).toBe(
          t.db.prepare('SELECT amount_minor FROM payouts WHERE id = ?').pluck().get(id),
        )
    }
  }, 60_000)
})

describe('recovery and callbacks', () => {
  it('cancels, never sends, a queued Retry whose original may have paid since it was written (review 77)', async () => {
    const original = draftPayout(t.db, {
      profileId: t.vexora.id,
      amountMinor: 150_000,
      fields: fieldsFor(t.vexora),
    })
    t.db.prepare("UPDATE payouts SET status = 'failed' WHERE id = ?").run(original)
    const retry = retryOnePayout(t.db, original)
    expect(statusOf(t.db, retry.id)).toBe('queued')
    // Before it left, the gateway said the original was paid after all: it waits for a person.
    t.db.prepare("UPDATE payouts SET attention = 'contradiction' WHERE id = ?").run(original)
    expect(await t.engine.send(retry.id)).toBe('cancelled')
    expect(t.sandbox.book.createAttempts('vexora', 'id', retry.reference)).toBe(0)
    const note = t.db.prepare('SELECT last_error FROM payouts WHERE id = ?').pluck().get(retry.id) as string
    expect(wordStored(note, 'en')).toMatch(
      /^Not sent: it pays again an earlier payout that the gateway may have paid/,
    )
    // A Retry whose original is plainly unpaid leaves as before.
    const plain = draftPayout(t.db, {
      profileId: t.vexora.id,
      amountMinor: 160_000,
      fields: fieldsFor(t.vexora),
    })
    t.db.prepare("UPDATE payouts SET status = 'failed' WHERE id = ?").run(plain)
    const leaves = retryOnePayout(t.db, plain)
    expect(await t.engine.send(leaves.id)).toBe('processing')
    expect(t.sandbox.book.createAttempts('vexora', 'id', leaves.reference)).toBe(1)
  })

  it('never sends again a Retry left mid-send once its original may have paid (review 78 F1)', async () => {
    const original = draftPayout(t.db, {
      profileId: t.bluepay.id,
      amountMinor: 520,
      fields: fieldsFor(t.bluepay),
    })
    t.db.prepare("UPDATE payouts SET status = 'failed' WHERE id = ?").run(original)
    const retry = retryOnePayout(t.db, original)
    // As a crash leaves it: the claim committed, the request never left.
    t.db.prepare("UPDATE payouts SET status = 'submitting', attempts = 1 WHERE id = ?").run(retry.id)
    t.db.prepare("UPDATE payouts SET attention = 'contradiction' WHERE id = ?").run(original)
    // Recovery asks BluePay, which says it never received it: a plain payout would be sent again now.
    await t.engine.recover()
    expect(t.sandbox.book.createAttempts('bluepay', 'th', retry.reference)).toBe(0)
    expect(statusOf(t.db, retry.id)).toBe('unknown')
    const note = t.db.prepare('SELECT last_error FROM payouts WHERE id = ?').pluck().get(retry.id) as string
    expect(wordStored(note, 'en')).toMatch(/^Not sent again: it pays again an earlier payout/)
  })

  it('recovers a payout left mid-send by a crash: queried, and re-sent under the same reference only if never received', async () => {
    const sent = draftPayout(t.db, {
      profileId: t.bluepay.id,
      amountMinor: 500,
      fields: fieldsFor(t.bluepay),
    })
    const lost = draftPayout(t.db, {
      profileId: t.bluepay.id,
      amountMinor: 700,
      fields: fieldsFor(t.bluepay),
    })
    await t.engine.send(sent)
    // As a crash would leave them: marked submitting, one of them never reached the gateway.
    t.db.prepare("UPDATE payouts SET status = 'submitting', attempts = 1 WHERE id IN (?, ?)").run(sent, lost)
    t.db.prepare('UPDATE payouts SET acknowledged = 0 WHERE id = ?').run(sent)
    expect(await t.engine.recover()).toEqual([])
    // Taken by the gateway, each once; on a busy machine the sandbox may have settled one already.
    expect(['processing', 'succeeded']).toContain(statusOf(t.db, sent))
    expect(['processing', 'succeeded']).toContain(statusOf(t.db, lost))
    expect(t.sandbox.book.createAttempts('bluepay', 'th', refOf(sent))).toBe(1)
    expect(t.sandbox.book.createAttempts('bluepay', 'th', refOf(lost))).toBe(1)
  })

  it('applies callbacks idempotently and in any order, and records forged ones without applying them', async () => {
    const id = draftPayout(t.db, { profileId: t.vexora.id, amountMinor: 20_000, fields: fieldsFor(t.vexora) })
    await t.engine.send(id)
    const order = sandboxOrder('vexora', refOf(id))
    if (!order) throw new Error('no order')
    const success = callbackBody(t.sandbox.context, order, 'succeeded')
    expect(await t.engine.applyCallback(t.vexora.id, success)).toMatchObject({ status: 200, body: 'OK' })
    expect(statusOf(t.db, id)).toBe('succeeded')
    const transitions = () => (events(id) as { kind: string }[]).filter((e) => e.kind === 'transition').length
    const before = transitions()
    expect(await t.engine.applyCallback(t.vexora.id, success)).toMatchObject({ body: 'OK' })
    expect(
      await t.engine.applyCallback(t.vexora.id, callbackBody(t.sandbox.context, order, 'pending')),
    ).toMatchObject({ body: 'OK' })
    expect(
      await t.engine.applyCallback(t.vexora.id, callbackBody(t.sandbox.context, order, 'failed')),
    ).toMatchObject({ body: 'OK' })
    expect(statusOf(t.db, id)).toBe('succeeded')
    expect(transitions()).toBe(before)
    // The late "failed" is not dropped: a reversal waits for a person, with both sides.
    expect(t.db.prepare('SELECT attention FROM payouts WHERE id = ?').pluck().get(id)).toBe('reversal')

    const forged = success.replace('"status":"0000"', '"status":"00029"')
    expect(await t.engine.applyCallback(t.vexora.id, forged)).toMatchObject({ status: 400, body: 'FAIL' })
    expect(await t.engine.applyCallback('no-such-profile', success)).toMatchObject({ status: 404 })
    const rejections = t.db.prepare('SELECT reason FROM callback_rejections ORDER BY seq').pluck().all()
    expect(rejections).toEqual(['bad_signature', 'unknown_profile'])
    expect(statusOf(t.db, id)).toBe('succeeded')
  })

  it('holds an amount the gateway reports differently for a person to check', async () => {
    const id = draftPayout(t.db, { profileId: t.bluepay.id, amountMinor: 900, fields: fieldsFor(t.bluepay) })
    await t.engine.send(id)
    const order = sandboxOrder('bluepay', refOf(id))
    if (!order) throw new Error('no order')
    order.amountMinor = 9_000
    await eventually(async () => expect((await t.engine.refresh(id)).status).toBe('needs_review'))
    // Kept as a key with its values, so each door words it in its person's language.
    const kept = t.db.prepare('SELECT last_error FROM payouts WHERE id = ?').pluck().get(id) as string
    expect(JSON.parse(kept)).toEqual({
      key: 'noteAmountMismatch',
      params: { said: '90.00', currency: 'THB', sent: '9.00' },
    })
    expect(wordStored(kept, 'en')).toMatch(/reports THB 90.00 instead of 9.00/)
    expect(wordStored(kept, 'zh-CN')).toContain('THB 90.00，而不是 9.00')
  })
})
