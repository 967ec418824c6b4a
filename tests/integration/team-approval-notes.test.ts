// What an owner is shown of each waiting payout before she approves it (electron/actions/team-approval-notes.ts,
// `team waiting` and `team approve` in electron/cli/commands/team-approve.ts), on a real PostgreSQL server:
// a bookkeeper who writes a payout to a payee's new account, or a repeat, with psql is asked nothing, so
// the owner's look is the one that catches it (reviews 73 F1, F2, F5).
import { createHash, randomUUID } from 'node:crypto'
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitingWithNotes } from '../../electron/actions/team-approval-notes.ts'
import { approvalToShow, approveShownForTeam } from '../../electron/actions/team-approve.ts'
import { addPerson, initTeamLedger } from '../../electron/team/team-admin.ts'
import { startPostgres, type PostgresServer } from '../support/postgres-server.ts'
import { runCli } from '../support/run-cli.ts'
import { idrFields } from '../support/sandbox-clients.ts'
import { addBareProfile, pointProfileAt } from '../support/team-fixtures.ts'
import { teamSessions } from '../support/team-sessions.ts'

let server: PostgresServer | undefined
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
const { as, admin, urlFor } = teamSessions(() => server, PASSWORD)

beforeAll(async () => {
  server = await startPostgres()
  await initTeamLedger(server.adminUrl)
  await addPerson(server.adminUrl, { name: 'siti', role: 'owner', password: PASSWORD.siti })
  await addPerson(server.adminUrl, { name: 'budi', role: 'bookkeeper', password: PASSWORD.budi })
}, 180_000)
afterAll(async () => {
  await server?.stop()
})

/** A profile of its own merchant account whose every payout over 1,000,000 waits for an owner. */
const limitedProfile = () =>
  admin(async (c) => {
    const id = await addBareProfile(c)
    await c.query('UPDATE payout_desk.profiles SET per_payout_minor = 1000000 WHERE id = $1', [id])
    return id
  })

interface Row {
  reference: string
  name: string
  account: string
  amountMinor: number
  accepted?: string[]
}

/** Budi writes these as one file with write_payouts, as psql lets him: nobody asks him anything. */
const write = (profile: string, rows: readonly Row[], batch: string | null = null) =>
  as('budi', async (c: pg.ClientBase) => {
    if (batch)
      await c.query(
        `INSERT INTO payout_desk.batches (id, profile_id, file_name, file_sha256) VALUES ($1, $2, 'fees.csv', $3)`,
        [batch, profile, createHash('sha256').update(batch).digest('hex')],
      )
    return c.query('SELECT payout_desk.write_payouts($1, $2, $3, $4::jsonb)', [
      profile,
      batch,
      'IDR',
      JSON.stringify(
        rows.map((r) => ({
          id: randomUUID(),
          reference: r.reference,
          amount_minor: r.amountMinor,
          fields: idrFields(r.account, r.name),
          accepted: r.accepted?.map((code) => ({ code, message: `accepted ${code}` })) ?? null,
        })),
      ),
    ])
  })

const notesOf = async (reference: string) => {
  const { payouts } = await waitingWithNotes(urlFor('siti'))
  const found = payouts.find((p) => p.reference === reference)
  return found?.notes ?? expect.unreachable(`${reference} waits`)
}

const cli = (args: string[]) =>
  runCli(['team', ...args], undefined, { PAYOUT_DESK_LEDGER_URL: urlFor('siti') })

describe('what an owner is shown of a payout before she approves it', { timeout: 120_000 }, () => {
  it("a payee's new account, written with psql, is shown as not accepted; the same account is not", async () => {
    const profile = await limitedProfile()
    await write(profile, [
      { reference: 'DEWI-1', name: 'Dewi Lestari', account: '1110001', amountMinor: 50_000 },
    ])
    await write(profile, [
      { reference: 'DEWI-2', name: 'Dewi  lestari', account: '9990009', amountMinor: 2_000_000 },
      { reference: 'EKO-1', name: 'Eko', account: '5550005', amountMinor: 2_000_000 },
    ])
    expect(await notesOf('DEWI-2')).toEqual([
      { kind: 'new_account', was: { bank: '0002', accountNo: '1110001' }, accepted: false },
    ])
    expect(await notesOf('EKO-1')).toEqual([])
    // Paid at the new account once more: the account is the payee's own now, nothing to look at.
    await write(profile, [
      { reference: 'DEWI-3', name: 'Dewi Lestari', account: '9990009', amountMinor: 3_000_000 },
    ])
    expect(await notesOf('DEWI-3')).toEqual([])

    const waiting = await cli(['waiting'])
    expect(waiting.code, waiting.stderr).toBe(0)
    expect(waiting.stdout).toMatch(
      /DEWI-2 .*a new account for Dewi {2}lestari, paid at 0002 1110001 before \(not accepted when written\)/,
    )
    const approve = await cli(['approve', 'DEWI-2', 'EKO-1', '--yes'])
    expect(approve.code, approve.stderr).toBe(0)
    expect(approve.stdout).toMatch(
      /Look first at 1 payout:\n {2}DEWI-2: a new account for Dewi {2}lestari, paid at 0002 1110001 before \(not accepted when written\)\.\n/,
    )
    expect(approve.stdout).not.toMatch(/EKO-1:/)
  })

  it('an account change its person accepted in the app is shown as accepted by them', async () => {
    const profile = await limitedProfile()
    await write(profile, [{ reference: 'WULAN-1', name: 'Wulan', account: '1234001', amountMinor: 50_000 }])
    await write(profile, [
      {
        reference: 'WULAN-2',
        name: 'Wulan',
        account: '1234002',
        amountMinor: 2_000_000,
        accepted: ['account_changed'],
      },
    ])
    expect(await notesOf('WULAN-2')).toEqual([
      { kind: 'new_account', was: { bank: '0002', accountNo: '1234001' }, accepted: true },
    ])
    const { shown } = await approvalToShow(urlFor('siti'), ['WULAN-2'])
    expect(shown.map((p) => p.notes.map((n) => n.kind))).toEqual([['new_account']])
  })

  it('a repeat of a payout of the last 30 days, and two waiting payouts paying the same, are shown', async () => {
    const profile = await limitedProfile()
    await write(profile, [
      { reference: 'RENT-NOV', name: 'Pak Hadi', account: '7770007', amountMinor: 4_500_000 },
    ])
    const first = await approvalToShow(urlFor('siti'), ['RENT-NOV'])
    expect(first.shown[0]?.notes).toEqual([])
    expect(await approveShownForTeam(urlFor('siti'), first.shown)).toBe(1)

    const batch = randomUUID()
    await write(
      profile,
      [
        {
          reference: 'RENT-DEC',
          name: 'Pak Hadi',
          account: '7770007',
          amountMinor: 4_500_000,
          accepted: ['sent_recently'],
        },
        { reference: 'FEE-A', name: 'Bu Sari', account: '8880008', amountMinor: 1_200_000 },
        { reference: 'FEE-B', name: 'Bu Sari', account: '8880008', amountMinor: 1_200_000 },
      ],
      batch,
    )
    const [rent] = await notesOf('RENT-DEC')
    expect(rent).toMatchObject({ kind: 'paid_recently', accepted: true })
    // When the payout it repeats was written, to the minute: the owner can find it.
    const paidAt = await admin((c) =>
      c.query<{ at: Date }>("SELECT created_at AS at FROM payout_desk.payouts WHERE reference = 'RENT-NOV'"),
    )
    expect(
      Math.abs(Date.parse((rent as { at: string }).at) - (paidAt.rows[0]?.at.getTime() ?? 0)),
    ).toBeLessThan(1000)
    expect(await notesOf('FEE-A')).toEqual([{ kind: 'twice_waiting', reference: 'FEE-B', accepted: false }])
    expect(await notesOf('FEE-B')).toEqual([{ kind: 'twice_waiting', reference: 'FEE-A', accepted: false }])

    const approve = await cli(['approve', batch.slice(0, 8), '--yes'])
    expect(approve.code, approve.stderr).toBe(0)
    expect(approve.stdout).toMatch(/Look first at 3 payouts:/)
    expect(approve.stdout).toMatch(
      /RENT-DEC: the same account and amount was paid .*\(accepted by budi when written\)/,
    )
    expect(approve.stdout).toMatch(
      /FEE-A: pays the same account the same amount as FEE-B, also waiting \(not accepted/,
    )
  })

  it('two profiles of one merchant account waiting to pay the same account the same amount are shown', async () => {
    const first = await limitedProfile()
    const second = await limitedProfile()
    await admin((c) => pointProfileAt(c, second, { like: first }))
    await write(first, [{ reference: 'TWO-A', name: 'Pak Joko', account: '6660006', amountMinor: 3_300_000 }])
    await write(second, [{ reference: 'TWO-B', name: 'Joko', account: '6660006', amountMinor: 3_300_000 }])
    expect(await notesOf('TWO-A')).toContainEqual({
      kind: 'twice_waiting',
      reference: 'TWO-B',
      accepted: false,
    })
    expect(await notesOf('TWO-B')).toContainEqual({
      kind: 'twice_waiting',
      reference: 'TWO-A',
      accepted: false,
    })
  })
})
