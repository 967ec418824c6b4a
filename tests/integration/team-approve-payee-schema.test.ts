// Team migration 15 (electron/team/team-approve-payee-schema.ts) on a real PostgreSQL server: the book
// itself refuses to approve a payout whose payee it has come to know at another account since, so an
// owner at psql, or at a desk of an older version, cannot let go a payout to the account the payee left
// (review 66 F5). The desks' own check, and its words, are in team-approvals.test.ts.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addPerson, initTeamLedger } from '../../electron/team/team-admin.ts'
import { approveIds } from '../../electron/team/team-approvals.ts'
import { approveForTeam } from '../../electron/actions/team-approve.ts'
import { TEAM_MIGRATIONS } from '../../electron/team/team-schema.ts'
import { startPostgres, type PostgresServer } from '../support/postgres-server.ts'
import { addLimitedProfile, pointProfileAt, writePayoutSet, writeRetryOf } from '../support/team-fixtures.ts'
import { teamSessions } from '../support/team-sessions.ts'

let server: PostgresServer | undefined
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
const { as, admin, session, urlFor } = teamSessions(() => server, PASSWORD)
let profile = ''

/** A profile whose every payout over 1,000,000 waits for an owner. */
const limitedProfile = addLimitedProfile

/** Written by Budi as psql would; returns its id. Over the limit it waits. */
async function pay(at: string, reference: string, amountMinor: number, name: string, account: string) {
  const id = randomUUID()
  await as('budi', (c) =>
    c.query(
      `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields)
       VALUES ($1, $2, $3, $4, 'IDR', $5)`,
      [id, at, reference, amountMinor, { customerName: name, bankAccountNo: account, bankCode: '0002' }],
    ),
  )
  return id
}

/** Written by Budi as a desk writes (write_payouts), after its payee questions; returns its id. */
async function byDesk(reference: string, amountMinor: number, name: string, account: string) {
  await as('budi', (c) => writePayoutSet(c, profile, null, [{ name, account, reference, amountMinor }]))
  const { rows } = await as('budi', (c) =>
    c.query<{ id: string }>('SELECT id FROM payout_desk.payouts WHERE reference = $1', [reference]),
  )
  return rows[0]?.id ?? ''
}

/** Siti approves with psql: the ids and the total, nothing asked of her desk. */
const approve = (ids: string[], total: number) =>
  as('siti', (c) => c.query('SELECT payout_desk.approve($1::uuid[], $2) AS n', [ids, total]))

beforeAll(async () => {
  server = await startPostgres()
  expect(await initTeamLedger(server.adminUrl, TEAM_MIGRATIONS.slice(0, 14))).toEqual({ from: 0, to: 14 })
  await addPerson(server.adminUrl, { name: 'siti', role: 'owner', password: PASSWORD.siti })
  await addPerson(server.adminUrl, { name: 'budi', role: 'bookkeeper', password: PASSWORD.budi })
  profile = await as('siti', limitedProfile)
  // Before the migration the book approves what the desks would refuse: Dewi was paid at 7002 since.
  const monday = await pay(profile, 'OLD-1', 5_000_000, 'Dewi Lestari', '7001')
  await pay(profile, 'OLD-2', 100_000, 'dewi  lestari', '7002')
  expect((await approve([monday], 5_000_000)).rows[0]).toEqual({ n: 1 })
  expect(await initTeamLedger(server.adminUrl, TEAM_MIGRATIONS.slice(0, 15))).toEqual({ from: 14, to: 15 })
}, 180_000)
afterAll(async () => {
  await server?.stop()
})

describe('team migration 15: the book judges the payee of what it approves', () => {
  it('refuses a payout to the account its payee has left, with its reference; approves one whose payee stayed', async () => {
    const moved = await pay(profile, 'MOVED-1', 5_000_000, 'Rina Wati', '7101')
    await pay(profile, 'MOVED-2', 100_000, 'RINA WATI', '7102')
    await expect(approve([moved], 5_000_000)).rejects.toMatchObject({ code: 'PD006', detail: 'MOVED-1' })
    // A desk meeting the book's refusal says it in words, with the payout's reference.
    await expect(as('siti', (c) => approveIds(c, [moved], 5_000_000, []))).rejects.toMatchObject({
      text: { key: 'teamApprovalPayeeMovedBook', params: { reference: 'MOVED-1' } },
    })
    // Eko was paid at 8001 before; the payout to 8002 that waits is his newest, written by a desk, which
    // asked about the change first. Gita moved and came back.
    await pay(profile, 'KEPT-0', 100_000, 'Eko Prasetyo', '8001')
    const kept = await byDesk('KEPT-1', 5_000_000, 'Eko Prasetyo', '8002')
    const back = await pay(profile, 'BACK-1', 5_000_000, 'Gita Sari', '9001')
    await pay(profile, 'BACK-2', 100_000, 'Gita Sari', '9002')
    await pay(profile, 'BACK-3', 100_000, 'Gita Sari', '9001')
    expect((await approve([kept, back], 10_000_000)).rows[0]).toEqual({ n: 2 })
    // Yuni was paid at 8101; a payout to 8102 written by hand after it was asked about by nobody: the
    // newest payout in her name before it decides (review 69 F4).
    await pay(profile, 'YUNI-0', 100_000, 'Yuni', '8101')
    const byHand = await pay(profile, 'YUNI-1', 5_000_000, 'Yuni', '8102')
    await expect(approve([byHand], 5_000_000)).rejects.toMatchObject({ code: 'PD006', detail: 'YUNI-1' })
    const status = await as('siti', (c) =>
      c.query<{ status: string }>('SELECT status FROM payout_desk.payouts WHERE id = $1', [moved]),
    )
    expect(status.rows[0]?.status).toBe('awaiting_approval')
  })

  it('counts the approval’s own payouts and another profile of the same account, but not one file’s own rows', async () => {
    const [monday, tuesday] = [
      await pay(profile, 'WULAN-1', 5_000_000, 'Wulan Sari', '9501'),
      await pay(profile, 'WULAN-2', 5_000_000, 'Wulan Sari', '9502'),
    ]
    await expect(approve([monday, tuesday], 10_000_000)).rejects.toMatchObject({ code: 'PD006' })
    // Through another profile at the same merchant account: Hana's newest is there.
    const shop = await as('siti', limitedProfile)
    await as('siti', (c) => pointProfileAt(c, shop, { like: profile }))
    const hana = await pay(profile, 'HANA-1', 5_000_000, 'Hana', '9601')
    await pay(shop, 'HANA-2', 100_000, 'Hana', '9602')
    await expect(approve([hana], 5_000_000)).rejects.toMatchObject({ code: 'PD006', detail: 'HANA-1' })
    // The shop is pointed at another merchant: what it wrote here still counts here (review 65 F1), and
    // what it pays there does not (review 68 B1), though it pays Hana at the account the waiting payout has.
    await as('siti', (c) => pointProfileAt(c, shop, 'M-elsewhere'))
    await pay(shop, 'HANA-3', 100_000, 'Hana', '9601')
    await expect(approve([hana], 5_000_000)).rejects.toMatchObject({ code: 'PD006', detail: 'HANA-1' })
    // A waiting payout is judged at the account it was written for, wherever its profile points now
    // (review 70): Ida moved at this merchant, through the other profile; this one is pointed away.
    const other = await as('siti', limitedProfile)
    await as('siti', (c) => pointProfileAt(c, other, { like: profile }))
    const ida = await pay(other, 'IDA-1', 5_000_000, 'Ida', '9801')
    await pay(profile, 'IDA-2', 100_000, 'Ida', '9802')
    await as('siti', (c) => pointProfileAt(c, other, 'M-away'))
    await expect(approve([ida], 5_000_000)).rejects.toMatchObject({ code: 'PD006', detail: 'IDA-1' })
    // One file, one name at two accounts its person accepted: approved together.
    const batch = randomUUID()
    await as('budi', (c) =>
      c.query(
        `INSERT INTO payout_desk.batches (id, profile_id, file_name, file_sha256) VALUES ($1, $2, 'x.csv', $3)`,
        [batch, profile, 'a'.repeat(64)],
      ),
    )
    const inFile = []
    for (const [reference, account] of [
      ['FILE-1', '9701'],
      ['FILE-2', '9702'],
    ] as const) {
      const id = randomUUID()
      await as('budi', (c) =>
        c.query(
          `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields, batch_id)
           VALUES ($1, $2, $3, 5000000, 'IDR', $4, $5)`,
          [
            id,
            profile,
            reference,
            { customerName: 'Putri', bankAccountNo: account, bankCode: '0002' },
            batch,
          ],
        ),
      )
      inFile.push(id)
    }
    expect((await approve(inFile, 10_000_000)).rows[0]).toEqual({ n: 2 })
  })
})

describe('team migration 15, after review 72', () => {
  const idOf = async (reference: string) =>
    (
      await admin((c) =>
        c.query<{ id: string }>('SELECT id FROM payout_desk.payouts WHERE reference = $1', [reference]),
      )
    ).rows[0]?.id ?? ''

  it('judges a Retry written by hand like any payout written by hand: it takes its original keys, not its question', async () => {
    const original = await byDesk('LINA-0', 5_000_000, 'Lina', '6001')
    await admin((c) => c.query("UPDATE payout_desk.payouts SET status = 'failed' WHERE id = $1", [original]))
    await byDesk('LINA-1', 100_000, 'Lina', '6002')
    // Budi pays the failed payout again at psql, to 6001, the account Lina left.
    const retry = randomUUID()
    await as('budi', (c) =>
      c.query(
        `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields, retry_of)
         SELECT $1, profile_id, 'LINA-R', amount_minor, currency, fields, id FROM payout_desk.payouts WHERE id = $2`,
        [retry, original],
      ),
    )
    await expect(approve([retry], 5_000_000)).rejects.toMatchObject({ code: 'PD006', detail: 'LINA-R' })
  })

  it('waits for the lock of the account a payout was written for, where a desk writes its payee meanwhile', async () => {
    const other = await as('siti', limitedProfile)
    await as('siti', (c) => pointProfileAt(c, other, { like: profile }))
    await as('budi', (c) =>
      writePayoutSet(c, other, null, [
        { name: 'Ira', account: '9901', reference: 'IRA-1', amountMinor: 5_000_000 },
      ]),
    )
    const ira = await idOf('IRA-1')
    await as('siti', (c) => pointProfileAt(c, other, 'M-gone'))
    // A desk writes Ira's new account at the merchant under its lock, and has not committed yet.
    const writer = await session('budi')
    try {
      await writer.query('BEGIN ISOLATION LEVEL READ COMMITTED')
      await writer.query(
        `SELECT pg_advisory_xact_lock(hashtextextended('payout_desk account ' || provider || ' ' || base_url || ' '
           || merchant_id, 0)) FROM payout_desk.profiles WHERE id = $1`,
        [profile],
      )
      await writePayoutSet(writer, profile, null, [
        { name: 'Ira', account: '9902', reference: 'IRA-2', amountMinor: 100_000 },
      ])
      // The approval waits for that lock: here, until its own statement timeout.
      const outcome = await as('siti', async (c) => {
        await c.query("SET statement_timeout = '3s'")
        return c.query('SELECT payout_desk.approve($1::uuid[], $2) AS n', [[ira], 5_000_000])
      }).then(
        (r) => ({ n: (r.rows[0] as { n: number }).n }),
        (e: unknown) => ({ code: (e as { code?: string }).code }),
      )
      expect(outcome).toEqual({ code: '57014' })
    } finally {
      await writer.query('COMMIT')
      await writer.end()
    }
    await expect(approve([ira], 5_000_000)).rejects.toMatchObject({ code: 'PD006', detail: 'IRA-1' })
  })

  it('a desk leaves a payout of a profile pointed elsewhere since to the book, which judges it where it was written', async () => {
    const mover = await as('siti', limitedProfile)
    await as('budi', (c) =>
      writePayoutSet(c, mover, null, [
        { name: 'Nur', account: '5501', reference: 'NUR-1', amountMinor: 5_000_000 },
      ]),
    )
    const nur = await idOf('NUR-1')
    await as('siti', (c) => pointProfileAt(c, mover, 'M-new'))
    // At the new merchant a Nur, nobody known there, is paid at 5599: no reason to refuse NUR-1.
    await as('budi', (c) =>
      writePayoutSet(c, mover, null, [
        { name: 'Nur', account: '5599', reference: 'NUR-X', amountMinor: 100_000 },
      ]),
    )
    await expect(approveForTeam(urlFor('siti'), [nur], 5_000_000, [])).resolves.toBe(1)
  })

  it('refuses a payout written by hand whose payee name it cannot key, at psql and at a desk, saying why', async () => {
    await pay(profile, 'TINA-0', 100_000, 'Tina Mulya', '4401')
    await pay(profile, 'TINA-1', 100_000, 'Tina Mulya', '4402')
    const [first, second] = [
      await pay(profile, 'TINA-2', 5_000_000, 'Tina\u200bMulya', '4401'),
      await pay(profile, 'TINA-3', 5_000_000, 'Tina\u200bMulya', '4401'),
    ]
    await expect(approve([first], 5_000_000)).rejects.toMatchObject({ code: 'PD007', detail: 'TINA-2' })
    await expect(approveForTeam(urlFor('siti'), [second], 5_000_000, [])).rejects.toMatchObject({
      text: { key: 'teamApprovalNameUnread', params: { reference: 'TINA-3' } },
    })
  })

  it('approves a Retry while the payout it pays again did not pay, and not once the gateway says it may have (review 73)', async () => {
    const retryOf = (original: string, reference: string) =>
      as('budi', (c) => writeRetryOf(c, original, reference))
    const failed = async (reference: string, name: string, account: string) => {
      const id = await byDesk(reference, 5_000_000, name, account)
      await admin((c) => c.query("UPDATE payout_desk.payouts SET status = 'failed' WHERE id = $1", [id]))
      return id
    }
    const vera = await retryOf(await failed('VERA-0', 'Vera', '3301'), 'VERA-R')
    expect((await approve([vera], 5_000_000)).rows[0]).toEqual({ n: 1 })
    // Sari's Retry waits; meanwhile the gateway says her first payout was paid after all.
    const sariFirst = await failed('SARI-0', 'Sari', '3401')
    const sari = await retryOf(sariFirst, 'SARI-R')
    await admin((c) =>
      c.query("UPDATE payout_desk.payouts SET attention = 'contradiction' WHERE id = $1", [sariFirst]),
    )
    await expect(approve([sari], 5_000_000)).rejects.toMatchObject({ code: 'PD008', detail: 'SARI-R' })
    await expect(approveForTeam(urlFor('siti'), [sari], 5_000_000, [])).rejects.toMatchObject({
      text: { key: 'teamApprovalRetryPaid', params: { reference: 'SARI-R' } },
    })
    const { rows } = await admin((c) =>
      c.query<{ status: string }>('SELECT status FROM payout_desk.payouts WHERE id = $1', [sari]),
    )
    expect(rows[0]?.status).toBe('awaiting_approval')
  })
})
