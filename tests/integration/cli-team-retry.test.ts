// Paying again on the team ledger, at the command line (`payout-desk team refresh`, `team retry`): a real
// PostgreSQL server, the loopback sandbox (an account ending in 000 fails), each desk's own keychain.
// Actions covered: refreshForTeam (actions/team-send.ts), retryForTeam and retryTeamBatch
// (actions/team-retry.ts).
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Sandbox } from '../../electron/sandbox/server.ts'
import type { PostgresServer } from '../support/postgres-server.ts'
import { cliDesks } from '../support/team-cli.ts'
import { idrFields } from '../support/sandbox-clients.ts'
import { sandboxTeamProfile, teamOfTwoWithSandbox, writeTeamPayout } from '../support/team-fixtures.ts'
import { teamSessions } from '../support/team-sessions.ts'
import { makeTempDir } from '../support/temp-dir.ts'

let server: PostgresServer | undefined
let sandbox: Sandbox
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
const { as, admin, urlFor } = teamSessions(() => server, PASSWORD)
const { at, forget } = cliDesks(['siti', 'budi'], urlFor, 'team retry')
let profile = ''

beforeAll(async () => {
  ;({ server, sandbox } = await teamOfTwoWithSandbox(PASSWORD))
  profile = await sandboxTeamProfile(as, 'siti', sandbox, 'Acme Payroll')
}, 180_000)
afterAll(async () => {
  await forget('budi', profile)
  await sandbox.close()
  await server?.stop()
})

const write = (reference: string, account: string, name: string) =>
  writeTeamPayout(as, 'budi', { profile, reference, amountMinor: 120_000, fields: idrFields(account, name) })
const rows = () =>
  admin((c) =>
    c
      .query<{ reference: string; status: string; retry_of: string | null; prepared_by: string }>(
        `SELECT p.reference, p.status, o.reference AS retry_of, p.prepared_by FROM payout_desk.payouts p
           LEFT JOIN payout_desk.payouts o ON o.id = p.retry_of ORDER BY p.created_at`,
      )
      .then((r) => r.rows),
  )

describe('payout-desk team refresh and team retry', { timeout: 120_000 }, () => {
  it('learns what failed, and pays it again once, from a desk holding the secret, to the payee as known', async () => {
    await write('R-1', '0012345000', 'Dewi Lestari') // the bank refuses this account
    await write('R-2', '0012345001', 'Eko Prasetyo')
    await write('R-3', '0012346000', 'Gita Savitri')
    expect(
      (await at('budi', ['team', 'secret', 'Acme Payroll'], `${sandbox.credentials.vexora.secret}\n`)).code,
    ).toBe(0)
    expect((await at('budi', ['team', 'send'])).code).toBe(0)
    // Past the sandbox's settle time, the gateway knows how each ended; the ledger learns it on asking.
    await sleep(3_500)
    const refreshed = await at('budi', ['team', 'refresh'])
    expect(refreshed.code, refreshed.stderr).toBe(0)
    expect(refreshed.stdout).toContain('Asked about 3 payouts: 2 failed, 1 succeeded.')

    // Siti's desk has no secret: it cannot ask the gateway first, so it pays nothing again.
    const hers = await at('siti', ['team', 'retry', 'R-1', '--yes'])
    expect(hers.code).not.toBe(0)
    expect(hers.stderr).toContain('a computer holding the secret of "Acme Payroll"')
    // What was paid is never paid again.
    const paid = await at('budi', ['team', 'retry', 'R-2', '--yes'])
    expect(paid.code).not.toBe(0)
    expect(paid.stderr).toContain('Only a payout known not to have paid')

    const again = await at('budi', ['team', 'retry', 'R-1', '--yes', '--json'])
    expect(again.code, again.stderr).toBe(0)
    const { reference } = JSON.parse(again.stdout) as { reference: string }
    expect(sandbox.book.createAttempts('vexora', 'id', reference)).toBe(1)
    // Twice is once: the second Retry names the first.
    const twice = await at('budi', ['team', 'retry', 'R-1', '--yes'])
    expect(twice.code).not.toBe(0)
    expect(twice.stderr).toContain(`This payout was already paid again as ${reference}.`)

    // Gita was paid at another account since R-3: Retry does not pay her old one.
    await write('R-4', '0099999991', 'Gita Savitri')
    const moved = await at('budi', ['team', 'retry', 'R-3', '--yes'])
    expect(moved.code).not.toBe(0)
    expect(moved.stderr).toContain('Gita Savitri was last paid at')

    expect(await rows()).toEqual([
      { reference: 'R-1', status: 'failed', retry_of: null, prepared_by: 'budi' },
      { reference: 'R-2', status: 'succeeded', retry_of: null, prepared_by: 'budi' },
      { reference: 'R-3', status: 'failed', retry_of: null, prepared_by: 'budi' },
      {
        reference,
        status: expect.stringMatching(/processing|failed/) as unknown,
        retry_of: 'R-1',
        prepared_by: 'budi',
      },
      { reference: 'R-4', status: 'queued', retry_of: null, prepared_by: 'budi' },
    ])
  })
  it("pays again a batch's payouts that did not go through, each once, and names what it left", async () => {
    const tmp = makeTempDir('payout-desk-team-retry-batch-')
    const file = join(tmp.dir, 'june.csv')
    writeFileSync(
      file,
      'name,bank code,account number,mobile,email,amount,reference\n' +
        'Hana Putri,014,0022345000,081234567890,h@example.com,130000,B-1\n' +
        'Indra Wijaya,014,0022345001,081234567891,i@example.com,140000,B-2\n' +
        'Joko Susilo,014,0022346000,081234567892,j@example.com,150000,B-3\n' +
        'Kartika Sari,014,0022347000,081234567893,k@example.com,160000,B-4\n',
    )
    const imported = await at('budi', [
      'team',
      'import',
      '--profile',
      'Acme Payroll',
      '--file',
      file,
      '--yes',
      '--json',
    ])
    tmp.cleanup()
    expect(imported.code, imported.stderr).toBe(0)
    const batch = (JSON.parse(imported.stdout) as { batch: string }).batch.slice(0, 8)
    expect((await at('budi', ['team', 'send'])).code).toBe(0)
    await sleep(3_500)
    expect((await at('budi', ['team', 'refresh'])).code).toBe(0)
    // Joko was paid at another account since: his failed payout is not paid again at the old one.
    await write('B-5', '0099999992', 'Joko Susilo')

    const again = await at('budi', ['team', 'retry', '--batch', batch, '--yes', '--json'])
    expect(again.code, again.stderr).toBe(1)
    expect(again.stderr).toContain('B-3: not paid again: Joko Susilo was last paid at')
    const { retried, left } = JSON.parse(again.stdout) as {
      retried: { reference: string; retryOf: string }[]
      left: { reference: string }[]
    }
    expect(retried.map((r) => r.retryOf)).toEqual(['B-1', 'B-4'])
    expect(left.map((l) => l.reference)).toEqual(['B-3'])
    for (const r of retried) expect(sandbox.book.createAttempts('vexora', 'id', r.reference)).toBe(1)

    // Again: what was paid again is not paid a third time, and what is left is named once more.
    const twice = await at('budi', ['team', 'retry', '--batch', batch, '--yes'])
    expect(twice.code).not.toBe(0)
    expect(twice.stderr).toContain('Joko Susilo was last paid at')
    const links = await admin((c) =>
      c.query<{ retry_of: string; n: number }>(
        `SELECT o.reference AS retry_of, count(*)::int AS n FROM payout_desk.payouts p
           JOIN payout_desk.payouts o ON o.id = p.retry_of WHERE o.reference LIKE 'B-%' GROUP BY 1 ORDER BY 1`,
      ),
    )
    expect(links.rows).toEqual([
      { retry_of: 'B-1', n: 1 },
      { retry_of: 'B-4', n: 1 },
    ])

    // A batch with nothing that did not go through: said so, and nothing is asked (no --yes needed).
    const paid = makeTempDir('payout-desk-team-retry-none-')
    const july = join(paid.dir, 'july.csv')
    writeFileSync(
      july,
      'name,bank code,account number,mobile,email,amount,reference\n' +
        'Lina Marlina,014,0022348000,081234567894,l@example.com,170000,C-1\n',
    )
    const one = await at('budi', [
      'team',
      'import',
      '--profile',
      'Acme Payroll',
      '--file',
      july,
      '--yes',
      '--json',
    ])
    paid.cleanup()
    expect(one.code, one.stderr).toBe(0)
    expect((await at('budi', ['team', 'send'])).code).toBe(0)
    const none = await at('budi', [
      'team',
      'retry',
      '--batch',
      (JSON.parse(one.stdout) as { batch: string }).batch.slice(0, 8),
    ])
    expect(none.code, none.stderr).toBe(0)
    expect(none.stdout).toContain('Nothing to pay again.')
    expect(sandbox.book.createAttempts('vexora', 'id', 'C-1')).toBe(1)
  })
})
