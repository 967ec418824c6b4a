// Door parity on the team ledger: an approval through the window's handler table (Settings → Team, then
// what Needs your decision lists and Approve names) and through a spawned `payout-desk approve BATCH`
// must end the same way: the same outcome, the same refusal, the same rows. Each door acts on a batch of
// its own, prepared the same way by `team import`, on one real PostgreSQL server.
// Actions covered: approve (listTeamApprovals + approveTeamPayouts; approvalToShow + approvePayouts).
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHandlers } from '../../electron/ipc/handlers.ts'
import type { Sandbox } from '../../electron/sandbox/server.ts'
import { createServices } from '../../electron/services/create-services.ts'
import { ipcCaller } from '../support/ipc-call.ts'
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
const tmp = makeTempDir('payout-desk-team-parity-')

beforeAll(async () => {
  ;({ server, sandbox } = await teamOfTwoWithSandbox(PASSWORD))
}, 180_000)
afterAll(async () => {
  await sandbox.close()
  await server?.stop()
  tmp.cleanup()
})

type Outcome = { ok: true } | { ok: false; message: string }

/**
 * One batch over the limit (two payouts) and one row within it, prepared by `person` on `profile`. The
 * sandbox profiles share one gateway account, where a reference is taken once: each batch has its own.
 */
async function prepare(person: Person, profile: string, prefix: string): Promise<string> {
  const file = join(tmp.dir, `${profile}.csv`)
  writeFileSync(
    file,
    'name,bank code,account number,mobile,email,amount,reference\n' +
      `Dewi Lestari,014,0000012345,081234567890,d@example.com,2500000,${prefix}-01\n` +
      `Eko Prasetyo,014,0000012346,081234567891,e@example.com,1500000,${prefix}-02\n` +
      `Fajar Nugroho,014,0000012347,081234567892,f@example.com,400000,${prefix}-03\n`,
  )
  const run = await runCli(
    ['team', 'import', '--profile', profile, '--file', file, '--yes', '--json'],
    undefined,
    {
      PAYOUT_DESK_LEDGER_URL: urlFor(person),
      LANG: 'C',
    },
  )
  expect(run.code, run.stderr).toBe(0)
  return (JSON.parse(run.stdout) as { batch: string }).batch
}

/** The window: this person's desk connects in Settings → Team and approves the batch as it is listed. */
async function windowApprove(person: Person, batch: string): Promise<Outcome> {
  const dir = makeTempDir('payout-desk-team-parity-desk-')
  const services = await createServices({ appVersion: 't', poll: false, dataDir: dir.dir })
  const { call, raw } = ipcCaller(() => createHandlers(services, () => undefined))
  try {
    const url = new URL(urlFor(person))
    await call('connectTeam', {
      server: `${url.host}${url.pathname}`,
      login: person,
      password: PASSWORD[person],
    })
    const shown = (await call('listTeamApprovals')).payouts.filter((p) => p.batchId === batch)
    const result = await raw('approveTeamPayouts', {
      ids: shown.map((p) => p.id),
      totalMinor: shown.reduce((sum, p) => sum + p.amountMinor, 0),
    })
    return result.ok ? { ok: true } : { ok: false, message: result.message }
  } finally {
    await call('forgetTeam')
    await services.close()
    dir.cleanup()
  }
}

/** The command line: `payout-desk approve BATCH --yes`, the batch named by its first 8 characters. */
async function cliApprove(person: Person, batch: string): Promise<Outcome> {
  const run = await runCli(['approve', batch.slice(0, 8), '--yes'], undefined, {
    PAYOUT_DESK_LEDGER_URL: urlFor(person),
    LANG: 'C',
  })
  return run.code === 0 ? { ok: true } : { ok: false, message: run.stderr }
}

const rowsOf = (profile: string) =>
  admin((c) =>
    c
      .query<{ reference: string; status: string; approved_by: string | null }>(
        `SELECT split_part(p.reference, '-', 2) AS reference, p.status, p.approved_by FROM payout_desk.payouts p
           JOIN payout_desk.profiles pr ON pr.id = p.profile_id WHERE pr.name = $1 ORDER BY p.reference`,
        [profile],
      )
      .then((r) => r.rows),
  )

interface Scenario {
  name: string
  preparedBy: Person
  approver: Person
  /** What the refusal says at both doors; done when absent. */
  refused?: RegExp
}

const SCENARIOS: Scenario[] = [
  { name: "an owner approves the bookkeeper's batch", preparedBy: 'budi', approver: 'siti' },
  {
    name: 'a bookkeeper cannot approve',
    preparedBy: 'budi',
    approver: 'budi',
    refused: /only an owner approves, and never a payout she prepared herself/,
  },
  {
    name: 'an owner cannot approve what she prepared',
    preparedBy: 'siti',
    approver: 'siti',
    refused: /only an owner approves, and never a payout she prepared herself/,
  },
]

describe('door parity on the team ledger', { timeout: 180_000 }, () => {
  let n = 0
  for (const scenario of SCENARIOS) {
    it(scenario.name, async () => {
      n += 1
      const ends = []
      for (const door of [
        { name: 'window', approve: windowApprove },
        { name: 'cli', approve: cliApprove },
      ]) {
        const profile = `Parity ${n} ${door.name}`
        await sandboxTeamProfile(as, 'siti', sandbox, profile)
        const batch = await prepare(scenario.preparedBy, profile, `P${n}${door.name}`)
        const outcome = await door.approve(scenario.approver, batch)
        if (scenario.refused) {
          expect(outcome.ok, `${door.name} approved`).toBe(false)
          if (!outcome.ok) expect(outcome.message, door.name).toMatch(scenario.refused)
        } else expect(outcome, door.name).toEqual({ ok: true })
        ends.push({ ok: outcome.ok, rows: await rowsOf(profile) })
      }
      expect(ends[0], 'the window and the command line end the same way').toEqual(ends[1])
    })
  }
})
