// One payout written to the team ledger at the command line (`payout-desk team pay`), checked as `pay`
// checks it on a desk's own ledger: a real PostgreSQL server, the bookkeeper's own login.
// Actions covered: reviewTeamPayout, writeTeamPayout (actions/team-pay.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Sandbox } from '../../electron/sandbox/server.ts'
import type { PostgresServer } from '../support/postgres-server.ts'
import { runCli } from '../support/run-cli.ts'
import { sandboxTeamProfile, teamOfTwoWithSandbox } from '../support/team-fixtures.ts'
import { teamSessions } from '../support/team-sessions.ts'

let server: PostgresServer | undefined
let sandbox: Sandbox
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
const { as, admin, urlFor } = teamSessions(() => server, PASSWORD)

beforeAll(async () => {
  ;({ server, sandbox } = await teamOfTwoWithSandbox(PASSWORD))
  await sandboxTeamProfile(as, 'siti', sandbox, 'Toko Kas')
}, 180_000)
afterAll(async () => {
  await sandbox.close()
  await server?.stop()
})

const budiPays = (amount: string, account: string, name: string, ...more: string[]) =>
  runCli(
    [
      'team',
      'pay',
      '--profile',
      'Toko Kas',
      '--amount',
      amount,
      '--bankCode',
      '0002',
      '--bankAccountNo',
      account,
      '--customerName',
      name,
      '--mobile',
      '081234567890',
      '--email',
      'x@example.com',
      '--yes',
      ...more,
    ],
    undefined,
    { PAYOUT_DESK_LEDGER_URL: urlFor('budi'), LANG: 'C' },
  )
const written = () =>
  admin((c) =>
    c
      .query<{ reference: string; amount_minor: string; status: string; prepared_by: string }>(
        'SELECT reference, amount_minor, status, prepared_by FROM payout_desk.payouts ORDER BY created_at',
      )
      .then((r) => r.rows),
  )

describe('payout-desk team pay', { timeout: 120_000 }, () => {
  it('writes one payout checked as pay checks it, once per reference, and nothing it was not told to accept', async () => {
    const first = await budiPays('250000', '0012345671', 'Dewi Lestari', '--reference', 'KAS-1')
    expect(first.code, first.stderr).toBe(0)
    expect(first.stdout).toContain('KAS-1 written, IDR 250,000')
    expect(first.stdout).toContain('ready for a desk holding the secret of "Toko Kas"')
    // The same reference for the same payout: that one, nothing new; for another amount: refused.
    const again = await budiPays('250000', '0012345671', 'Dewi Lestari', '--reference', 'KAS-1')
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout).toContain(
      'KAS-1 was written before for exactly this payout (queued): nothing new was written.',
    )
    const other = await budiPays('260000', '0012345671', 'Dewi Lestari', '--reference', 'KAS-1')
    expect(other.code).toBe(1)
    expect(other.stderr).toContain('reference KAS-1 was already used')
    // The same amount to the same account within 30 days, and Dewi at another account: asked about.
    const repeat = await budiPays('250000', '0012345671', 'Dewi Lestari')
    expect(repeat.code).toBe(1)
    expect(repeat.stderr).toMatch(/the same amount went to this account on \d{4}-\d{2}-\d{2}/)
    expect(repeat.stderr).toContain('Nothing was written: add --accept-duplicates')
    const moved = await budiPays('100000', '0099999999', 'Dewi Lestari')
    expect(moved.code).toBe(1)
    expect(moved.stderr).toContain('Dewi Lestari was last paid at')
    expect(moved.stderr).toContain('Nothing was written: add --accept-account-change')
    const bad = await budiPays('100000', '00123abc', 'Eko')
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('Nothing was written: correct the above.')
    expect((await written()).map((p) => p.reference)).toEqual(['KAS-1'])
    // Accepted by name, each is written; over the limit, it waits for an owner.
    expect((await budiPays('250000', '0012345671', 'Dewi Lestari', '--accept-duplicates')).code).toBe(0)
    expect((await budiPays('100000', '0099999999', 'Dewi Lestari', '--accept-account-change')).code).toBe(0)
    const big = await budiPays('2500000', '0012345679', 'Fajar', '--reference', 'KAS-BIG')
    expect(big.code, big.stderr).toBe(0)
    expect(big.stdout).toContain(
      'KAS-BIG written, IDR 2,500,000: over a limit of "Toko Kas", it waits for an owner\'s approval',
    )
    const rows = await written()
    expect(rows.map((p) => [p.amount_minor, p.status, p.prepared_by])).toEqual([
      ['250000', 'queued', 'budi'],
      ['250000', 'queued', 'budi'],
      ['100000', 'queued', 'budi'],
      ['2500000', 'awaiting_approval', 'budi'],
    ])
  })
})
