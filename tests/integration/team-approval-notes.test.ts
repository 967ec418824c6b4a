// What an owner is shown of each waiting payout before she approves it (electron/actions/team-approval-notes.ts
// and team-payee-notes.ts, `team waiting` and `team approve` in electron/cli/commands/team-approve.ts), on a
// real PostgreSQL server: a bookkeeper who writes a payout to a payee's new account, or a repeat, with psql
// is asked nothing, so the owner's look is the one that catches it (reviews 73 F1, F2, F5; review 74's
// ways around the first form of the notes, each a case below).
import { createHash, randomUUID } from 'node:crypto'
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitingWithNotes } from '../../electron/actions/team-approval-notes.ts'
import { approvalToShow, approveShownForTeam } from '../../electron/actions/team-approve.ts'
import { addPerson, initTeamLedger } from '../../electron/team/team-admin.ts'
import { startPostgres, type PostgresServer } from '../support/postgres-server.ts'
import { runCli } from '../support/run-cli.ts'
import { idrFields } from '../support/sandbox-clients.ts'
import {
  addLimitedProfile,
  keepLedgerFailed,
  pointProfileAt,
  writeRetryOf,
} from '../support/team-fixtures.ts'
import { teamSessions } from '../support/team-sessions.ts'

let server: PostgresServer | undefined
const PASSWORD = { siti: 'siti-owner-passphrase', rina: 'rina-owner-passphrase', budi: 'budi-bookkeeper-pw' }
const { as, admin, urlFor } = teamSessions(() => server, PASSWORD)

beforeAll(async () => {
  server = await startPostgres()
  await initTeamLedger(server.adminUrl)
  await addPerson(server.adminUrl, { name: 'siti', role: 'owner', password: PASSWORD.siti })
  await addPerson(server.adminUrl, { name: 'rina', role: 'owner', password: PASSWORD.rina })
  await addPerson(server.adminUrl, { name: 'budi', role: 'bookkeeper', password: PASSWORD.budi })
}, 180_000)
afterAll(async () => {
  await server?.stop()
})

/** A profile of its own merchant account whose every payout over 1,000,000 waits for an owner. */
const limitedProfile = () => admin(addLimitedProfile)

interface Row {
  reference: string
  name: string
  account: string
  amountMinor: number
  accepted?: string[]
}

/** Budi writes these as one file with write_payouts, as psql lets him: nobody asks him anything. */
const write = (
  profile: string,
  rows: readonly Row[],
  batch: string | null = null,
  by: 'budi' | 'siti' = 'budi',
) =>
  as(by, async (c: pg.ClientBase) => {
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

const notesOf = async (reference: string, owner: 'siti' | 'rina' = 'siti') => {
  const { payouts } = await waitingWithNotes(urlFor(owner))
  const found = payouts.find((p) => p.reference === reference)
  return found?.notes ?? expect.unreachable(`${reference} waits`)
}

const cli = (args: string[]) =>
  runCli(['team', ...args], undefined, { PAYOUT_DESK_LEDGER_URL: urlFor('siti') })

describe('what an owner is shown of a payout before she approves it', { timeout: 120_000 }, () => {
  it("a payee's new account is shown until another person has seen it; a payee nobody else saw is new", async () => {
    const profile = await limitedProfile()
    await write(profile, [
      { reference: 'DEWI-1', name: 'Dewi Lestari', account: '1110001', amountMinor: 50_000 },
    ])
    await write(profile, [
      { reference: 'DEWI-2', name: 'Dewi  lestari', account: '9990009', amountMinor: 2_000_000 },
      { reference: 'EKO-1', name: 'Eko', account: '5550005', amountMinor: 2_000_000 },
    ])
    // Nobody but its preparer paid Dewi at 1110001: the book says no owner has seen her (team migration 18).
    expect(await notesOf('DEWI-2')).toEqual([
      { kind: 'new_account', was: { bank: '0002', accountNo: '1110001' }, accepted: false },
      { kind: 'new_payee', paidBefore: 1 },
    ])
    expect(await notesOf('EKO-1')).toEqual([{ kind: 'new_payee', paidBefore: 0 }])

    const waiting = await cli(['waiting'])
    expect(waiting.code, waiting.stderr).toBe(0)
    expect(waiting.stdout).toMatch(
      /DEWI-2 .*a new account for Dewi {2}lestari, paid at 0002 1110001 before \(not marked accepted when written\)/,
    )
    const approve = await cli(['approve', 'DEWI-2', 'EKO-1', '--yes'])
    expect(approve.code, approve.stderr).toBe(0)
    expect(approve.stdout).toMatch(
      /Look first at 2 payouts \(1 to a new account, 2 to a payee no owner has seen\):\n {2}DEWI-2: a new account for Dewi {2}lestari, paid at 0002 1110001 before \(not marked accepted when written\); seen by no owner yet: paid 1 time before, never approved\.\n {2}EKO-1: a new payee: never paid before\.\n/,
    )
    // Siti approved both: the new account is Dewi's now, and Eko is known.
    await write(profile, [
      { reference: 'DEWI-3', name: 'Dewi Lestari', account: '9990009', amountMinor: 3_000_000 },
      { reference: 'EKO-2', name: 'Eko', account: '5550005', amountMinor: 3_000_000 },
    ])
    expect(await notesOf('DEWI-3')).toEqual([])
    expect(await notesOf('EKO-2')).toEqual([])
  })

  it("a cheap payout to the new account first, in the same file or the day before, does not make it the payee's (review 74 F1)", async () => {
    const profile = await limitedProfile()
    await write(profile, [
      { reference: 'F1-OLD', name: 'Dewi Lestari', account: '1110011', amountMinor: 50_000 },
    ])
    await write(
      profile,
      [
        { reference: 'F1-X', name: 'Dewi  Lestari', account: '6660006', amountMinor: 10_000 },
        { reference: 'F1-W', name: 'Dewi Lestari', account: '6660006', amountMinor: 90_000_000 },
      ],
      randomUUID(),
    )
    expect(await notesOf('F1-W')).toEqual([
      { kind: 'new_account', was: { bank: '0002', accountNo: '1110011' }, accepted: false },
      { kind: 'new_payee', paidBefore: 2 },
    ])
    // The same with a single cheap payout written the day before, no file at all.
    await write(profile, [
      { reference: 'F1B-OLD', name: 'Eka Putri', account: '1110012', amountMinor: 50_000 },
    ])
    await write(profile, [
      { reference: 'F1B-X', name: 'Eka  Putri', account: '6660007', amountMinor: 10_000 },
    ])
    await write(profile, [
      { reference: 'F1B-W', name: 'Eka Putri', account: '6660007', amountMinor: 90_000_000 },
    ])
    expect(await notesOf('F1B-W')).toEqual([
      { kind: 'new_account', was: { bank: '0002', accountNo: '1110012' }, accepted: false },
      { kind: 'new_payee', paidBefore: 2 },
    ])
  })

  it("a later row of the file copying the payee's old fields neither hides the change nor is flagged (review 74 F2)", async () => {
    const profile = await limitedProfile()
    await write(profile, [
      { reference: 'F2-OLD', name: 'Hana Wijaya', account: '1110003', amountMinor: 50_000 },
    ])
    await write(
      profile,
      [
        { reference: 'F2-W', name: 'Hana Wijaya', account: '6660008', amountMinor: 90_000_000 },
        { reference: 'F2-HONEST', name: 'Hana Wijaya', account: '1110003', amountMinor: 2_000_000 },
      ],
      randomUUID(),
    )
    // The honest row waits at her old account: one payee at two accounts (review 82 F0b).
    expect(await notesOf('F2-W')).toEqual([
      { kind: 'new_account', was: { bank: '0002', accountNo: '1110003' }, accepted: false },
      { kind: 'new_payee', paidBefore: 1 },
      { kind: 'two_accounts', also: { bank: '0002', accountNo: '1110003' } },
    ])
    expect((await notesOf('F2-HONEST')).map((n) => n.kind)).not.toContain('new_account')
  })

  it('an account known under another name, a name that would not be sent, and payouts not judged here are shown', async () => {
    const profile = await limitedProfile()
    await write(profile, [
      { reference: 'F7-BUDI', name: 'Budi Santoso', account: '6660012', amountMinor: 150_000 },
    ])
    await write(profile, [
      { reference: 'F7-W', name: 'CV Sinar Jaya', account: '6660012', amountMinor: 90_000_000 },
      // "Dewi" with a Cyrillic е, as psql lets him write it: the app refuses it, and so would the gateway client.
      { reference: 'F6-W', name: 'D\u0435wi Lestari', account: '6660011', amountMinor: 90_000_000 },
    ])
    expect(await notesOf('F7-W')).toEqual([
      { kind: 'other_name', name: 'Budi Santoso' },
      { kind: 'new_payee', paidBefore: 1 },
    ])
    const lookAlike = await notesOf('F6-W')
    expect(lookAlike).toContainEqual({
      kind: 'not_sendable',
      problem: {
        key: 'fieldsNotValid',
        params: { gateway: 'Vexora ID', fields: 'customerName:mixed_letters' },
      },
    })
    const approve = await cli(['approve', 'F6-W', 'F7-W', '--yes'])
    expect(approve.stdout).toMatch(/F7-W: this account was paid as Budi Santoso before/)
    expect(approve.stdout).toMatch(
      /F6-W: it would not be sent: The payout's fields are not valid for Vexora ID: /,
    )

    // The owner points the profile at another merchant: what was written for the old one is not judged
    // here; the book judges it where it was written, and what it notes is shown (team migration 18).
    await write(profile, [{ reference: 'MOVED-W', name: 'Rudi', account: '1110013', amountMinor: 2_000_000 }])
    await admin((c) => pointProfileAt(c, profile, `M-${randomUUID().slice(0, 8)}`))
    expect(await notesOf('MOVED-W')).toEqual([
      { kind: 'unchecked', why: 'moved' },
      { kind: 'new_payee', paidBefore: 0 },
    ])
  })

  it('one profile at an area this desk has no rules for is listed unjudged; the others are judged (review 74 F5)', async () => {
    const good = await limitedProfile()
    await write(good, [{ reference: 'F5-GOOD', name: 'Rina', account: '1110006', amountMinor: 2_000_000 }])
    const odd = await limitedProfile()
    await write(odd, [{ reference: 'F5-ODD', name: 'Rudi', account: '1110007', amountMinor: 2_000_000 }])
    await admin((c) => c.query("UPDATE payout_desk.profiles SET area = 'ZZ' WHERE id = $1", [odd]))
    try {
      // The book keeps the keys it was written with, and notes what it knows of them (team migration 18).
      expect(await notesOf('F5-ODD')).toEqual([
        { kind: 'unchecked', why: 'rules' },
        { kind: 'new_payee', paidBefore: 0 },
      ])
      expect(await notesOf('F5-GOOD')).toEqual([{ kind: 'new_payee', paidBefore: 0 }])
    } finally {
      await admin((c) => c.query("UPDATE payout_desk.profiles SET area = 'ID' WHERE id = $1", [odd]))
    }
  })

  it('an account change its person marked accepted is shown as marked by them', async () => {
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
      { kind: 'new_payee', paidBefore: 1 },
    ])
    const { shown } = await approvalToShow(urlFor('siti'), ['WULAN-2'])
    expect(shown.map((p) => p.notes.map((n) => n.kind))).toEqual([['new_account', 'new_payee']])
  })

  it('a repeat of a payout of the last 30 days, and two waiting payouts paying the same, are shown', async () => {
    const profile = await limitedProfile()
    await write(profile, [
      { reference: 'RENT-NOV', name: 'Pak Hadi', account: '7770007', amountMinor: 4_500_000 },
    ])
    const first = await approvalToShow(urlFor('siti'), ['RENT-NOV'])
    expect(first.shown[0]?.notes).toEqual([{ kind: 'new_payee', paidBefore: 0 }])
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
    const [rent, ...more] = await notesOf('RENT-DEC')
    expect(more).toEqual([])
    expect(rent).toMatchObject({ kind: 'paid_recently', accepted: true })
    // When the payout it repeats was written, to the second: the owner can find it.
    const paidAt = await admin((c) =>
      c.query<{ at: Date }>("SELECT created_at AS at FROM payout_desk.payouts WHERE reference = 'RENT-NOV'"),
    )
    expect(
      Math.abs(Date.parse((rent as { at: string }).at) - (paidAt.rows[0]?.at.getTime() ?? 0)),
    ).toBeLessThan(1000)
    expect(await notesOf('FEE-A')).toContainEqual({
      kind: 'twice_waiting',
      reference: 'FEE-B',
      accepted: false,
    })
    expect(await notesOf('FEE-B')).toContainEqual({
      kind: 'twice_waiting',
      reference: 'FEE-A',
      accepted: false,
    })

    const approve = await cli(['approve', batch.slice(0, 8), '--yes'])
    expect(approve.code, approve.stderr).toBe(0)
    expect(approve.stdout).toMatch(
      /Look first at 3 payouts \(2 to a payee no owner has seen, 2 also waiting, 1 written again within 20 days\):/,
    )
    expect(approve.stdout).toMatch(
      /RENT-DEC: a payout of the same account and amount was written .*\(marked accepted by budi when written\)/,
    )
    expect(approve.stdout).toMatch(
      /FEE-A: .*pays the same account the same amount as FEE-B, also waiting \(not marked/,
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

  it("a month's payroll the owner approved is not noted again; a payee only its preparer paid says how often (review 75)", async () => {
    const profile = await limitedProfile()
    const staff = [
      { name: 'Ani Wulandari', account: '2220001' },
      { name: 'Citra Dewi', account: '2220003' },
    ]
    await write(
      profile,
      staff.map((s, i) => ({ reference: `JAN-${i}`, ...s, amountMinor: 5_000_000 })),
    )
    const jan = await approvalToShow(urlFor('siti'), ['JAN-0', 'JAN-1'])
    expect(await approveShownForTeam(urlFor('siti'), jan.shown)).toBe(2)
    // Payroll on the 28th, January to February: 28 days apart.
    await admin((c) =>
      c.query(
        "UPDATE payout_desk.payouts SET created_at = created_at - interval '28 days' WHERE profile_id = $1",
        [profile],
      ),
    )
    await write(
      profile,
      staff.map((s, i) => ({ reference: `FEB-${i}`, ...s, amountMinor: 5_000_000 })),
    )
    expect(await notesOf('FEB-0')).toEqual([])
    expect(await notesOf('FEB-1')).toEqual([])

    // Bayu was paid twice under the limit, by Budi alone: nobody else has seen him.
    for (const reference of ['BAYU-1', 'BAYU-2'])
      await write(profile, [
        { reference, name: 'Bayu Saputra', account: '2220002', amountMinor: 400_000 + reference.length },
      ])
    await write(profile, [
      { reference: 'BAYU-3', name: 'Bayu Saputra', account: '2220002', amountMinor: 1_400_000 },
    ])
    expect(await notesOf('BAYU-3')).toEqual([{ kind: 'new_payee', paidBefore: 2 }])
  })

  it("a bookkeeper's cheap payout vouches for no account, whoever writes the big one after; a corrected name clears once seen (review 75 R6, R4)", async () => {
    const profile = await limitedProfile()
    await write(profile, [
      { reference: 'DW-1', name: 'Dewi Lestari', account: '1110031', amountMinor: 5_000_000 },
    ])
    expect(
      await approveShownForTeam(urlFor('siti'), (await approvalToShow(urlFor('siti'), ['DW-1'])).shown),
    ).toBe(1)
    // Budi alone, under the limit; then Siti pays Dewi "at her account" as the book's newest payout says.
    await write(profile, [
      { reference: 'DW-X', name: 'Dewi Lestari', account: '6660036', amountMinor: 10_000 },
    ])
    await write(
      profile,
      [{ reference: 'DW-S', name: 'Dewi Lestari', account: '6660036', amountMinor: 50_000_000 }],
      null,
      'siti',
    )
    expect(await notesOf('DW-S', 'rina')).toEqual([
      { kind: 'new_account', was: { bank: '0002', accountNo: '1110031' }, accepted: false },
    ])

    await write(profile, [
      { reference: 'S-1', name: 'Siti Rahma', account: '4440034', amountMinor: 5_000_000 },
    ])
    expect(
      await approveShownForTeam(urlFor('siti'), (await approvalToShow(urlFor('siti'), ['S-1'])).shown),
    ).toBe(1)
    await write(profile, [
      { reference: 'S-2', name: 'Siti Rahmah', account: '4440034', amountMinor: 6_000_000 },
    ])
    const s2 = await approvalToShow(urlFor('siti'), ['S-2'])
    expect(s2.shown[0]?.notes).toEqual([{ kind: 'other_name', name: 'Siti Rahma' }])
    expect(await approveShownForTeam(urlFor('siti'), s2.shown)).toBe(1)
    await write(profile, [
      { reference: 'S-3', name: 'Siti Rahmah', account: '4440034', amountMinor: 7_000_000 },
    ])
    expect(await notesOf('S-3')).toEqual([])
    // Both spellings seen by an owner at this account: the old one is not "another name" either (review 76 A).
    await write(profile, [
      { reference: 'S-4', name: 'Siti Rahma', account: '4440034', amountMinor: 8_000_000 },
    ])
    expect(await notesOf('S-4')).toEqual([])

    // Budi's own salary, approved by an owner at his account, still makes a "supplier" there another name.
    await write(profile, [
      { reference: 'B-SAL', name: 'Budi Santoso', account: '6660046', amountMinor: 4_000_000 },
    ])
    expect(
      await approveShownForTeam(urlFor('siti'), (await approvalToShow(urlFor('siti'), ['B-SAL'])).shown),
    ).toBe(1)
    await write(profile, [
      { reference: 'CV-1', name: 'CV Sinar Jaya', account: '6660046', amountMinor: 9_000_000 },
    ])
    expect(await notesOf('CV-1')).toEqual([{ kind: 'other_name', name: 'Budi Santoso' }])
  })
  it("a Retry of a payout its preparer settled as not paid, against the gateway's word, says who settled it (review 77 F4)", async () => {
    const profile = await limitedProfile()
    await write(profile, [{ reference: 'WATI-0', name: 'Wati', account: '1110090', amountMinor: 2_000_000 }])
    const first = (await approvalToShow(urlFor('siti'), ['WATI-0'])).shown
    expect(await approveShownForTeam(urlFor('siti'), first)).toBe(1)
    const id = first[0]?.id ?? ''
    // It failed; then the gateway said it paid after all. Budi keeps the ledger's "failed" himself.
    await admin((a) =>
      as('budi', async (c) => {
        await keepLedgerFailed(a, c, id)
        await writeRetryOf(c, id, 'WATI-R')
      }),
    )
    expect(await notesOf('WATI-R')).toContainEqual({
      kind: 'decided_not_paid',
      reference: 'WATI-0',
      person: 'budi',
      action: 'keep-ledger',
    })
    const waiting = await cli(['waiting'])
    expect(waiting.stdout).toMatch(
      /WATI-R.*pays again WATI-0, which the gateway said was paid: budi kept the ledger's "failed"/,
    )
  })
})
