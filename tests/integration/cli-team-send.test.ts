// Two desks at one team ledger, at the command line (`payout-desk team secret`, `team send`,
// `team approve`): a real PostgreSQL server, the loopback sandbox, each desk's own keychain entries.
// Actions covered: sendForTeam (actions/team-send.ts), approveShownForTeam.
import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Sandbox } from '../../electron/sandbox/server.ts'
import { computerId } from '../../electron/ledger/computer-id.ts'
import { createKeychainSecretStore } from '../../electron/secrets/secret-store.ts'
import { eventually } from '../support/eventually.ts'
import { runCli, startCli } from '../support/run-cli.ts'
import type { PostgresServer } from '../support/postgres-server.ts'
import { idrFields } from '../support/sandbox-clients.ts'
import { sandboxTeamProfile, teamOfTwoWithSandbox, writeTeamPayout } from '../support/team-fixtures.ts'
import { teamSessions } from '../support/team-sessions.ts'

let server: PostgresServer | undefined
let sandbox: Sandbox
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
type Person = keyof typeof PASSWORD
const { as, admin, urlFor } = teamSessions(() => server, PASSWORD)
/** Each desk's keychain: its own service name, as two computers would have two keychains. */
const KEYCHAIN = {
  siti: `Payout Desk team test siti ${randomUUID().slice(0, 8)}`,
  budi: `Payout Desk team test budi ${randomUUID().slice(0, 8)}`,
}
const stored: [Person, string][] = []

beforeAll(async () => {
  ;({ server, sandbox } = await teamOfTwoWithSandbox(PASSWORD))
}, 180_000)
afterAll(async () => {
  for (const [person, profile] of stored)
    await createKeychainSecretStore(KEYCHAIN[person])
      .delete(profile)
      .catch(() => undefined)
  await sandbox.close()
  await server?.stop()
})

/** `payout-desk …` at a person's desk: their login, their keychain. */
const at = (person: Person, args: string[], input?: string) =>
  runCli(args, input, {
    PAYOUT_DESK_LEDGER_URL: urlFor(person),
    PAYOUT_DESK_KEYCHAIN_SERVICE: KEYCHAIN[person],
    LANG: 'C',
  })

async function sitisProfile(name: string): Promise<string> {
  const id = await sandboxTeamProfile(as, 'siti', sandbox, name)
  stored.push(['siti', id], ['budi', id])
  return id
}

const budiWrites = (profile: string, reference: string, amountMinor: number) =>
  writeTeamPayout(as, 'budi', {
    profile,
    reference,
    amountMinor,
    fields: idrFields('0012345678', 'Dewi Lestari'),
  })

const statusOf = (reference: string) =>
  admin((c) =>
    c.query<{ status: string }>('SELECT status FROM payout_desk.payouts WHERE reference = $1', [reference]),
  ).then((r) => r.rows[0]?.status)
const creates = (reference: string) => sandbox.book.createAttempts('vexora', 'id', reference)

describe('payout-desk team send', { timeout: 120_000 }, () => {
  it("sends only for the profiles whose secret the desk holds; the owner's approval lets the rest go, once", async () => {
    const acme = await sitisProfile('Acme Payroll')
    await budiWrites(acme, 'SAL-001', 400_000)
    await budiWrites(acme, 'SAL-002', 450_000)
    await budiWrites(acme, 'BONUS-001', 5_000_000)

    // Budi's desk has no secret yet: it says whose desk the payouts wait for, and sends nothing.
    const before = await at('budi', ['team', 'send', '--dry-run'])
    expect(before.code).toBe(0)
    expect(before.stdout).toMatch(/Acme Payroll\s+test money\s+2\s+0\s+no/)
    const bare = await at('budi', ['team', 'send'])
    expect(bare.code).toBe(0)
    expect(bare.stdout).toContain('This desk holds no secret of the team profiles, so it sent nothing.')
    expect(bare.stdout).toContain('Left for a desk with the secret of "Acme Payroll" (2 payouts ready)')
    expect(creates('SAL-001')).toBe(0)

    // With the secret in his own keychain (never in the ledger), his desk sends what needs no approval.
    const secret = await at(
      'budi',
      ['team', 'secret', 'Acme Payroll'],
      `${sandbox.credentials.vexora.secret}\n`,
    )
    expect(secret.code, secret.stderr).toBe(0)
    const sent = await at('budi', ['team', 'send', '--json'])
    expect(sent.code, sent.stderr).toBe(0)
    const answer = JSON.parse(sent.stdout) as { byStatus: Record<string, number>; sentFor: string[] }
    expect(answer.sentFor).toEqual(['Acme Payroll'])
    expect(Object.values(answer.byStatus).reduce((a, b) => a + b, 0)).toBe(2)
    for (const reference of ['SAL-001', 'SAL-002']) {
      expect(['processing', 'succeeded']).toContain(await statusOf(reference))
      expect(creates(reference)).toBe(1)
    }
    expect(await statusOf('BONUS-001')).toBe('awaiting_approval')
    expect(creates('BONUS-001')).toBe(0)
    const secretsInLedger = await admin((c) =>
      c.query("SELECT 1 FROM payout_desk.payout_events WHERE detail::text LIKE '%' || $1 || '%'", [
        sandbox.credentials.vexora.secret,
      ]),
    )
    expect(secretsInLedger.rowCount).toBe(0)

    // Siti approves the bonus at her desk and sends it from there; Budi's desk sending again changes nothing.
    expect((await at('siti', ['team', 'approve', 'BONUS-001', '--yes'])).code).toBe(0)
    await at('siti', ['team', 'secret', 'Acme Payroll'], `${sandbox.credentials.vexora.secret}\n`)
    const [hers, his] = await Promise.all([at('siti', ['team', 'send']), at('budi', ['team', 'send'])])
    expect(hers.code, hers.stderr).toBe(0)
    expect(his.code, his.stderr).toBe(0)
    expect(['processing', 'succeeded']).toContain(await statusOf('BONUS-001'))
    expect(creates('BONUS-001')).toBe(1)
    for (const reference of ['SAL-001', 'SAL-002']) expect(creates(reference)).toBe(1)

    // Both see one book, with who did what.
    const list = await at('budi', ['team', 'list', '--profile', 'Acme Payroll'])
    expect(list.code, list.stderr).toBe(0)
    expect(list.stdout).toMatch(
      /BONUS-001\s+Acme Payroll\s+IDR 5,000,000(\.00)?\s+(processing|succeeded)\s+budi\s+siti/,
    )
    expect(list.stdout).toMatch(
      /SAL-001\s+Acme Payroll\s+IDR 400,000(\.00)?\s+(processing|succeeded)\s+budi\s/,
    )
    const story = await at('siti', ['team', 'show', 'BONUS-001'])
    expect(story.code, story.stderr).toBe(0)
    expect(story.stdout).toContain('Prepared by budi, approved by siti.')
    expect(story.stdout).toMatch(/created\s+budi/)
    expect(story.stdout).toMatch(/approved\s+siti/)
    // What she acknowledged of the book's notes is in the story (team migration 18): nobody saw this payee.
    expect(story.stdout).toMatch(/approved\s+siti\n\s+acknowledging: to a payee no owner has seen\n/)
    expect(story.stdout).toMatch(/transition\s+(siti|budi)/)
  })

  it('says whose desk is busy with a profile’s payouts and until when, sends none of them meanwhile, and sends them after', async () => {
    const held = await sitisProfile('Acme Held')
    await budiWrites(held, 'HELD-001', 300_000)
    expect(
      (await at('budi', ['team', 'secret', 'Acme Held'], `${sandbox.credentials.vexora.secret}\n`)).code,
    ).toBe(0)
    // Siti's desk, on her laptop, stopped mid-send: its hold on the sending runs out in 45 seconds.
    await admin((c) =>
      c.query(
        `INSERT INTO payout_desk.send_leases (profile_id, desk, person, epoch, until)
         VALUES ($1, 'siti-laptop:4242:5eed1e55', 'siti', 1, clock_timestamp() + interval '45 seconds')`,
        [held],
      ),
    )
    const left = await at('budi', ['team', 'send'])
    expect(left.code, left.stderr).toBe(0)
    expect(left.stdout).toMatch(
      /"Acme Held": siti's desk on siti-laptop is busy with its payouts until \d{4}-\d{2}-\d{2} \d{2}:\d{2}[^,]*, so 1 payout was not sent from here\./,
    )
    expect(left.stdout).toContain('Run payout-desk team send again after that')
    expect(await statusOf('HELD-001')).toBe('queued')
    expect(creates('HELD-001')).toBe(0)
    const json = JSON.parse((await at('budi', ['team', 'send', '--json'])).stdout) as {
      heldElsewhere: { profile: string; person: string; computer: string; waiting: number }[]
    }
    expect(json.heldElsewhere).toEqual([
      expect.objectContaining({
        profile: 'Acme Held',
        person: 'siti',
        computer: 'siti-laptop',
        thisComputer: false,
        waiting: 1,
      }),
    ])

    // Held by another window or command of this very computer (still running): said so, not as a colleague's.
    await admin((c) =>
      c.query('UPDATE payout_desk.send_leases SET desk = $2 WHERE profile_id = $1', [
        held,
        `${hostname()}:${process.pid}:feedface:${computerId() ?? ''}`,
      ]),
    )
    const here = await at('budi', ['team', 'send'])
    expect(here.stdout).toContain(
      '"Acme Held": another window or command on this computer is busy with its payouts',
    )
    expect(creates('HELD-001')).toBe(0)
    // Another computer of the same host name (its process id unknown here): a colleague's desk, whose
    // hold is never taken for a crashed window's.
    await admin((c) =>
      c.query('UPDATE payout_desk.send_leases SET desk = $2 WHERE profile_id = $1', [
        held,
        `${hostname()}:999999:feedface:another-computer`,
      ]),
    )
    const namesake = await at('budi', ['team', 'send'])
    expect(namesake.stdout).toContain(`"Acme Held": siti's desk on ${hostname()} is busy with its payouts`)
    expect(creates('HELD-001')).toBe(0)

    // Once the hold ran out, the next send takes the sending over and pays it, once; nothing is said of it.
    await admin((c) =>
      c.query(
        "UPDATE payout_desk.send_leases SET until = clock_timestamp() - interval '1 second' WHERE profile_id = $1",
        [held],
      ),
    )
    const after = await at('budi', ['team', 'send'])
    expect(after.code, after.stderr).toBe(0)
    expect(after.stdout).not.toContain('is busy with its payouts')
    expect(['processing', 'succeeded']).toContain(await statusOf('HELD-001'))
    expect(creates('HELD-001')).toBe(1)
  })

  it('keeps only the secret the owner set: hers sets the team’s check, a mistyped one is refused', async () => {
    // A profile whose owner has not kept its secret at her desk yet: the ledger knows no check.
    const id = randomUUID()
    await as('siti', (c) =>
      c.query(
        `INSERT INTO payout_desk.profiles (id, name, provider, environment, base_url, merchant_id, currency)
         VALUES ($1, 'Kedai Gaji', 'vexora', 'sandbox', $2, $3, 'IDR')`,
        [id, sandbox.vexoraBaseUrl('id'), sandbox.credentials.vexora.merchantNo],
      ),
    )
    stored.push(['siti', id], ['budi', id])
    const secret = `${sandbox.credentials.vexora.secret}\n`
    const early = await at('budi', ['team', 'secret', 'Kedai Gaji'], secret)
    expect(early.code, early.stderr).toBe(0)
    expect(early.stdout).toContain(
      'No desk can send for "Kedai Gaji" until an owner runs payout-desk team secret',
    )
    expect((await at('budi', ['team', 'send', '--dry-run'])).stdout).toMatch(
      /Kedai Gaji\s+test money\s+0\s+0\s+no/,
    )
    const hers = await at('siti', ['team', 'secret', 'Kedai Gaji'], secret)
    expect(hers.code, hers.stderr).toBe(0)
    expect(hers.stdout).toContain('This desk can now send for it.')
    expect((await at('budi', ['team', 'send', '--dry-run'])).stdout).toMatch(
      /Kedai Gaji\s+test money\s+0\s+0\s+yes/,
    )
    const typo = await at('budi', ['team', 'secret', 'Kedai Gaji'], 'not-the-secret\n')
    expect(typo.code).not.toBe(0)
    expect(typo.stderr).toContain(
      'This is not the gateway secret the team\'s owner set for "Kedai Gaji". Nothing was kept.',
    )
    // His keychain still holds the right one: he still sends for it.
    expect((await at('budi', ['team', 'send', '--dry-run'])).stdout).toMatch(
      /Kedai Gaji\s+test money\s+0\s+0\s+yes/,
    )
    // The owner's own typo replaces nothing unless she says it is the gateway's new secret.
    const herTypo = await at('siti', ['team', 'secret', 'Kedai Gaji'], 'not-the-secret\n')
    expect(herTypo.code).not.toBe(0)
    expect(herTypo.stderr).toContain(
      'This is not the gateway secret the team\'s computers send with for "Kedai Gaji". Nothing was kept.',
    )
    expect(herTypo.stderr).toContain('run the command again with --replace')
    expect((await at('budi', ['team', 'send', '--dry-run'])).stdout).toMatch(
      /Kedai Gaji\s+test money\s+0\s+0\s+yes/,
    )
    const replaced = await at('siti', ['team', 'secret', 'Kedai Gaji', '--replace'], 'the-gateways-new-one\n')
    expect(replaced.code, replaced.stderr).toBe(0)
    expect(replaced.stdout).toContain('This is now the team\'s secret for "Kedai Gaji"')
    // Budi's desk holds the old one: it sends for the profile no more until it keeps the new one.
    expect((await at('budi', ['team', 'send', '--dry-run'])).stdout).toMatch(
      /Kedai Gaji\s+test money\s+0\s+0\s+no/,
    )
  })

  it('stops on Ctrl-C: what is on its way gets its answer, what has not left stays ready, and the next send sends it once', async () => {
    const profile = await sitisProfile('Acme Stop')
    const references = Array.from({ length: 40 }, (_, i) => `STOP-${String(i).padStart(3, '0')}`)
    for (const reference of references) await budiWrites(profile, reference, 20_000)
    expect(
      (await at('budi', ['team', 'secret', 'Acme Stop'], `${sandbox.credentials.vexora.secret}\n`)).code,
    ).toBe(0)
    const statuses = () =>
      admin((c) =>
        c.query<{ status: string; n: number }>(
          `SELECT status, count(*)::int AS n FROM payout_desk.payouts WHERE profile_id = $1 GROUP BY status`,
          [profile],
        ),
      ).then((r) => Object.fromEntries(r.rows.map((row) => [row.status, row.n])))
    // A slow gateway: Ctrl-C comes while payouts are on their way.
    sandbox.faults.add({ mode: 'slow', endpoint: 'create', delayMs: 300, times: 40 })
    const run = startCli(['team', 'send', '--json'], {
      env: { PAYOUT_DESK_LEDGER_URL: urlFor('budi'), PAYOUT_DESK_KEYCHAIN_SERVICE: KEYCHAIN.budi, LANG: 'C' },
    })
    await eventually(async () => expect((await statuses()).submitting ?? 0).toBeGreaterThan(0), 30_000, 20)
    run.child.kill('SIGINT')
    const stopped = await run.done
    sandbox.faults.clear()
    expect(stopped.code, stopped.stderr).toBe(1)
    expect(stopped.stderr).toContain('Stopping: no new payouts will be sent')
    expect(stopped.stderr).toMatch(
      /Stopped\. \d+ payouts? not sent stays? ready; run payout-desk team send again/,
    )
    const reported = JSON.parse(stopped.stdout) as { stopped: boolean; byStatus: Record<string, number> }
    const after = await statuses()
    // Nothing left mid-send: every payout that left has the gateway's answer written.
    expect(after.submitting).toBeUndefined()
    expect(after.queued ?? 0).toBeGreaterThan(0)
    expect(reported).toMatchObject({ stopped: true, byStatus: after })
    expect(references.filter((r) => creates(r) > 0)).toHaveLength(40 - (after.queued ?? 0))

    const again = await at('budi', ['team', 'send'])
    expect(again.code, again.stderr).toBe(0)
    expect((await statuses()).queued).toBeUndefined()
    for (const reference of references) expect(creates(reference), reference).toBe(1)
  })

  it('a desk that cannot reach the team ledger says so, and what to check', async () => {
    const unreachable = await runCli(['team', 'send'], undefined, {
      PAYOUT_DESK_LEDGER_URL: 'postgres://budi:wrong@127.0.0.1:9/payouts',
      PAYOUT_DESK_KEYCHAIN_SERVICE: KEYCHAIN.budi,
      LANG: 'C',
    })
    expect(unreachable.code).not.toBe(0)
    expect(unreachable.stderr).toContain('The team ledger could not be reached')
  })
})
