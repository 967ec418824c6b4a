// Needs your decision on the team ledger, at the command line (`payout-desk team attention`, `team
// resolve`): a real PostgreSQL server, the loopback sandbox, each desk's own keychain.
// Actions covered: teamAttention and decideForTeam (actions/team-decide.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Sandbox } from '../../electron/sandbox/server.ts'
import type { PostgresServer } from '../support/postgres-server.ts'
import { cliDesks } from '../support/team-cli.ts'
import { idrFields } from '../support/sandbox-clients.ts'
import {
  leaveInDoubt,
  sandboxTeamProfile,
  teamOfTwoWithSandbox,
  writeTeamPayout,
} from '../support/team-fixtures.ts'
import { teamSessions } from '../support/team-sessions.ts'

let server: PostgresServer | undefined
let sandbox: Sandbox
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
type Person = keyof typeof PASSWORD
const { as, admin, urlFor } = teamSessions(() => server, PASSWORD)
const { at, forget } = cliDesks(['siti', 'budi'], urlFor, 'team attention')
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

const inDoubt = (reference: string) => leaveInDoubt(admin, reference)
const payout = (reference: string) =>
  admin((c) =>
    c
      .query<{ status: string; attention: string | null; version: number }>(
        'SELECT status, attention, version FROM payout_desk.payouts WHERE reference = $1',
        [reference],
      )
      .then((r) => r.rows[0]),
  )
const listed = async (person: Person) => {
  const run = await at(person, ['team', 'attention', '--json'])
  expect(run.code, run.stderr).toBe(0)
  return JSON.parse(run.stdout) as { reference: string; actions: string[]; version: number }[]
}

describe('payout-desk team attention and team resolve', { timeout: 120_000 }, () => {
  it('lists what waits, and settles it as the person who checked: asked by a desk with the secret, marked by anyone', async () => {
    await writeTeamPayout(as, 'budi', {
      profile,
      reference: 'ATT-1',
      amountMinor: 150_000,
      fields: idrFields('0012345678', 'Dewi Lestari'),
    })
    await writeTeamPayout(as, 'budi', {
      profile,
      reference: 'ATT-2',
      amountMinor: 250_000,
      fields: idrFields('0012345679', 'Eko Prasetyo'),
    })
    expect(
      (await at('budi', ['team', 'secret', 'Acme Payroll'], `${sandbox.credentials.vexora.secret}\n`)).code,
    ).toBe(0)
    // ATT-1 reached the gateway; ATT-2 never left (the desk died before its request).
    await admin((c) =>
      c.query("UPDATE payout_desk.payouts SET status = 'awaiting_approval' WHERE reference = 'ATT-2'"),
    )
    expect((await at('budi', ['team', 'send'])).code).toBe(0)
    await admin((c) => c.query("UPDATE payout_desk.payouts SET status = 'queued' WHERE reference = 'ATT-2'"))
    await inDoubt('ATT-1')
    await inDoubt('ATT-2')

    const shown = await at('siti', ['team', 'attention'])
    expect(shown.stdout).toContain('2 payouts need your decision')
    // The gateway answered ATT-1 once: it cannot be "not sent". ATT-2 never reached it.
    expect(shown.stdout).toMatch(/decide: payout-desk team resolve ATT-1 --action ask\|paid --version \d+/)
    expect(shown.stdout).toMatch(
      /decide: payout-desk team resolve ATT-2 --action ask\|resend\|not-sent\|paid --version \d+/,
    )
    const [first, second] = await listed('siti')
    expect([first?.reference, second?.reference]).toEqual(['ATT-1', 'ATT-2'])

    // Siti's desk has no secret: it cannot ask the gateway, and says where that is done.
    const ask = ['team', 'resolve', 'ATT-1', '--action', 'ask', '--version', String(first?.version)]
    const refused = await at('siti', ask)
    expect(refused.code).not.toBe(0)
    expect(refused.stderr).toContain('is done by a computer holding the secret of "Acme Payroll"')
    // Budi's desk asks: the gateway has it, so it is in doubt no more.
    const asked = await at('budi', ask)
    expect(asked.code, asked.stderr).toBe(0)
    expect(await payout('ATT-1')).toMatchObject({
      attention: null,
      status: expect.stringMatching(/processing|succeeded/) as unknown,
    })

    // Siti checked the gateway's portal: ATT-2 is not there. A version she was not shown is refused.
    const stale = await at('siti', [
      'team',
      'resolve',
      'ATT-2',
      '--action',
      'not-sent',
      '--version',
      '0',
      '--note',
      'not in the portal',
      '--yes',
    ])
    expect(stale.code).not.toBe(0)
    expect((await payout('ATT-2'))?.status).toBe('unknown')
    const marked = await at('siti', [
      'team',
      'resolve',
      'ATT-2',
      '--action',
      'not-sent',
      '--version',
      String(second?.version),
      '--note',
      'not in the portal',
      '--yes',
    ])
    expect(marked.code, marked.stderr).toBe(0)
    expect(marked.stdout).toContain('ATT-2 is now cancelled')
    expect(await payout('ATT-2')).toMatchObject({ status: 'cancelled', attention: null })
    const event = await admin((c) =>
      c.query<{ person: string; note: string }>(
        `SELECT e.person, e.detail->>'note' AS note FROM payout_desk.payout_events e
           JOIN payout_desk.payouts p ON p.id = e.payout_id WHERE p.reference = 'ATT-2' AND e.kind = 'decision'`,
      ),
    )
    expect(event.rows).toEqual([{ person: 'siti', note: 'not in the portal' }])
    // Nothing was sent for it, before or after.
    expect(sandbox.book.createAttempts('vexora', 'id', 'ATT-2')).toBe(0)
    expect(await listed('budi')).toEqual([])
  })
})
