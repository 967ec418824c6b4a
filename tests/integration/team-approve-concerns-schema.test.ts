// Team migration 18 (electron/team/team-approve-concerns-schema.ts) on a real PostgreSQL server: the book
// itself notes what an owner should see before she approves (a new account, another name at the account,
// a new payee: judged by what an owner saw), refuses an approval that does not acknowledge each, and
// records what she acknowledged (review 77 F2, F3). Both approvals below went through on migration 17's
// book; the desks' own notes and doors are in team-approval-notes.test.ts and team-handlers.test.ts.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitingWithNotes } from '../../electron/actions/team-approval-notes.ts'
import { approveShownForTeam } from '../../electron/actions/team-approve.ts'
import { addPerson, initTeamLedger } from '../../electron/team/team-admin.ts'
import { TEAM_MIGRATIONS } from '../../electron/team/team-schema.ts'
import { startPostgres, type PostgresServer } from '../support/postgres-server.ts'
import { idrFields } from '../support/sandbox-clients.ts'
import {
  addLimitedProfile,
  keepLedgerFailed,
  pointProfileAt,
  writePayoutSet,
  writeRetryOf,
} from '../support/team-fixtures.ts'
import { refusal, teamSessions } from '../support/team-sessions.ts'

let server: PostgresServer | undefined
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
const { as, admin, urlFor } = teamSessions(() => server, PASSWORD)
let profile = ''

/** A profile whose every payout over 1,000,000 waits for an owner. */
const limitedProfile = addLimitedProfile

const idOf = (reference: string) =>
  admin((c) =>
    c
      .query<{ id: string }>('SELECT id FROM payout_desk.payouts WHERE reference = $1', [reference])
      .then((r) => r.rows[0]?.id ?? ''),
  )

/** Budi calls write_payouts himself at psql (no desk asked him anything); returns its id. */
async function written(reference: string, name: string, account: string, amountMinor = 5_000_000) {
  await as('budi', (c) => writePayoutSet(c, profile, null, [{ name, account, reference, amountMinor }]))
  return idOf(reference)
}

/** Budi writes it by hand (an INSERT, no keys); returns its id. */
async function byHand(reference: string, name: string, account: string, amountMinor = 5_000_000) {
  const id = randomUUID()
  await as('budi', (c) =>
    c.query(
      `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields)
       VALUES ($1, $2, $3, $4, 'IDR', $5)`,
      [id, profile, reference, amountMinor, idrFields(account, name)],
    ),
  )
  return id
}

/** Siti at psql: the form every earlier book had, which acknowledges nothing. */
const approve = (ids: string[], total = ids.length * 5_000_000) =>
  as('siti', (c) => c.query<{ n: number }>('SELECT payout_desk.approve($1::uuid[], $2) AS n', [ids, total]))
const approveAcknowledging = (ids: string[], acknowledged: string[], total = ids.length * 5_000_000) =>
  as('siti', (c) =>
    c.query<{ n: number }>('SELECT payout_desk.approve($1::uuid[], $2, $3) AS n', [ids, total, acknowledged]),
  )
const concernsOf = (ids: string[]) =>
  as('siti', (c) =>
    c
      .query<{
        payout_id: string
        kind: string
        seen_fields: Record<string, string> | null
        paid_before: number | null
      }>('SELECT * FROM payout_desk.approval_concerns($1::uuid[]) ORDER BY payout_id, kind', [ids])
      .then((r) => r.rows),
  )

/** The book's version: 17, then 18 once the first test migrated it. */
let version = 17

/** The payee is paid at `account`, and Siti saw it: she approved it (a new payee, on migration 18). */
async function seenAt(reference: string, name: string, account: string) {
  const id = await written(reference, name, account)
  if (version >= 18) await approveAcknowledging([id], [`${id} new_payee`])
  else await approve([id])
  return id
}

beforeAll(async () => {
  server = await startPostgres()
  expect(await initTeamLedger(server.adminUrl, TEAM_MIGRATIONS.slice(0, 17))).toEqual({ from: 0, to: 17 })
  await addPerson(server.adminUrl, { name: 'siti', role: 'owner', password: PASSWORD.siti })
  await addPerson(server.adminUrl, { name: 'budi', role: 'bookkeeper', password: PASSWORD.budi })
  profile = await as('siti', limitedProfile)
}, 180_000)
afterAll(async () => {
  await server?.stop()
})

describe('team migration 18: the owner acknowledges what the book notes', { timeout: 120_000 }, () => {
  it('before it, the book approved at psql a payout to an account no owner saw the payee at', async () => {
    // F2: Budi's own write_payouts call to Dewi at his account; F3: two payouts by hand to Eka's "new"
    // account vouch for each other.
    await seenAt('DEWI-0', 'Dewi Lestari', '7001')
    const dewi = await written('DEWI-1', 'Dewi Lestari', '9999')
    await seenAt('EKA-0', 'Eka Putri', '7002')
    await byHand('EKA-1', 'Eka Putri', '9999', 100_000)
    const eka = await byHand('EKA-2', 'Eka Putri', '9999')
    expect((await approve([dewi, eka])).rows[0]).toEqual({ n: 2 })

    expect(await initTeamLedger(server?.adminUrl ?? '', TEAM_MIGRATIONS.slice(0, 18))).toEqual({
      from: 17,
      to: 18,
    })
    version = 18
  })

  it('notes a new account by what an owner saw, whoever wrote the payout and however', async () => {
    await seenAt('FINA-0', 'Fina Sari', '7101')
    const fina = await written('FINA-1', 'Fina Sari', '9992')
    await seenAt('GITA-0', 'Gita Ayu', '7102')
    await byHand('GITA-1', 'Gita Ayu', '9992', 100_000)
    const gita = await byHand('GITA-2', 'Gita Ayu', '9992')
    expect(
      (await concernsOf([fina, gita])).map((c) => [c.payout_id, c.kind, c.seen_fields?.bankAccountNo]),
    ).toEqual(
      [
        [fina, 'new_account', '7101'],
        [gita, 'new_account', '7102'],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    )
    // Approved without acknowledging it: refused, naming the first such payout; nothing approved.
    await expect(approve([fina, gita])).rejects.toMatchObject({ code: 'PD017', detail: 'FINA-1' })
    await expect(approveAcknowledging([fina, gita], [`${fina} new_account`])).rejects.toMatchObject({
      code: 'PD017',
      detail: 'GITA-2',
    })
    // Acknowledging another kind is not acknowledging this one.
    await expect(
      approveAcknowledging([fina, gita], [`${fina} new_account`, `${gita} new_payee`]),
    ).rejects.toMatchObject({ code: 'PD017', detail: 'GITA-2' })
    expect(
      (await approveAcknowledging([fina, gita], [`${fina} new_account`, `${gita} new_account`])).rows[0],
    ).toEqual({ n: 2 })
    // What she acknowledged is the approved event's, with her name.
    const { rows } = await admin((c) =>
      c.query<{ person: string; detail: unknown }>(
        "SELECT person, detail FROM payout_desk.payout_events WHERE payout_id = $1 AND kind = 'approved'",
        [fina],
      ),
    )
    expect(rows).toEqual([{ person: 'siti', detail: { acknowledged: ['new_account'] } }])
  })

  it('notes another name at an account, and a new payee with how often it was paid unseen', async () => {
    await seenAt('HADI-0', 'Hadi Wijaya', '7201')
    const supplier = await written('SUP-1', 'Toko Sumber Jaya', '7201')
    await byHand('IRA-0', 'Ira Lestari', '7202', 100_000)
    await written('IRA-1', 'Ira Lestari', '7202', 100_000)
    const ira = await written('IRA-2', 'Ira Lestari', '7202')
    const concerns = await concernsOf([supplier, ira])
    expect(concerns.find((c) => c.payout_id === supplier)).toMatchObject({
      kind: 'other_name',
      seen_fields: { customerName: 'Hadi Wijaya' },
    })
    expect(concerns.find((c) => c.payout_id === ira)).toMatchObject({ kind: 'new_payee', paid_before: 2 })
    // Hadi again at his own account: nothing to acknowledge, the earlier form approves it.
    const hadi = await written('HADI-1', 'hadi  wijaya', '7201')
    expect(await concernsOf([hadi])).toEqual([])
    expect((await approve([hadi])).rows[0]).toEqual({ n: 1 })
    // A bookkeeper reads the concerns, but approves nothing, whatever he acknowledges.
    expect(
      await as('budi', (c) =>
        refusal(
          c.query('SELECT payout_desk.approve($1::uuid[], 5000000, $2)', [[ira], [`${ira} new_payee`]]),
        ),
      ),
    ).toBe('42501')
    expect(
      await as('budi', (c) =>
        c.query('SELECT count(*)::int AS n FROM payout_desk.approval_concerns($1::uuid[])', [[ira]]),
      ),
    ).toMatchObject({ rows: [{ n: 1 }] })
  })

  it('refuses what was shown once the book notes more since, and the desk names a concern its notes missed', async () => {
    // Jaka waits at 7302, shown as a new payee; meanwhile Siti approves an earlier payout to Lina there.
    const earlier = await written('LINA-0', 'Lina Marlina', '7302')
    const later = await written('JAKA-1', 'Jaka Tarub', '7302')
    const shown = (await waitingWithNotes(urlFor('siti'))).payouts.filter((p) => p.id === later)
    expect(shown.map((p) => p.concerns)).toEqual([['new_payee']])
    await approveAcknowledging([earlier], [`${earlier} new_payee`])
    await expect(approveShownForTeam(urlFor('siti'), shown)).rejects.toMatchObject({
      text: { key: 'teamApprovalNotShown', params: { reference: 'JAKA-1' } },
    })
    const again = (await waitingWithNotes(urlFor('siti'))).payouts.filter((p) => p.id === later)
    expect(again.map((p) => p.concerns)).toEqual([['other_name']])
    await expect(approveShownForTeam(urlFor('siti'), again)).resolves.toBe(1)

    // The profile moved since Kiki's payout was written: the desk cannot judge it at its new account and
    // says so; the book judges it where it was written, and the desk names the book's concern.
    const mover = await as('siti', limitedProfile)
    const moved = [profile, mover]
    profile = mover
    await seenAt('KIKI-0', 'Kiki Amelia', '7401')
    const kiki = await written('KIKI-1', 'Kiki Amelia', '9993')
    await as('siti', (c) => pointProfileAt(c, mover, 'M-elsewhere'))
    profile = moved[0] as string
    const listed = (await waitingWithNotes(urlFor('siti'))).payouts.find((p) => p.id === kiki)
    expect(listed?.concerns).toEqual(['new_account'])
    expect(listed?.notes).toEqual(
      expect.arrayContaining([
        { kind: 'unchecked', why: 'moved' },
        { kind: 'new_account', was: { bank: '0002', accountNo: '7401' }, accepted: false },
      ]),
    )
  })
})

describe('team migration 18, after review 82', { timeout: 120_000 }, () => {
  const kinds = async (id: string) => (await concernsOf([id])).map((c) => c.kind)
  const shownNotes = async (id: string) =>
    (await waitingWithNotes(urlFor('siti'))).payouts.find((p) => p.id === id)?.notes ?? []

  it('judges by what an owner has seen when she approves, not by the order of the writes (F0, F3)', async () => {
    // Budi writes his payout to Alia at his account first; her real payout comes after, and is approved.
    const his = await written('ALI-W', 'Alia Rahma', '8899', 5_300_000)
    const hers = await written('ALI-P', 'Alia Rahma', '7099')
    await approveAcknowledging([hers], [`${hers} new_payee`, `${hers} two_accounts`])
    // A cheap payout to his account in her name, after it, keeps the book's older check (PD006) quiet.
    await written('ALI-D', 'Alia Rahma', '8899', 100_000)
    expect(await concernsOf([his])).toMatchObject([
      { kind: 'new_account', seen_fields: { bankAccountNo: '7099' } },
    ])
    await expect(approveAcknowledging([his], [`${his} new_payee`], 5_300_000)).rejects.toMatchObject({
      code: 'PD017',
    })
    // An owner's approved payout that failed still says where she saw the payee.
    const eko = await seenAt('EKO-0', 'Eko Prasetyo', '7601')
    await admin((c) => c.query("UPDATE payout_desk.payouts SET status = 'failed' WHERE id = $1", [eko]))
    expect(await kinds(await written('EKO-1', 'Eko Prasetyo', '8877'))).toEqual(['new_account'])
  })

  it('notes one payee waiting at two accounts, in one file or apart (F0b)', async () => {
    await as('budi', (c) =>
      writePayoutSet(c, profile, null, [
        { name: 'Sinta Dewi', account: '8701', reference: 'SIN-W', amountMinor: 5_400_000 },
        { name: 'Sinta Dewi', account: '7701', reference: 'SIN-P', amountMinor: 5_000_000 },
      ]),
    )
    const [w, p] = [await idOf('SIN-W'), await idOf('SIN-P')]
    const book = await concernsOf([w, p])
    expect(
      book.filter((c) => c.kind === 'two_accounts').map((c) => [c.payout_id, c.seen_fields?.bankAccountNo]),
    ).toEqual(
      expect.arrayContaining([
        [w, '7701'],
        [p, '8701'],
      ]),
    )
    expect(await shownNotes(w)).toContainEqual({
      kind: 'two_accounts',
      also: { bank: '0002', accountNo: '7701' },
    })
  })

  it("shows the book's concern in its own words where the desk's note names a decoy (F1, F5)", async () => {
    // Budi's salary account is known to Siti under his own name; a cheap decoy spells the supplier.
    await seenAt('SAL-1', 'Budi Santoso', '8888')
    await written('DECOY-1', 'CV. Maju Jaya', '8888', 100_000)
    const big = await written('SUP-BIG', 'CV Maju Jaya', '8888', 6_000_000)
    expect(await shownNotes(big)).toContainEqual({ kind: 'other_name', name: 'Budi Santoso' })
    // A payee nobody saw, at an account nobody saw: a decoy's "new account" does not stand for "new payee".
    await written('FAJ-0', 'Fajar Nugroho', '7777', 100_000)
    const fajar = await written('FAJ-1', 'Fajar Nugroho', '8866', 6_100_000)
    expect((await shownNotes(fajar)).map((n) => n.kind)).toEqual(expect.arrayContaining(['new_payee']))
  })
})

describe('team migration 18, after review 83', { timeout: 120_000 }, () => {
  /** The gateway said `id` paid after all; Budi keeps the ledger's "failed" himself. */
  const keptFailedByBudi = (id: string) => admin((a) => as('budi', (c) => keepLedgerFailed(a, c, id)))
  const retryOf = (id: string, reference: string) =>
    as('budi', async (c) => {
      await writeRetryOf(c, id, reference)
      return idOf(reference)
    })

  it('notes a Retry of what a person settled as not paid against the gateway, at psql and after the list was read (N9, N9b)', async () => {
    const wati = await seenAt('WATI-0', 'Wati Susanti', '1110090')
    await keptFailedByBudi(wati)
    const retry = await retryOf(wati, 'WATI-R')
    expect(await concernsOf([retry])).toMatchObject([
      {
        kind: 'decided_not_paid',
        seen_fields: { reference: 'WATI-0', person: 'budi', action: 'keep-ledger' },
      },
    ])
    await expect(approve([retry])).rejects.toMatchObject({ code: 'PD017', detail: 'WATI-R' })

    // Settled after the owner read the list: what she was shown does not acknowledge it.
    const wahyu = await seenAt('WAHYU-0', 'Wahyu Hidayat', '1110091')
    await admin((c) => c.query("UPDATE payout_desk.payouts SET status = 'failed' WHERE id = $1", [wahyu]))
    const again = await retryOf(wahyu, 'WAHYU-R')
    const shown = (await waitingWithNotes(urlFor('siti'))).payouts.filter((p) => p.id === again)
    expect(shown.map((p) => p.concerns)).toEqual([[]])
    await keptFailedByBudi(wahyu)
    await expect(approveShownForTeam(urlFor('siti'), shown)).rejects.toMatchObject({
      text: { key: 'teamApprovalNotShown', params: { reference: 'WAHYU-R' } },
    })
  })

  it("counts an owner's own payout that failed as seen (N13)", async () => {
    await as('siti', (c) =>
      writePayoutSet(c, profile, null, [
        { name: 'Nia Ramadhani', account: '7801', reference: 'NIA-0', amountMinor: 100_000 },
      ]),
    )
    await admin((c) => c.query("UPDATE payout_desk.payouts SET status = 'failed' WHERE reference = 'NIA-0'"))
    const nia = await written('NIA-1', 'Nia Ramadhani', '8801')
    expect((await concernsOf([nia])).map((c) => c.kind)).toEqual(['new_account'])
    // The desk does not also call her a new payee (L1).
    const notes = (await waitingWithNotes(urlFor('siti'))).payouts.find((p) => p.id === nia)?.notes ?? []
    expect(notes.map((n) => n.kind)).not.toContain('new_payee')
  })
})
