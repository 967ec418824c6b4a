// An owner's approvals on the team ledger from the command line (electron/team/team-approvals.ts,
// electron/cli/commands/team-approve.ts), on a real PostgreSQL server: the bookkeeper prepares at his
// desk, the owner approves at hers, exactly what she was shown, never her own.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addPerson, initTeamLedger } from '../../electron/team/team-admin.ts'
import { waitingWithNotes } from '../../electron/actions/team-approval-notes.ts'
import { approvalToShow, approveShownForTeam } from '../../electron/actions/team-approve.ts'
import { startPostgres, type PostgresServer } from '../support/postgres-server.ts'
import { runCli } from '../support/run-cli.ts'
import { writePayoutSet } from '../support/team-fixtures.ts'
import { teamSessions } from '../support/team-sessions.ts'

let server: PostgresServer | undefined
const PASSWORD = { siti: 'siti-owner-passphrase', rina: 'rina-owner-passphrase', budi: 'budi-bookkeeper-pw' }
const { as, admin, urlFor } = teamSessions(() => server, PASSWORD)
const PROFILE = randomUUID()

beforeAll(async () => {
  server = await startPostgres()
  await initTeamLedger(server.adminUrl)
  await addPerson(server.adminUrl, { name: 'siti', role: 'owner', password: PASSWORD.siti })
  await addPerson(server.adminUrl, { name: 'rina', role: 'owner', password: PASSWORD.rina })
  await addPerson(server.adminUrl, { name: 'budi', role: 'bookkeeper', password: PASSWORD.budi })
  await as('siti', (c) =>
    c.query(
      `INSERT INTO payout_desk.profiles (id, name, provider, environment, base_url, merchant_id, currency,
         per_payout_minor)
       VALUES ($1, 'Acme ID', 'vexora', 'production', 'https://gateway.example', '42', 'IDR', 1000000)`,
      [PROFILE],
    ),
  )
}, 180_000)
afterAll(async () => {
  await server?.stop()
})

const write = (person: 'siti' | 'budi', reference: string, amountMinor: number) =>
  as(person, (c) =>
    c.query(
      `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields)
       VALUES ($1, $2, $3, $4, 'IDR', $5)`,
      [
        randomUUID(),
        PROFILE,
        reference,
        amountMinor,
        { customerName: `Payee ${reference}`, bankAccountNo: '0012345' },
      ],
    ),
  )
const statuses = () =>
  admin((c) =>
    c.query<{ reference: string; status: string; approved_by: string | null }>(
      'SELECT reference, status, approved_by FROM payout_desk.payouts ORDER BY reference',
    ),
  ).then((r) => r.rows)
const cli = (person: keyof typeof PASSWORD, args: string[]) =>
  runCli(['team', ...args], undefined, { PAYOUT_DESK_LEDGER_URL: urlFor(person) })

describe('approving on the team ledger from the command line', { timeout: 120_000 }, () => {
  it('the owner approves what the bookkeeper prepared, after it says what; a bookkeeper cannot', async () => {
    await write('budi', 'PAYROLL-1', 2_500_000)
    await write('budi', 'PAYROLL-2', 1_500_000)
    await write('budi', 'SMALL-1', 50_000)
    const waiting = await cli('siti', ['waiting'])
    expect(waiting.code, waiting.stderr).toBe(0)
    // Who each payout pays, and at which account, before anybody approves it.
    expect(waiting.stdout).toMatch(/PAYROLL-1 .*Acme ID .*Payee PAYROLL-1 .*0012345 .*real money .*budi/)
    expect(waiting.stdout).not.toMatch(/SMALL-1/)
    expect(waiting.stdout).toMatch(
      /In all: 2 payouts, IDR 4,000,000(\.00)? \(real money\) from Acme ID, prepared by budi\./,
    )

    for (const asked of [['--all'], ['PAYROLL-1']]) {
      const refused = await cli('budi', ['approve', ...asked, '--yes'])
      expect(refused.code).toBe(1)
      expect(refused.stderr).toMatch(/only an owner approves/)
    }
    // Nor at psql, past the command (PostgreSQL decides, not the app).
    const shown = (await waitingWithNotes(urlFor('budi'))).payouts
    await expect(approveShownForTeam(urlFor('budi'), shown)).rejects.toMatchObject({
      text: { key: 'teamApprovalRefused' },
    })

    // Without --yes and without a terminal to ask on, nothing happens.
    const unasked = await cli('siti', ['approve', 'PAYROLL-1'])
    expect(unasked.code).toBe(2)
    expect((await statuses()).map((s) => s.status)).toEqual([
      'awaiting_approval',
      'awaiting_approval',
      'queued',
    ])

    const approved = await cli('siti', ['approve', 'PAYROLL-1', '--yes', '--json'])
    expect(approved.code, approved.stderr).toBe(0)
    expect(JSON.parse(approved.stdout)).toEqual({ approved: 1, left: 0 })
    expect(await statuses()).toEqual([
      { reference: 'PAYROLL-1', status: 'queued', approved_by: 'siti' },
      { reference: 'PAYROLL-2', status: 'awaiting_approval', approved_by: null },
      { reference: 'SMALL-1', status: 'queued', approved_by: null },
    ])
    const gone = await cli('siti', ['approve', 'PAYROLL-1', '--yes'])
    expect(gone.code).toBe(1)
    expect(gone.stderr).toMatch(/PAYROLL-1 does not wait for approval/)
  })

  it('--all leaves what the owner prepared herself for another owner, who may approve it', async () => {
    await write('siti', 'SITI-BIG', 3_000_000)
    const mine = await cli('siti', ['approve', '--all', '--yes'])
    expect(mine.code, mine.stderr).toBe(0)
    expect(mine.stdout).toMatch(/Left for another owner: 1 payout you prepared yourself\./)
    expect(mine.stdout).toMatch(
      /To approve: 1 payout, IDR 1,500,000(\.00)? \(real money\) from Acme ID, prepared by budi\./,
    )
    // `payout-desk approve` is the same command, as the owner would type it.
    const rina = await runCli(['approve', 'SITI-BIG', '--yes'], undefined, {
      PAYOUT_DESK_LEDGER_URL: urlFor('rina'),
    })
    expect(rina.code, rina.stderr).toBe(0)
    expect((await statuses()).find((s) => s.reference === 'SITI-BIG')).toMatchObject({ approved_by: 'rina' })
  })

  it("`approve` on a desk's own ledger says the passphrase releases what is held there", async () => {
    const solo = await runCli(['approve', '--all', '--yes'], undefined, {
      PAYOUT_DESK_LEDGER_URL: '',
      LANG: 'C',
    })
    expect(solo.code).toBe(2)
    expect(solo.stderr).toMatch(/released with the owner's passphrase: payout-desk release/)
  })

  it('never guesses between two profiles where one reference waits: refused, then approved by --profile', async () => {
    const other = randomUUID()
    await as('siti', (c) =>
      c.query(
        `INSERT INTO payout_desk.profiles (id, name, provider, environment, base_url, merchant_id, currency,
           per_payout_minor)
         VALUES ($1, 'Acme suppliers', 'vexora', 'production', 'https://gateway.example', '43', 'IDR', 1000000)`,
        [other],
      ),
    )
    // Budi writes PAY-0042 under the other profile first (to anybody), then the real one under Acme ID.
    await as('budi', (c) =>
      c.query(
        `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields)
         VALUES ($1, $2, 'PAY-0042', 5000000, 'IDR', '{}')`,
        [randomUUID(), other],
      ),
    )
    await write('budi', 'PAY-0042', 5_000_000)
    const guessed = await cli('siti', ['approve', 'PAY-0042', '--yes'])
    expect(guessed.code).toBe(1)
    expect(guessed.stderr).toMatch(
      /PAY-0042 waits for approval in more than one profile \((Acme ID, Acme suppliers|Acme suppliers, Acme ID)\)\. Nothing was approved/,
    )
    const byProfile = await cli('siti', ['approve', 'PAY-0042', '--profile', 'Acme ID', '--yes'])
    expect(byProfile.code, byProfile.stderr).toBe(0)
    expect(byProfile.stdout).toMatch(
      /To approve: 1 payout, IDR 5,000,000(\.00)? \(real money\) from Acme ID,/,
    )
    const rows = await admin((c) =>
      c.query<{ name: string; status: string }>(
        `SELECT pr.name, p.status FROM payout_desk.payouts p JOIN payout_desk.profiles pr ON pr.id = p.profile_id
          WHERE p.reference = 'PAY-0042' ORDER BY pr.name`,
      ),
    )
    expect(rows.rows).toEqual([
      { name: 'Acme ID', status: 'queued' },
      { name: 'Acme suppliers', status: 'awaiting_approval' },
    ])
  })

  it('approves nothing when what waits changed since it was shown', async () => {
    await write('budi', 'LATE-1', 2_000_000)
    const shown = (await waitingWithNotes(urlFor('siti'))).payouts
    // Another owner approves it in between.
    await approveShownForTeam(urlFor('rina'), shown)
    await expect(approveShownForTeam(urlFor('siti'), shown)).rejects.toMatchObject({
      text: { key: 'teamApprovalChanged' },
    })
  })

  it('approves a batch named as team import printed it, and names real money by the payout, not by the profile now', async () => {
    // Budi's file, written as a batch; the profile is switched to sandbox (test money) while it waits.
    const batch = randomUUID()
    await as('budi', async (c) => {
      await c.query(
        "INSERT INTO payout_desk.batches (id, profile_id, file_name, file_sha256) VALUES ($1, $2, 'march.csv', $3)",
        [batch, PROFILE, 'b'.repeat(64)],
      )
      for (const [reference, amount] of [
        ['MARCH-1', 3_000_000],
        ['MARCH-2', 4_000_000],
      ] as const)
        await c.query(
          `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields, batch_id)
           VALUES ($1, $2, $3, $4, 'IDR', '{}', $5)`,
          [randomUUID(), PROFILE, reference, amount, batch],
        )
    })
    await as('siti', (c) =>
      c.query("UPDATE payout_desk.profiles SET environment = 'sandbox' WHERE id = $1", [PROFILE]),
    )
    try {
      const approved = await cli('siti', ['approve', batch.slice(0, 8), '--yes'])
      expect(approved.code, approved.stderr).toBe(0)
      expect(approved.stdout).toMatch(
        /To approve: 2 payouts, IDR 7,000,000(\.00)? \(real money\) from Acme ID, prepared by budi\./,
      )
      expect((await statuses()).filter((r) => r.reference.startsWith('MARCH-'))).toEqual([
        { reference: 'MARCH-1', status: 'queued', approved_by: 'siti' },
        { reference: 'MARCH-2', status: 'queued', approved_by: 'siti' },
      ])
    } finally {
      await as('siti', (c) =>
        c.query("UPDATE payout_desk.profiles SET environment = 'production' WHERE id = $1", [PROFILE]),
      )
    }
  })

  it('approves nothing whose payee the book has since come to know at another account, and says what to do', async () => {
    const pay = (reference: string, amountMinor: number, name: string, account: string) =>
      as('budi', (c) =>
        c.query(
          `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields)
           VALUES ($1, $2, $3, $4, 'IDR', $5)`,
          [randomUUID(), PROFILE, reference, amountMinor, { customerName: name, bankAccountNo: account }],
        ),
      )
    // Monday: Dewi's salary at 7001, over the limit, waits. Tuesday: she is paid at 7002, as she asked.
    await pay('MOVED-1', 5_000_000, 'Dewi Lestari', '7001')
    await pay('MOVED-2', 100_000, 'dewi  lestari', '7002')
    // Eko was paid at 8001 before; the payout to 8002 that waits is his newest: nothing moved since it.
    // Written as a desk writes (write_payouts), which asked about the change to 8002 first.
    await as('budi', (c) =>
      writePayoutSet(c, PROFILE, null, [
        { name: 'Eko Prasetyo', account: '8001', reference: 'KEPT-0', amountMinor: 100_000 },
      ]),
    )
    await as('budi', (c) =>
      writePayoutSet(c, PROFILE, null, [
        { name: 'Eko Prasetyo', account: '8002', reference: 'KEPT-1', amountMinor: 5_000_000 },
      ]),
    )
    // Gita moved to 9002 after her payout to 9001 was written, and back to 9001 since: the directory's
    // word is 9001 again.
    await pay('BACK-1', 5_000_000, 'Gita Sari', '9001')
    await pay('BACK-2', 100_000, 'Gita Sari', '9002')
    await pay('BACK-3', 100_000, 'Gita Sari', '9001')
    const refused = await cli('siti', ['approve', 'MOVED-1', '--yes'])
    expect(refused.code).not.toBe(0)
    expect(refused.stderr).toContain(
      'Nothing was approved. Dewi Lestari is now known at bankAccountNo 7002, but a payout waiting for approval (MOVED-1) would pay bankAccountNo 7001',
    )
    const { shown } = await approvalToShow(urlFor('siti'), ['MOVED-1', 'KEPT-1'])
    await expect(approveShownForTeam(urlFor('siti'), shown)).rejects.toMatchObject({
      text: { key: 'teamApprovalPayeeMoved', params: { references: 'MOVED-1', count: 1 } },
    })
    const waiting = (await statuses()).filter((s) => /^(MOVED|KEPT)-1$/.test(s.reference))
    expect(waiting.map((s) => s.status)).toEqual(['awaiting_approval', 'awaiting_approval'])
    expect((await cli('siti', ['approve', 'KEPT-1', 'BACK-1', '--yes'])).code).toBe(0)
    const approved = (await statuses()).filter((s) => ['KEPT-1', 'BACK-1'].includes(s.reference))
    expect(approved.map((s) => s.status)).toEqual(['queued', 'queued'])
  })

  it('approves neither of two payouts waiting to one person at the account she left and the new one, but does two of one file', async () => {
    const pay = (reference: string, name: string, account: string, batch: string | null = null) =>
      as('budi', (c) =>
        c.query(
          `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields, batch_id)
           VALUES ($1, $2, $3, 5000000, 'IDR', $4, $5)`,
          [randomUUID(), PROFILE, reference, { customerName: name, bankAccountNo: account }, batch],
        ),
      )
    // Monday's payout to Wulan at 9501 waits; Tuesday's to the account she gave since, 9502, waits too.
    await pay('WULAN-1', 'Wulan Sari', '9501')
    await pay('WULAN-2', 'Wulan Sari', '9502')
    const both = await approvalToShow(urlFor('siti'), ['WULAN-1', 'WULAN-2'])
    await expect(approveShownForTeam(urlFor('siti'), both.shown)).rejects.toMatchObject({
      text: {
        key: 'teamApprovalPayeeMoved',
        params: { references: 'WULAN-1', old: 'bankAccountNo 9502', new: 'bankAccountNo 9501' },
      },
    })
    // One file paying two people of one name at two accounts, as its person accepted: both are meant.
    const batch = randomUUID()
    await as('budi', (c) =>
      c.query(
        "INSERT INTO payout_desk.batches (id, profile_id, file_name, file_sha256) VALUES ($1, $2, 'twins.csv', $3)",
        [batch, PROFILE, 'c'.repeat(64)],
      ),
    )
    await pay('TWIN-1', 'Agus Salim', '9601', batch)
    await pay('TWIN-2', 'Agus Salim', '9602', batch)
    const twins = await approvalToShow(urlFor('siti'), ['TWIN-1', 'TWIN-2'])
    expect(await approveShownForTeam(urlFor('siti'), twins.shown)).toBe(2)
    const after = (await statuses()).filter((s) => /^(WULAN|TWIN)-/.test(s.reference))
    expect(after.map((s) => [s.reference, s.status])).toEqual([
      ['TWIN-1', 'queued'],
      ['TWIN-2', 'queued'],
      ['WULAN-1', 'awaiting_approval'],
      ['WULAN-2', 'awaiting_approval'],
    ])
  })
})
