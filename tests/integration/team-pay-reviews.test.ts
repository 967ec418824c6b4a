// New payout and Pay again on the team ledger, from the window (electron/actions/team-pay-reviews.ts
// behind reviewTeamPayout, writeTeamPayout and getTeamPayAgain), on a real PostgreSQL server: what is
// written is exactly what was reviewed, once the person said yes to its warnings, and a write whose
// answer was lost is never written twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { teamPayReviews } from '../../electron/actions/team-pay-reviews.ts'
import type { Sandbox } from '../../electron/sandbox/server.ts'
import { ipcServicesSuite } from '../support/ipc-services.ts'
import { pgCutProxy } from '../support/pg-cut-proxy.ts'
import type { PostgresServer } from '../support/postgres-server.ts'
import { sandboxTeamProfile, teamOfTwoWithSandbox } from '../support/team-fixtures.ts'
import { teamSessions } from '../support/team-sessions.ts'

let server: PostgresServer | undefined
let sandbox: Sandbox
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
const { as, admin, urlFor } = teamSessions(() => server, PASSWORD)
let profile = ''

beforeAll(async () => {
  ;({ server, sandbox } = await teamOfTwoWithSandbox(PASSWORD))
  profile = await sandboxTeamProfile(as, 'siti', sandbox, 'Toko Form')
}, 180_000)
afterAll(async () => {
  await sandbox.close()
  await server?.stop()
})

const desk = ipcServicesSuite()
const connect = (login: 'siti' | 'budi') => {
  const url = new URL((server as PostgresServer).urlFor('x', 'y'))
  return desk.call('connectTeam', { server: `${url.host}${url.pathname}`, login, password: PASSWORD[login] })
}
const fields = (n: number, name = `Person ${n}`) => ({
  bankCode: '014',
  bankAccountNo: `00${8_000_000 + n}`,
  customerName: name,
  mobile: '081234567890',
  email: `person${n}@example.com`,
})
const written = (reference: string) =>
  admin((c) =>
    c.query<{ status: string; prepared_by: string; amount_minor: string; fields: Record<string, string> }>(
      'SELECT status, prepared_by, amount_minor::text, fields FROM payout_desk.payouts WHERE reference = $1',
      [reference],
    ),
  ).then((r) => r.rows)
const count = () =>
  admin((c) => c.query<{ n: number }>('SELECT count(*)::int AS n FROM payout_desk.payouts')).then(
    (r) => r.rows[0]?.n ?? 0,
  )

describe('New payout on the team ledger, in the window', { timeout: 120_000 }, () => {
  it('writes what was reviewed, as the person, and the same review only once', async () => {
    await connect('budi')
    const review = await desk.call('reviewTeamPayout', {
      profileId: profile,
      amount: '250,000',
      fields: fields(1),
    })
    expect(review).toMatchObject({
      profile: { name: 'Toko Form', environment: 'sandbox' },
      currency: 'IDR',
      amountMinor: 250_000,
      errors: [],
      warnings: [],
    })
    expect(await written(review.reference)).toEqual([])
    const paid = await desk.call('writeTeamPayout', {
      reviewId: review.reviewId,
      acceptRepeat: false,
      acceptAccountChange: false,
    })
    expect(paid).toMatchObject({ reference: review.reference, status: 'queued', existing: false })
    expect(await written(review.reference)).toEqual([
      { status: 'queued', prepared_by: 'budi', amount_minor: '250000', fields: fields(1) },
    ])
    // A second press of Write is not a second payout.
    const before = await count()
    const again = await desk.refusal('writeTeamPayout', {
      reviewId: review.reviewId,
      acceptRepeat: false,
      acceptAccountChange: false,
    })
    expect(again.key).toBe('teamPayReviewGone')
    expect(await count()).toBe(before)
  })

  it('writes a repeat or a changed account only once the person said yes to it, and a bad form never', async () => {
    await connect('budi')
    const first = await desk.call('reviewTeamPayout', {
      profileId: profile,
      amount: '90000',
      fields: fields(2),
    })
    await desk.call('writeTeamPayout', {
      reviewId: first.reviewId,
      acceptRepeat: false,
      acceptAccountChange: false,
    })

    const repeat = await desk.call('reviewTeamPayout', {
      profileId: profile,
      amount: '90000',
      fields: fields(2),
    })
    expect(repeat.warnings.map((w) => [w.code, w.accountChange])).toEqual([['sent_recently', false]])
    const before = await count()
    const unasked = await desk.refusal('writeTeamPayout', {
      reviewId: repeat.reviewId,
      acceptRepeat: false,
      acceptAccountChange: true,
    })
    expect(unasked.code).toBe('INVALID_INPUT')
    expect(await count()).toBe(before)
    const meant = await desk.call('reviewTeamPayout', {
      profileId: profile,
      amount: '90000',
      fields: fields(2),
    })
    await desk.call('writeTeamPayout', {
      reviewId: meant.reviewId,
      acceptRepeat: true,
      acceptAccountChange: false,
    })
    expect(await count()).toBe(before + 1)

    // Person 2 by name and mobile, now at another account: asked about, as on a desk's own ledger.
    const moved = { ...fields(2), bankAccountNo: '009999111' }
    const change = await desk.call('reviewTeamPayout', { profileId: profile, amount: '1000', fields: moved })
    expect(change.warnings.some((w) => w.accountChange)).toBe(true)
    expect(
      (
        await desk.refusal('writeTeamPayout', {
          reviewId: change.reviewId,
          acceptRepeat: true,
          acceptAccountChange: false,
        })
      ).code,
    ).toBe('INVALID_INPUT')
    expect(await count()).toBe(before + 1)

    const bad = await desk.call('reviewTeamPayout', {
      profileId: profile,
      amount: '12.345',
      fields: { ...fields(3), bankCode: '' },
    })
    expect(bad.errors.map((e) => e.code).sort()).toEqual(['amount_invalid', 'field_required'])
    expect(
      (
        await desk.refusal('writeTeamPayout', {
          reviewId: bad.reviewId,
          acceptRepeat: true,
          acceptAccountChange: true,
        })
      ).code,
    ).toBe('INVALID_INPUT')
    expect(await count()).toBe(before + 1)
  })

  it('answers a write whose answer was lost with the payout it wrote, never a second one', async () => {
    const pg = new URL(urlFor('budi'))
    const proxy = await pgCutProxy({ host: pg.hostname, port: Number(pg.port) })
    try {
      const via = new URL(pg)
      via.port = String(proxy.port)
      const reviews = teamPayReviews(() => Promise.resolve(via.toString()))
      const review = await reviews.review({ profileId: profile, amount: '77000', fields: fields(4) })
      proxy.arm()
      await expect(
        reviews.write(review.reviewId, { acceptRepeat: false, acceptAccountChange: false }),
      ).rejects.toThrow()
      expect(proxy.cuts()).toBe(1)
      // It reached the ledger all the same.
      expect(await written(review.reference)).toHaveLength(1)
      const again = await reviews.write(review.reviewId, { acceptRepeat: false, acceptAccountChange: false })
      expect(again).toMatchObject({ reference: review.reference, status: 'queued', existing: true })
      expect(await written(review.reference)).toHaveLength(1)
    } finally {
      await proxy.close()
    }
  })

  it('fills Pay again from a paid team payout only: one that did not pay is paid again by Retry', async () => {
    await connect('budi')
    const review = await desk.call('reviewTeamPayout', {
      profileId: profile,
      amount: '55000',
      fields: fields(5),
    })
    const paid = await desk.call('writeTeamPayout', {
      reviewId: review.reviewId,
      acceptRepeat: false,
      acceptAccountChange: false,
    })
    expect((await desk.refusal('getTeamPayAgain', { id: paid.id })).key).toBe('teamPayAgainNotPaid')
    await admin((c) =>
      c.query("UPDATE payout_desk.payouts SET status = 'succeeded', version = version + 1 WHERE id = $1", [
        paid.id,
      ]),
    )
    expect(await desk.call('getTeamPayAgain', { id: paid.id })).toEqual({
      profileId: profile,
      amountMinor: 55_000,
      currency: 'IDR',
      fields: fields(5),
    })
  })

  it("refuses a field that is not one of the gateway's, such as one named like the amount or reference", async () => {
    await connect('budi')
    const before = await count()
    for (const extra of [{ amount: '900000' }, { reference: 'PDCHOSEN0000000000000001' }]) {
      const refused = await desk.refusal('reviewTeamPayout', {
        profileId: profile,
        amount: '15000',
        fields: { ...fields(6), ...extra },
      })
      expect(refused.code).toBe('INVALID_INPUT')
      expect(refused.message).toContain(`${Object.keys(extra)[0] ?? ''} (not allowed)`)
    }
    expect(await count()).toBe(before)
  })
})
