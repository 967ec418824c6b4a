// The bookkeeper prepares a payroll on his desk and the owner approves it on hers, at the command line
// (`payout-desk team import`, `approve BATCH`, `team send`): a workbook saved by LibreOffice Calc, a
// real PostgreSQL server, the loopback sandbox and each desk's own keychain.
// Actions covered: reviewTeamFile, commitTeamFile (actions/team-import.ts), approveShownForTeam, sendForTeam.
import { randomUUID } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Sandbox } from '../../electron/sandbox/server.ts'
import { createKeychainSecretStore } from '../../electron/secrets/secret-store.ts'
import { buildWithCalc, calcMissing } from '../support/calc-files.ts'
import type { PostgresServer } from '../support/postgres-server.ts'
import { runCli } from '../support/run-cli.ts'
import { sandboxTeamProfile, teamOfTwoWithSandbox } from '../support/team-fixtures.ts'
import { teamSessions } from '../support/team-sessions.ts'
import { makeTempDir } from '../support/temp-dir.ts'

let server: PostgresServer | undefined
let sandbox: Sandbox
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
type Person = keyof typeof PASSWORD
const { as, admin, urlFor } = teamSessions(() => server, PASSWORD)
const KEYCHAIN = { siti: `Payout Desk team import siti ${randomUUID().slice(0, 8)}` }
const tmp = makeTempDir('payout-desk-team-import-')
let profile = ''

beforeAll(async () => {
  ;({ server, sandbox } = await teamOfTwoWithSandbox(PASSWORD))
  profile = await sandboxTeamProfile(as, 'siti', sandbox, 'Toko Payroll')
}, 180_000)
afterAll(async () => {
  await createKeychainSecretStore(KEYCHAIN.siti)
    .delete(profile)
    .catch(() => undefined)
  await sandbox.close()
  await server?.stop()
})

const at = (person: Person, args: string[], input?: string) =>
  runCli(args, input, {
    PAYOUT_DESK_LEDGER_URL: urlFor(person),
    PAYOUT_DESK_KEYCHAIN_SERVICE: person === 'siti' ? KEYCHAIN.siti : `Payout Desk none ${randomUUID()}`,
    LANG: 'C',
  })

const payouts = () =>
  admin((c) =>
    c
      .query<{ reference: string; status: string; prepared_by: string; approved_by: string | null }>(
        `SELECT reference, status, prepared_by, approved_by FROM payout_desk.payouts ORDER BY reference`,
      )
      .then((r) => r.rows),
  )
const creates = (reference: string) => sandbox.book.createAttempts('vexora', 'id', reference)

describe.skipIf(calcMissing())('payout-desk team import', { timeout: 240_000 }, () => {
  it('Budi prepares a Calc workbook on his desk; Siti approves the batch on hers; it is paid once', async () => {
    const file = buildWithCalc(tmp.dir, [
      {
        name: 'payroll',
        exports: ['xlsx'],
        sheets: [
          {
            name: 'Payroll',
            rows: [
              { cells: ['Name', 'Bank Code', 'Account Number', 'Mobile', 'Email', 'Amount', 'Reference'] },
              {
                cells: [
                  'Dewi Lestari',
                  '014',
                  { value: 12345, format: 'pad10-id' },
                  '081234567890',
                  'd@example.com',
                  400000,
                  'PAY-01',
                ],
              },
              {
                cells: [
                  'Eko Prasetyo',
                  '014',
                  '0000012346',
                  '081234567891',
                  'e@example.com',
                  2500000,
                  'PAY-02',
                ],
              },
            ],
          },
        ],
      },
    ])('payroll', 'xlsx')

    // Without --yes off a terminal nothing is written; with it, Budi's answer is his batch.
    const unasked = await at('budi', ['team', 'import', '--profile', 'Toko Payroll', '--file', file])
    expect(unasked.stderr).toContain('add --yes to write without a prompt')
    expect(await payouts()).toEqual([])
    const run = await at('budi', [
      'team',
      'import',
      '--profile',
      'Toko Payroll',
      '--file',
      file,
      '--yes',
      '--json',
    ])
    expect(run.code, run.stderr).toBe(0)
    const written = JSON.parse(run.stdout) as { batch: string; written: number; statuses: unknown[] }
    expect(written).toMatchObject({
      written: 2,
      totalMinor: 2_900_000,
      statuses: [
        { status: 'awaiting_approval', count: 1, totalMinor: 2_500_000 },
        { status: 'queued', count: 1, totalMinor: 400_000 },
      ],
    })
    expect(await payouts()).toEqual([
      { reference: 'PAY-01', status: 'queued', prepared_by: 'budi', approved_by: null },
      { reference: 'PAY-02', status: 'awaiting_approval', prepared_by: 'budi', approved_by: null },
    ])

    // Budi cannot approve his own batch; the batch is named as printed, by its first 8 characters.
    const short = written.batch.slice(0, 8)
    const his = await at('budi', ['approve', short, '--yes'])
    expect(his.code).not.toBe(0)
    expect(his.stderr).toMatch(/only an owner approves/i)
    const hers = await at('siti', ['approve', short, '--yes'])
    expect(hers.code, hers.stderr).toBe(0)
    expect(hers.stdout).toMatch(
      /To approve: 1 payout, IDR 2,500,000(\.00)? \(test money\) from Toko Payroll, prepared by budi\./,
    )

    // Siti's desk holds the secret and sends; both payouts leave once.
    await at('siti', ['team', 'secret', 'Toko Payroll'], `${sandbox.credentials.vexora.secret}\n`)
    const sent = await at('siti', ['team', 'send'])
    expect(sent.code, sent.stderr).toBe(0)
    expect(await payouts()).toEqual([
      {
        reference: 'PAY-01',
        status: expect.stringMatching(/processing|succeeded/) as unknown,
        prepared_by: 'budi',
        approved_by: null,
      },
      {
        reference: 'PAY-02',
        status: expect.stringMatching(/processing|succeeded/) as unknown,
        prepared_by: 'budi',
        approved_by: 'siti',
      },
    ])
    expect([creates('PAY-01'), creates('PAY-02')]).toEqual([1, 1])
    // What Calc showed is what was written: the account number with its zeros.
    const account = await admin((c) =>
      c
        .query<{ a: string }>(
          "SELECT fields->>'bankAccountNo' AS a FROM payout_desk.payouts WHERE reference = 'PAY-01'",
        )
        .then((r) => r.rows[0]?.a),
    )
    expect(account).toBe('0000012345')
  })

  it('writes nothing while the file repeats what the team paid, until the person accepts it', async () => {
    const csv = join(tmp.dir, 'again.csv')
    writeFileSync(
      csv,
      'name,bank code,account number,mobile,email,amount\nDewi Lestari,014,0000012345,081234567890,d@example.com,400000\n',
    )
    const refused = await at('budi', ['team', 'import', '--profile', 'Toko Payroll', '--file', csv, '--yes'])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(
      /line 2: REPEATED: the same amount went to this account on \d{4}-\d{2}-\d{2}/,
    )
    expect(refused.stderr).toContain('Nothing was written:')
    expect(await payouts()).toHaveLength(2)
    const accepted = await at('budi', [
      'team',
      'import',
      '--profile',
      'Toko Payroll',
      '--file',
      csv,
      '--yes',
      '--accept-duplicates',
    ])
    expect(accepted.code, accepted.stderr).toBe(0)
    expect(accepted.stdout).toMatch(
      /1 payout \(IDR 400,000(\.00)?\) is ready: a desk holding the secret of "Toko Payroll" sends them/,
    )
    expect(await payouts()).toHaveLength(3)
    // The repeat's acceptance is kept in the payout's story, with the person who accepted it.
    const created = await admin((c) =>
      c
        .query<{ person: string; accepted: { code: string }[] }>(
          `SELECT e.person, e.detail->'accepted' AS accepted FROM payout_desk.payout_events e
             JOIN payout_desk.payouts p ON p.id = e.payout_id
            WHERE e.kind = 'created' AND p.accepted IS NOT NULL`,
        )
        .then((r) => r.rows),
    )
    expect(created).toEqual([
      { person: 'budi', accepted: [expect.objectContaining({ code: 'sent_recently' })] },
    ])
  })
})
