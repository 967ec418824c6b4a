// Door parity on the team ledger: an approval through the window's handler table (Settings → Team, then
// what Needs your decision lists and Approve names) and through a spawned `payout-desk approve BATCH`
// must end the same way: the same outcome, the same refusal, the same rows. Each door acts on a batch of
// its own, prepared the same way by `team import`, on one real PostgreSQL server.
// Actions covered: approve (listTeamApprovals + approveTeamPayouts; approvalToShow + approveShownForTeam),
// refuse (listTeamApprovals + refuseTeamPayouts: refuseForTeam; team refuse: refusalToShow + refuseShownForTeam),
// keepTeamSecret and sendForTeam (setTeamSecret + sendTeamPayouts; team secret + team send), deciding what
// waits for a person (listTeamAttention + resolveTeamAttention; team attention + team resolve), paying again
// (retryTeamPayout; team retry), a batch's Retry (listTeamBatchesToRetry + retryTeamBatch; team retry --batch:
// retryTeamBatch), preparing a file (openImportFile/confirmImport on the team ledger:
// teamReviewTarget + commitTeamFile; team import), and one payout typed in (reviewTeamPayout +
// writeTeamPayout: teamPayReviews; team pay: reviewTeamPayout + writeTeamPayout), and a team profile with its
// limits (saveTeamProfile + setTeamLimits; team add-profile + team limits: addTeamProfile, setTeamLimits).
import { acknowledgedOf } from '../../shared/domain/approval-notes.ts'
import { writeFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHandlers } from '../../electron/ipc/handlers.ts'
import type { Sandbox } from '../../electron/sandbox/server.ts'
import { keychainService } from '../../electron/secrets/secret-store.ts'
import { createServices } from '../../electron/services/create-services.ts'
import { ipcCaller } from '../support/ipc-call.ts'
import type { PostgresServer } from '../support/postgres-server.ts'
import { runCli } from '../support/run-cli.ts'
import { idrFields } from '../support/sandbox-clients.ts'
import {
  leaveInDoubt,
  sandboxTeamProfile,
  teamOfTwoWithSandbox,
  writeTeamPayout,
} from '../support/team-fixtures.ts'
import { teamSessions } from '../support/team-sessions.ts'
import { scriptedFiles, type ScriptedFiles } from '../support/scripted-files.ts'
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
 * sandbox keeps one book of orders for all its merchants, where a reference is taken once: each batch
 * has its own.
 */
const fileOf = (prefix: string, refused = false) => {
  // The sandbox's bank refuses an account ending in 000.
  const account = (n: number) => (refused ? `00000${n}000` : `000001234${n}`)
  return (
    'name,bank code,account number,mobile,email,amount,reference\n' +
    `Dewi Lestari,014,${account(5)},081234567890,d@example.com,2500000,${prefix}-01\n` +
    `Eko Prasetyo,014,${account(6)},081234567891,e@example.com,1500000,${prefix}-02\n` +
    `Fajar Nugroho,014,${account(7)},081234567892,f@example.com,400000,${prefix}-03\n`
  )
}

async function prepare(person: Person, profile: string, prefix: string, refused = false): Promise<string> {
  const file = join(tmp.dir, `${profile}.csv`)
  writeFileSync(file, fileOf(prefix, refused))
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

/** What a person does on the team ledger, through either door. */
interface TeamDoor {
  name: 'window' | 'cli'
  /** Prepares the file as the door's person does: Batch import onto the team ledger, or `team import`. */
  prepare(person: Person, profile: string, prefix: string): Promise<Outcome>
  /** Approves a batch as the door shows it: what Needs your decision lists, or `approve BATCH`. */
  approve(person: Person, batch: string): Promise<Outcome>
  /** Refuses what waits of a batch as the door shows it: what Needs your decision lists, or `team refuse`. */
  refuse(person: Person, batch: string): Promise<Outcome>
  /** Keeps a profile's gateway secret on this person's desk, then sends what is ready from it. */
  keepSecretAndSend(person: Person, profile: string, secret: string): Promise<Outcome>
  /** Keeps the profile's secret on this person's desk, then pays a payout that did not pay again. */
  retry(person: Person, profile: string, reference: string): Promise<Outcome>
  /** Keeps the profile's secret on this person's desk, then pays again what of a batch did not go through. */
  retryBatch(person: Person, profile: string, batch: string): Promise<Outcome>
  /** Types one payout to Dewi's account in, as New payout or `team pay` does; a repeat only if accepted. */
  pay(person: Person, profile: string, amount: string, acceptRepeat: boolean): Promise<Outcome>
  /** Decides about a payout that waits for a person, at the version the door shows. */
  decide(person: Person, reference: string, action: 'not-sent' | 'ask', note: string): Promise<Outcome>
}

/** This person's desk in the window: connected in Settings → Team, forgotten after. */
async function atWindow<T = Outcome>(
  person: Person,
  work: (c: ReturnType<typeof ipcCaller> & { files: ScriptedFiles }) => Promise<T>,
) {
  const dir = makeTempDir('payout-desk-team-parity-desk-')
  const files = scriptedFiles(dir.dir)
  const services = await createServices({ appVersion: 't', poll: false, dataDir: dir.dir, files: files.port })
  // One handler table for the desk's life, as main makes it.
  const handlers = createHandlers(services, () => undefined)
  const caller = { files, ...ipcCaller(() => handlers) }
  try {
    const url = new URL(urlFor(person))
    await caller.call('connectTeam', {
      server: `${url.host}${url.pathname}`,
      login: person,
      password: PASSWORD[person],
    })
    return await work(caller)
  } finally {
    await caller.call('forgetTeam')
    await services.close()
    dir.cleanup()
  }
}
const outcomeOf = (result: { ok: true } | { ok: false; message: string }): Outcome =>
  result.ok ? { ok: true } : { ok: false, message: result.message }

/** Dewi Lestari's account, as the prepared file pays her. */
const DEWI = {
  bankCode: '014',
  bankAccountNo: '0000012345',
  customerName: 'Dewi Lestari',
  mobile: '081234567890',
  email: 'd@example.com',
}

const windowDoor: TeamDoor = {
  name: 'window',
  retryBatch: (person, profile, batch) =>
    atWindow(person, async ({ call, raw }) => {
      const id = (await call('listTeamProfiles')).find((p) => p.name === profile)?.id ?? ''
      await call('setTeamSecret', { profileId: id, secret: sandbox.credentials.vexora.secret })
      const shown = (await call('listTeamBatchesToRetry')).find((b) => b.batchId === batch)
      if (!shown) return { ok: false, message: 'not listed' }
      return outcomeOf(await raw('retryTeamBatch', { batchId: batch, ids: shown.ids }))
    }),
  pay: (person, profile, amount, acceptRepeat) =>
    atWindow(person, async ({ call, raw }) => {
      const profileId = (await call('listTeamProfiles')).find((p) => p.name === profile)?.id ?? ''
      const review = await call('reviewTeamPayout', { profileId, amount, fields: DEWI })
      return outcomeOf(
        await raw('writeTeamPayout', { reviewId: review.reviewId, acceptRepeat, acceptAccountChange: false }),
      )
    }),
  retry: (person, profile, reference) =>
    atWindow(person, async ({ call, raw }) => {
      const id = (await call('listTeamProfiles')).find((p) => p.name === profile)?.id ?? ''
      await call('setTeamSecret', { profileId: id, secret: sandbox.credentials.vexora.secret })
      const row = (await call('listTeamHistory', { search: reference })).rows.find(
        (r) => r.reference === reference,
      )
      return outcomeOf(await raw('retryTeamPayout', { id: row?.id ?? '' }))
    }),
  prepare: (person, profile, prefix) =>
    atWindow(person, async ({ call, raw, files }) => {
      const profileId = (await call('listTeamProfiles')).find((p) => p.name === profile)?.id ?? ''
      files.next = { name: `${profile}.csv`, bytes: Buffer.from(fileOf(prefix)) }
      const view = await call('openImportFile', { profileId, ledger: 'team' })
      if (!view) return { ok: false, message: 'no file' }
      return outcomeOf(await raw('confirmImport', { importId: view.importId, revision: view.revision }))
    }),
  approve: (person, batch) =>
    atWindow(person, async ({ call, raw }) => {
      const shown = (await call('listTeamApprovals')).payouts.filter((p) => p.batchId === batch)
      return outcomeOf(
        await raw('approveTeamPayouts', {
          ids: shown.map((p) => p.id),
          totalMinor: shown.reduce((sum, p) => sum + p.amountMinor, 0),
          acknowledged: acknowledgedOf(shown),
        }),
      )
    }),
  refuse: (person, batch) =>
    atWindow(person, async ({ call, raw }) => {
      const shown = (await call('listTeamApprovals')).payouts.filter((p) => p.batchId === batch)
      return outcomeOf(
        await raw('refuseTeamPayouts', {
          ids: shown.map((p) => p.id),
          totalMinor: shown.reduce((sum, p) => sum + p.amountMinor, 0),
        }),
      )
    }),
  decide: (person, reference, action, note) =>
    atWindow(person, async ({ call, raw }) => {
      const item = (await call('listTeamAttention')).find((i) => i.reference === reference)
      if (!item) return { ok: false, message: 'not listed' }
      return outcomeOf(
        await raw('resolveTeamAttention', { payoutId: item.id, action, version: item.version, note }),
      )
    }),
  keepSecretAndSend: (person, profile, secret) =>
    atWindow(person, async ({ call, raw }) => {
      const id = (await call('listTeamProfiles')).find((p) => p.name === profile)?.id ?? ''
      const kept = await raw('setTeamSecret', { profileId: id, secret })
      return kept.ok ? outcomeOf(await raw('sendTeamPayouts')) : outcomeOf(kept)
    }),
}

const cli = (person: Person, args: string[], input?: string) =>
  runCli(args, input, {
    PAYOUT_DESK_LEDGER_URL: urlFor(person),
    PAYOUT_DESK_KEYCHAIN_SERVICE: `${keychainService()} cli`,
    LANG: 'C',
  })
const cliOutcome = (run: { code: number | null; stderr: string }): Outcome =>
  run.code === 0 ? { ok: true } : { ok: false, message: run.stderr }

const cliDoor: TeamDoor = {
  name: 'cli',
  retryBatch: async (person, profile, batch) => {
    const kept = await cli(person, ['team', 'secret', profile], `${sandbox.credentials.vexora.secret}\n`)
    return kept.code === 0
      ? cliOutcome(await cli(person, ['team', 'retry', '--batch', batch.slice(0, 8), '--yes']))
      : cliOutcome(kept)
  },
  pay: async (person, profile, amount, acceptRepeat) =>
    cliOutcome(
      await cli(person, [
        'team',
        'pay',
        '--profile',
        profile,
        '--amount',
        amount,
        ...Object.entries(DEWI).flatMap(([k, v]) => [`--${k}`, v]),
        ...(acceptRepeat ? ['--accept-duplicates'] : []),
        '--yes',
      ]),
    ),
  retry: async (person, profile, reference) => {
    const kept = await cli(person, ['team', 'secret', profile], `${sandbox.credentials.vexora.secret}\n`)
    return kept.code === 0
      ? cliOutcome(await cli(person, ['team', 'retry', reference, '--yes']))
      : cliOutcome(kept)
  },
  prepare: async (person, profile, prefix) => {
    await prepare(person, profile, prefix)
    return { ok: true }
  },
  // The batch named by its first 8 characters, as `team import` printed it.
  approve: async (person, batch) => cliOutcome(await cli(person, ['approve', batch.slice(0, 8), '--yes'])),
  refuse: async (person, batch) =>
    cliOutcome(await cli(person, ['team', 'refuse', batch.slice(0, 8), '--yes'])),
  decide: async (person, reference, action, note) => {
    const listed = await cli(person, ['team', 'attention', '--json'])
    const item = (JSON.parse(listed.stdout) as { reference: string; version: number }[]).find(
      (i) => i.reference === reference,
    )
    if (!item) return { ok: false, message: 'not listed' }
    return cliOutcome(
      await cli(person, [
        'team',
        'resolve',
        reference,
        '--action',
        action,
        '--version',
        String(item.version),
        '--note',
        note,
        '--yes',
      ]),
    )
  },
  keepSecretAndSend: async (person, profile, secret) => {
    const kept = await cli(person, ['team', 'secret', profile], `${secret}\n`)
    return kept.code === 0 ? cliOutcome(await cli(person, ['team', 'send'])) : cliOutcome(kept)
  },
}

const rowsOf = (profile: string) =>
  admin((c) =>
    c
      .query<{ reference: string; status: string; prepared_by: string; approved_by: string | null }>(
        `SELECT CASE WHEN o.id IS NULL THEN split_part(p.reference, '-', 2)
                     ELSE 'again ' || split_part(o.reference, '-', 2) END AS reference,
                p.status, p.prepared_by, p.approved_by, p.amount_minor::text AS amount, p.fields::text AS fields
           FROM payout_desk.payouts p LEFT JOIN payout_desk.payouts o ON o.id = p.retry_of
           JOIN payout_desk.profiles pr ON pr.id = p.profile_id WHERE pr.name = $1 ORDER BY 1`,
        [profile],
      )
      // The sandbox settles in its own time: sent is sent, whichever answer came first.
      .then((r) =>
        r.rows.map((row) => ({ ...row, status: row.status.replace(/^(processing|succeeded)$/, 'sent') })),
      ),
  )

interface Scenario {
  name: string
  preparedBy: Person
  /** Prepared through the door under test; the rest of the scenario is then the same at both. */
  preparedThroughDoor?: true
  /** Approved through the door under test, or by Siti at the command line before (the same in both). */
  approver: Person
  approvedBefore?: true
  /** After the approval, this person's desk keeps the secret (the owner's, or a typo) and sends. */
  sends?: { person: Person; secret: 'the owner set' | 'a typo' }
  /** After the approval, the batch's first payout is left in doubt, and this person decides about it. */
  decides?: { person: Person; action: 'not-sent' | 'ask' }
  /** Then, marked not sent at the command line, this person pays it again. */
  retries?: Person
  /** The batch's accounts are refused by the bank; once sent and failed, this person pays the batch again. */
  retriesBatch?: Person
  /** Instead of approving, this person types one payout to Dewi in (a repeat of hers, if the amount is). */
  pays?: { person: Person; amount: string; acceptRepeat: boolean }
  /** Instead of approving, this person refuses what waits of the batch. */
  refuses?: Person
  /** Before the approval, Dewi is paid at another account (by hand, within the limit): she moved since. */
  payeeMovedBefore?: true
  /** What the refusal says at both doors; done when absent. */
  refused?: RegExp
}

const SCENARIOS: Scenario[] = [
  {
    name: "a bookkeeper's file over the limit, prepared at each door, waits for an owner the same way",
    preparedBy: 'budi',
    preparedThroughDoor: true,
    approver: 'siti',
  },
  { name: "an owner approves the bookkeeper's batch", preparedBy: 'budi', approver: 'siti' },
  {
    name: 'an owner cannot approve a payout to the account its payee has moved from since',
    preparedBy: 'budi',
    approver: 'siti',
    payeeMovedBefore: true,
    // The command line shows an account number's last digits only.
    refused: /Nothing was approved\. Dewi Lestari is now known at bankCode 0002, bankAccountNo \S*9999, /,
  },
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
  {
    name: "an owner refuses the bookkeeper's batch: what waited is cancelled, never sent",
    preparedBy: 'budi',
    approver: 'siti',
    refuses: 'siti',
  },
  {
    name: 'a bookkeeper cannot refuse what waits',
    preparedBy: 'budi',
    approver: 'siti',
    refuses: 'budi',
    refused: /only an owner refuses what waits for approval/,
  },
  {
    name: "a bookkeeper's desk with the owner's secret sends what is approved and ready, each once",
    preparedBy: 'budi',
    approver: 'siti',
    approvedBefore: true,
    sends: { person: 'budi', secret: 'the owner set' },
  },
  {
    name: 'a desk with a mistyped secret keeps nothing and sends nothing',
    preparedBy: 'budi',
    approver: 'siti',
    approvedBefore: true,
    sends: { person: 'budi', secret: 'a typo' },
    refused: /This is not the gateway secret the team's owner set/,
  },
  {
    name: "an owner's mistyped secret does not replace the team's unless she says so, and nothing is sent",
    preparedBy: 'budi',
    approver: 'siti',
    approvedBefore: true,
    sends: { person: 'siti', secret: 'a typo' },
    refused: /This is not the gateway secret the team's computers send with/,
  },
  {
    name: 'a bookkeeper marks a payout in doubt as not sent: cancelled as he decided, never sent',
    preparedBy: 'budi',
    approver: 'siti',
    approvedBefore: true,
    decides: { person: 'budi', action: 'not-sent' },
  },
  {
    name: 'a desk without the profile’s secret cannot ask the gateway, and changes nothing',
    preparedBy: 'budi',
    approver: 'siti',
    approvedBefore: true,
    decides: { person: 'siti', action: 'ask' },
    refused: /is done by a computer holding the secret of "Parity/,
  },
  {
    name: 'a payout marked not sent is paid again once, by a desk holding the secret',
    preparedBy: 'budi',
    approver: 'siti',
    approvedBefore: true,
    decides: { person: 'budi', action: 'not-sent' },
    retries: 'budi',
  },
  {
    name: "a batch's payouts the bank refused are paid again, each once, from a desk holding the secret",
    preparedBy: 'budi',
    approver: 'siti',
    approvedBefore: true,
    retriesBatch: 'budi',
  },
  {
    name: 'one payout typed in over the limit is written, and waits for an owner, the same way',
    preparedBy: 'budi',
    approver: 'siti',
    pays: { person: 'budi', amount: '1,200,000', acceptRepeat: false },
  },
  {
    name: 'a typed payout repeating one in the batch is written only once the person says they mean it',
    preparedBy: 'budi',
    approver: 'siti',
    pays: { person: 'budi', amount: '2,500,000', acceptRepeat: true },
  },
]

describe('door parity on the team ledger', { timeout: 180_000 }, () => {
  let n = 0
  for (const scenario of SCENARIOS) {
    it(scenario.name, async () => {
      n += 1
      const ends = []
      for (const door of [windowDoor, cliDoor]) {
        const profile = `Parity ${n} ${door.name}`
        const prefix = `P${n}${door.name}`
        const profileId = await sandboxTeamProfile(as, 'siti', sandbox, profile)
        if (scenario.preparedThroughDoor) {
          expect(await door.prepare(scenario.preparedBy, profile, prefix), door.name).toEqual({ ok: true })
          // Written, nothing sent; over the limit waits, within it is ready.
          ends.push({ ok: true, rows: await rowsOf(profile), atGateway: [] })
          continue
        }
        const { retriesBatch } = scenario
        const batch = await prepare(scenario.preparedBy, profile, prefix, retriesBatch !== undefined)
        if (scenario.payeeMovedBefore)
          await writeTeamPayout(as, 'budi', {
            profile: profileId,
            reference: `${prefix}-04`,
            amountMinor: 100_000,
            fields: idrFields('0000099999', 'Dewi Lestari'),
          })
        if (scenario.approvedBefore)
          expect(await cliDoor.approve(scenario.approver, batch)).toEqual({ ok: true })
        if (retriesBatch) {
          // Sent from the command line, refused by the bank, and known to have failed once asked.
          expect(
            await cliDoor.keepSecretAndSend(retriesBatch, profile, sandbox.credentials.vexora.secret),
          ).toEqual({
            ok: true,
          })
          await sleep(3_500)
          expect(cliOutcome(await cli(retriesBatch, ['team', 'refresh']))).toEqual({ ok: true })
        }
        const { sends, decides } = scenario
        if (decides) await leaveInDoubt(admin, `${prefix}-01`)
        const decided = (d: NonNullable<typeof decides>, through: TeamDoor) =>
          through.decide(d.person, `${prefix}-01`, d.action, 'not in the gateway portal')
        const { retries } = scenario
        if (decides && retries) expect(await decided(decides, cliDoor)).toEqual({ ok: true })
        const { pays, refuses } = scenario
        const outcome = refuses
          ? await door.refuse(refuses, batch)
          : retriesBatch
            ? await door.retryBatch(retriesBatch, profile, batch)
            : pays
              ? await door.pay(pays.person, profile, pays.amount, pays.acceptRepeat)
              : retries
                ? await door.retry(retries, profile, `${prefix}-01`)
                : decides
                  ? await decided(decides, door)
                  : sends
                    ? await door.keepSecretAndSend(
                        sends.person,
                        profile,
                        sends.secret === 'a typo'
                          ? 'not-the-gateway-secret'
                          : sandbox.credentials.vexora.secret,
                      )
                    : await door.approve(scenario.approver, batch)
        if (scenario.refused) {
          expect(outcome.ok, `${door.name} approved`).toBe(false)
          if (!outcome.ok) expect(outcome.message, door.name).toMatch(scenario.refused)
        } else expect(outcome, door.name).toEqual({ ok: true })
        const atGateway = ['01', '02', '03'].map((r) =>
          sandbox.book.createAttempts('vexora', 'id', `${prefix}-${r}`),
        )
        // Sent means each payout reached the gateway once; refused means none did.
        if (sends) expect(atGateway, door.name).toEqual(scenario.refused ? [0, 0, 0] : [1, 1, 1])
        if (decides) expect(atGateway, door.name).toEqual([0, 0, 0])
        // What waited is refused and cancelled (or, refused the refusal, waits on); the row within the
        // limit is the bookkeeper's, ready as before.
        if (refuses)
          expect(
            (await rowsOf(profile)).map((r) => [r.reference, r.status]),
            door.name,
          ).toEqual(
            ['01', '02', '03'].map((r) => [
              r,
              r === '03' ? 'queued' : scenario.refused ? 'awaiting_approval' : 'cancelled',
            ]),
          )
        // Each refused payout reached the gateway once, and was paid again once.
        if (retriesBatch) {
          expect(atGateway, door.name).toEqual([1, 1, 1])
          const again = (await rowsOf(profile)).filter((r) => r.reference.startsWith('again '))
          expect(
            again.map((r) => r.reference),
            door.name,
          ).toEqual(['again 01', 'again 02', 'again 03'])
        }
        ends.push({ ok: outcome.ok, rows: await rowsOf(profile), atGateway })
      }
      expect(ends[0], 'the window and the command line end the same way').toEqual(ends[1])
    })
  }
})

// Actions covered: teamStories (getTeamStory; team show --json). Reading a payout's story is the same action
// at both doors, so what the window's drawer shows is what `team show` prints, step for step and person by
// person; a reference nobody wrote is refused alike.
describe("a payout's story reads the same at both doors", { timeout: 180_000 }, () => {
  const storyAtWindow = (person: Person, reference: string) =>
    atWindow(person, async ({ raw }) => {
      const read = await raw('getTeamStory', { reference })
      return read.ok
        ? { ok: true as const, stories: read.value.stories, offline: read.value.offline }
        : { ok: false as const, message: read.message }
    })
  const storyAtCli = async (person: Person, reference: string) => {
    const run = await cli(person, ['team', 'show', reference, '--json'])
    return run.code === 0
      ? { ok: true as const, stories: JSON.parse(run.stdout) as unknown, offline: null }
      : { ok: false as const, message: run.stderr.trim() }
  }

  it('prepared by the bookkeeper, approved by the owner, sent: every step with its person', async () => {
    const profile = 'Parity story'
    await sandboxTeamProfile(as, 'siti', sandbox, profile)
    const batch = await prepare('budi', profile, 'PSTORY')
    expect(await cliDoor.approve('siti', batch)).toEqual({ ok: true })
    expect(await cliDoor.keepSecretAndSend('budi', profile, sandbox.credentials.vexora.secret)).toEqual({
      ok: true,
    })
    for (const person of ['siti', 'budi'] as const) {
      const atWindow = await storyAtWindow(person, 'PSTORY-01')
      const atCli = await storyAtCli(person, 'PSTORY-01')
      expect(JSON.parse(JSON.stringify(atWindow)), person).toEqual(atCli)
      expect(atWindow.ok && atWindow.stories[0]?.events.map((e) => [e.kind, e.person]), person).toEqual(
        expect.arrayContaining([
          ['created', 'budi'],
          ['approved', 'siti'],
        ]),
      )
    }
  })

  it('a reference nobody wrote is refused alike, and says so', async () => {
    const [atWindow, atCli] = [await storyAtWindow('budi', 'NOBODY-1'), await storyAtCli('budi', 'NOBODY-1')]
    expect(atWindow.ok).toBe(false)
    expect(atCli.ok).toBe(false)
    if (!atWindow.ok && !atCli.ok) expect(atCli.message).toContain(atWindow.message)
  })

  it("a team profile and its limits: an owner's at both doors alike, a bookkeeper refused alike", async () => {
    // saveTeamProfile + setTeamLimits (window) and team add-profile + team limits (command line), both
    // over actions/team-profiles.ts.
    const profileAt = (door: 'window' | 'cli') => ({
      name: `Parity profile ${door}`,
      provider: 'vexora' as const,
      area: 'ID',
      environment: 'sandbox' as const,
      baseUrl: sandbox.vexoraBaseUrl('id'),
      merchantId: sandbox.openVexoraMerchant(),
      notifyUrl: 'http://127.0.0.1:9/unused',
    })
    const secret = sandbox.credentials.vexora.secret
    const atWindowDoor = (person: Person, door: 'window' | 'cli', withSecret = true) =>
      atWindow(person, async ({ raw }) => {
        const added = await raw('saveTeamProfile', { ...profileAt(door), ...(withSecret ? { secret } : {}) })
        if (!added.ok) return outcomeOf(added)
        return outcomeOf(
          await raw('setTeamLimits', {
            profileId: added.value.id,
            perPayout: '1,000,000',
            perDay: '',
            timeZone: 'Asia/Jakarta',
            shown: { perPayoutMinor: null, perDayMinor: null, timeZone: 'Asia/Jakarta' },
          }),
        )
      })
    const atCliDoor = async (person: Person, door: 'window' | 'cli', withSecret = true) => {
      const p = profileAt(door)
      const added = await cli(
        person,
        [
          'team',
          'add-profile',
          '--name',
          p.name,
          '--provider',
          'vexora',
          '--base-url',
          p.baseUrl,
          '--merchant-no',
          p.merchantId,
          '--notify-url',
          p.notifyUrl,
          ...(withSecret ? ['--secret-stdin'] : []),
        ],
        withSecret ? `${secret}\n` : undefined,
      )
      return added.code === 0
        ? cliOutcome(
            await cli(person, ['team', 'limits', p.name, '--per-payout', '1,000,000', '--per-day', 'none']),
          )
        : cliOutcome(added)
    }
    const row = (door: 'window' | 'cli') =>
      admin((c) =>
        c
          .query<Record<string, unknown>>(
            `SELECT provider, area, environment, currency, per_payout_minor, per_day_minor, time_zone,
                    changed_by, sender_check IS NOT NULL AS checked
               FROM payout_desk.profiles WHERE name = $1`,
            [profileAt(door).name],
          )
          .then((r) => r.rows),
      )
    // Without its secret, refused alike (a profile no desk could send for), before any person's right.
    const [bareWindow, bareCli] = [
      await atWindowDoor('siti', 'window', false),
      await atCliDoor('siti', 'cli', false),
    ]
    for (const bare of [bareWindow, bareCli]) {
      expect(bare.ok).toBe(false)
      if (!bare.ok) expect(bare.message).toContain('A team profile is added with its secret')
    }
    expect([await row('window'), await row('cli')]).toEqual([[], []])
    const [budiWindow, budiCli] = [await atWindowDoor('budi', 'window'), await atCliDoor('budi', 'cli')]
    expect(budiWindow.ok).toBe(false)
    expect(budiCli.ok).toBe(false)
    if (!budiWindow.ok && !budiCli.ok) expect(budiCli.message).toContain(budiWindow.message)
    expect([await row('window'), await row('cli')]).toEqual([[], []])

    expect(await atWindowDoor('siti', 'window')).toEqual({ ok: true })
    expect(await atCliDoor('siti', 'cli')).toEqual({ ok: true })
    const [byWindow, byCli] = [await row('window'), await row('cli')]
    expect(byWindow).toEqual(byCli)
    expect(byWindow).toEqual([
      expect.objectContaining({
        currency: 'IDR',
        per_payout_minor: '1000000',
        per_day_minor: null,
        changed_by: 'siti',
        checked: true,
      }),
    ])
  })
})
