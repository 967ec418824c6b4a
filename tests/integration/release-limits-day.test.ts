import { describe, expect, it } from 'vitest'
import { makePayout } from '../../electron/actions/make-payout.ts'
import { setLimits } from '../../electron/actions/release.ts'
import { createBatch } from '../../electron/ledger/batches-repo.ts'
import { draftPayouts } from '../../electron/payouts/draft-payout.ts'
import { fieldsFor, sandboxEngineSuite, statusOf } from '../support/engine-harness.ts'

/*
 * The daily release limit (payouts/release-limits.ts holdFor, ledger/release-limits-repo.ts amountSince)
 * through the action make a payout: what counts against today is what leaves today. A batch written
 * yesterday within yesterday's limit and never sent leaves when it is sent, today: a payout written
 * today that would take today over the limit with it waits for the owner.
 */
const t = sandboxEngineSuite({ settleAfterMs: 50 }, { timeoutMs: 5_000 })
const DAY = 24 * 3_600_000

async function withDailyLimit(perDay: number) {
  const { ctx } = t
  const actions = { ...ctx, resolveClient: t.resolveClient, batches: null, poller: null, imports: null }
  await setLimits(actions as never, t.vexora.id, { perPayout: null, perDay, next: 'owner says yes 42' })
  return { ctx }
}

/** Yesterday's batch, written within yesterday's limit and not sent (paused, or the desk was closed). */
function leftFromYesterday(amountMinor: number): string {
  const yesterday = Date.now() - DAY - 2 * 3_600_000
  const batchId = createBatch(t.db, t.vexora.id, 'yesterday.csv', null, yesterday)
  const [id] = draftPayouts(
    t.db,
    t.vexora.id,
    [{ amountMinor, fields: fieldsFor(t.vexora, '3333333333', 'Ani'), batchId }],
    yesterday,
  )
  expect(statusOf(t.db, id as string)).toBe('queued')
  return id as string
}

describe('the daily limit counts what leaves today', () => {
  it("a payout that would leave today with yesterday's unsent batch, over the limit, waits for the owner", async () => {
    const { ctx } = await withDailyLimit(100_000)
    leftFromYesterday(90_000)
    const today = await makePayout(ctx, {
      profileId: t.vexora.id,
      amount: '90000',
      fields: fieldsFor(t.vexora, '4444444444', 'Wati'),
    })
    expect(today.status).toBe('draft')
    expect(await today.sent).toBe('draft')
    expect(t.sandbox.book.list()).toHaveLength(0)
  })

  it("within the limit with it, today's payout is sent", async () => {
    const { ctx } = await withDailyLimit(100_000)
    leftFromYesterday(40_000)
    const today = await makePayout(ctx, {
      profileId: t.vexora.id,
      amount: '50000',
      fields: fieldsFor(t.vexora, '5555555555', 'Wati'),
    })
    expect(today.status).toBe('queued')
    expect(await today.sent).not.toBe('draft')
  })

  it("yesterday's batch sent this morning is today's: a payout that would take today over the limit waits", async () => {
    const { ctx } = await withDailyLimit(100_000)
    const id = leftFromYesterday(90_000)
    expect(await t.engine.send(id)).not.toBe('queued')
    const today = await makePayout(ctx, {
      profileId: t.vexora.id,
      amount: '90000',
      fields: fieldsFor(t.vexora, '6666666666', 'Wati'),
    })
    expect(today.status).toBe('draft')
    expect(t.sandbox.book.get('vexora', 'id', today.reference)).toBeUndefined()
  })

  it("yesterday's payouts that did leave yesterday are not today's", async () => {
    const { ctx } = await withDailyLimit(100_000)
    const id = leftFromYesterday(90_000)
    expect(await t.engine.send(id)).not.toBe('queued')
    // It left yesterday: its one attempt was then.
    t.db.prepare('UPDATE payouts SET last_attempt_at = ? WHERE id = ?').run(Date.now() - DAY, id)
    const today = await makePayout(ctx, {
      profileId: t.vexora.id,
      amount: '90000',
      fields: fieldsFor(t.vexora, '6666666666', 'Wati'),
    })
    expect(today.status).toBe('queued')
    await today.sent
  })
})
