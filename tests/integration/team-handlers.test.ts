// Settings → Team and the owner's approvals through the window's handler table
// (electron/ipc/team-handlers.ts, electron/team/team-connection.ts), on a real PostgreSQL server and the
// real keychain: the password is kept in the keychain only, and PostgreSQL decides who approves what.
import { acknowledgedOf } from '../../shared/domain/approval-notes.ts'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Sandbox } from '../../electron/sandbox/server.ts'
import { createServices } from '../../electron/services/create-services.ts'
import { createHandlers } from '../../electron/ipc/handlers.ts'
import { teamPasswordAccount } from '../../electron/team/team-connection.ts'
import { ipcCaller } from '../support/ipc-call.ts'
import { makeTempDir } from '../support/temp-dir.ts'
import { ipcServicesSuite } from '../support/ipc-services.ts'
import type { PostgresServer } from '../support/postgres-server.ts'
import { sandboxTeamProfile, teamOfTwoWithSandbox, writeTeamPayout } from '../support/team-fixtures.ts'
import { teamSessions } from '../support/team-sessions.ts'

let server: PostgresServer | undefined
let sandbox: Sandbox
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
const { as, admin } = teamSessions(() => server, PASSWORD)
let profile = ''

beforeAll(async () => {
  ;({ server, sandbox } = await teamOfTwoWithSandbox(PASSWORD))
  profile = await sandboxTeamProfile(as, 'siti', sandbox, 'Toko Window')
}, 180_000)
afterAll(async () => {
  await sandbox.close()
  await server?.stop()
})

const desk = ipcServicesSuite()
/** HOST:PORT/DATABASE of the test server, as a person types it into Settings → Team. */
const serverField = () => {
  const url = new URL((server as PostgresServer).urlFor('x', 'y'))
  return `${url.host}${url.pathname}`
}
const connect = (login: 'siti' | 'budi') =>
  desk.call('connectTeam', { server: serverField(), login, password: PASSWORD[login] })
const fields = (n: number) => ({
  bankCode: '014',
  bankAccountNo: `00${7_000_000 + n}`,
  customerName: `Person ${n}`,
  mobile: '081234567890',
  email: `person${n}@example.com`,
})
const statuses = () =>
  admin((c) =>
    c.query<{ reference: string; status: string; approved_by: string | null }>(
      'SELECT reference, status, approved_by FROM payout_desk.payouts ORDER BY reference',
    ),
  ).then((r) => r.rows)

describe('Settings → Team and approvals in the window', { timeout: 120_000 }, () => {
  it('connects only with a login the server takes, and keeps the password in the keychain alone', async () => {
    const wrong = await desk.refusal('connectTeam', {
      server: serverField(),
      login: 'siti',
      password: 'not-her-password',
    })
    expect(wrong.key).toBe('teamLoginRefused')
    // The right password of a login the server switched off: not a typo to look for.
    await admin((c) => c.query("CREATE ROLE dina NOLOGIN PASSWORD 'dina-was-a-bookkeeper'"))
    const switchedOff = await desk.refusal('connectTeam', {
      server: serverField(),
      login: 'dina',
      password: 'dina-was-a-bookkeeper',
    })
    expect(switchedOff.key).toBe('teamLoginNotFromHere')
    const inServer = await desk.refusal('connectTeam', {
      server: `siti:${PASSWORD.siti}@${serverField()}`,
      login: 'siti',
      password: PASSWORD.siti,
    })
    expect(inServer.key).toBe('teamServerInvalid')
    // Nor as the connection's options, where they would override the login.
    for (const option of [`password=${PASSWORD.siti}`, 'user=budi'])
      expect(
        (
          await desk.refusal('connectTeam', {
            server: `${serverField()}?${option}`,
            login: 'siti',
            password: PASSWORD.siti,
          })
        ).key,
      ).toBe('teamServerInvalid')
    const closed = await desk.refusal('connectTeam', {
      server: '127.0.0.1:1/payout_desk_team',
      login: 'siti',
      password: PASSWORD.siti,
    })
    expect(closed.key).toBe('teamLedgerUnreachable')
    // A refusal keeps nothing.
    expect(await desk.call('getTeamConnection')).toEqual({ server: null, login: null, owner: null })
    expect(teamPasswordAccount(desk.services.ledger)).toBeNull()
    expect((await desk.refusal('listTeamApprovals')).key).toBe('teamNotConnected')

    const view = await connect('siti')
    expect(view).toEqual({ server: serverField(), login: 'siti', owner: true })
    expect(await desk.call('getTeamConnection')).toEqual(view)
    const account = teamPasswordAccount(desk.services.ledger) ?? ''
    expect(await desk.services.secrets.reveal(account)).toBe(PASSWORD.siti)
    desk.services.ledger.pragma('wal_checkpoint(TRUNCATE)')
    const file = readFileSync(join(desk.services.dataDir, 'ledger.sqlite3')).toString('latin1')
    expect(file).toContain('siti')
    expect(file).not.toContain(PASSWORD.siti)

    expect(await desk.call('forgetTeam')).toEqual({ server: null, login: null, owner: null })
    expect((await desk.services.secrets.status(account)).stored).toBe(false)
    expect((await desk.refusal('listTeamApprovals')).key).toBe('teamNotConnected')
  })

  it("two data folders on one computer (two companies' books) each keep their own login", async () => {
    await connect('siti')
    const other = makeTempDir('payout-desk-team-other-desk-')
    const services = await createServices({ appVersion: 't', poll: false, dataDir: other.dir })
    const second = ipcCaller(() => createHandlers(services, () => undefined))
    try {
      const url = new URL((server as PostgresServer).urlFor('x', 'y'))
      await second.call('connectTeam', {
        server: `${url.host}${url.pathname}`,
        login: 'budi',
        password: PASSWORD.budi,
      })
      // The first folder still answers as Siti, with her password; forgetting the second leaves hers.
      expect((await desk.call('listTeamApprovals')).me).toBe('siti')
      await second.call('forgetTeam')
      expect((await desk.call('listTeamApprovals')).me).toBe('siti')
    } finally {
      await services.close()
      other.cleanup()
    }
  })

  it('the owner approves exactly what she was shown; a changed total, her own payout or a bookkeeper is refused', async () => {
    const big1 = await writeTeamPayout(as, 'budi', {
      profile,
      reference: 'WIN-1',
      amountMinor: 2_500_000,
      fields: fields(1),
    })
    const big2 = await writeTeamPayout(as, 'budi', {
      profile,
      reference: 'WIN-2',
      amountMinor: 1_500_000,
      fields: fields(2),
    })
    const hers = await writeTeamPayout(as, 'siti', {
      profile,
      reference: 'WIN-3',
      amountMinor: 3_000_000,
      fields: fields(3),
    })

    await connect('budi')
    const asBudi = await desk.call('listTeamApprovals')
    expect(asBudi).toMatchObject({ me: 'budi', owner: false })
    expect(
      (await desk.refusal('approveTeamPayouts', { ids: [big1], totalMinor: 2_500_000, acknowledged: [] }))
        .key,
    ).toBe('teamApprovalRefused')

    await connect('siti')
    const waiting = await desk.call('listTeamApprovals')
    expect(waiting.me).toBe('siti')
    expect(waiting.owner).toBe(true)
    // Who each pays, at which bank and account: the same account number at another bank is another person.
    expect(
      waiting.payouts.map((p) => [p.reference, p.preparedBy, p.beneficiaryName, p.bank, p.accountNo]),
    ).toEqual([
      ['WIN-1', 'budi', 'Person 1', '014', '007000001'],
      ['WIN-2', 'budi', 'Person 2', '014', '007000002'],
      ['WIN-3', 'siti', 'Person 3', '014', '007000003'],
    ])
    expect(waiting.payouts[0]).toMatchObject({
      profile: 'Toko Window',
      environment: 'sandbox',
      currency: 'IDR',
    })

    // The total she was shown is not what waits: nothing is approved.
    expect(
      (
        await desk.refusal('approveTeamPayouts', {
          ids: [big1, big2],
          totalMinor: 3_000_000,
          acknowledged: [],
        })
      ).key,
    ).toBe('teamApprovalChanged')
    expect(
      (await desk.refusal('approveTeamPayouts', { ids: [hers], totalMinor: 3_000_000, acknowledged: [] }))
        .key,
    ).toBe('teamApprovalRefused')
    expect((await statuses()).map((r) => r.status)).toEqual([
      'awaiting_approval',
      'awaiting_approval',
      'awaiting_approval',
    ])

    // Person 1 and 2 are new payees, which the book itself notes: an approval that does not pass back
    // what was shown of them approves nothing (team migration 18).
    const shown = waiting.payouts.filter((p) => p.id === big1 || p.id === big2)
    expect(shown.map((p) => p.concerns)).toEqual([['new_payee'], ['new_payee']])
    expect(
      (
        await desk.refusal('approveTeamPayouts', {
          ids: [big1, big2],
          totalMinor: 4_000_000,
          acknowledged: [],
        })
      ).key,
    ).toBe('teamApprovalNotShown')
    expect(
      await desk.call('approveTeamPayouts', {
        ids: [big1, big2],
        totalMinor: 4_000_000,
        acknowledged: acknowledgedOf(shown),
      }),
    ).toEqual({ approved: 2 })
    expect(await statuses()).toEqual([
      { reference: 'WIN-1', status: 'queued', approved_by: 'siti' },
      { reference: 'WIN-2', status: 'queued', approved_by: 'siti' },
      { reference: 'WIN-3', status: 'awaiting_approval', approved_by: null },
    ])
    // Approved once: the same approval again names payouts that no longer wait.
    expect(
      (
        await desk.refusal('approveTeamPayouts', {
          ids: [big1, big2],
          totalMinor: 4_000_000,
          acknowledged: acknowledgedOf(shown),
        })
      ).key,
    ).toBe('teamApprovalChanged')
  })

  it('sends from the window only with the secret the owner set, each approved payout once, never what waits', async () => {
    await connect('budi')
    const before = await desk.call('listTeamProfiles')
    expect(before.find((p) => p.id === profile)).toMatchObject({
      name: 'Toko Window',
      queued: 2,
      // What Send names before anything leaves: WIN-1 and WIN-2, approved; WIN-3 still waits.
      queuedMinor: 4_000_000,
      currency: 'IDR',
      secretHere: false,
    })
    // Without the secret this desk sends nothing, and says for which profile it leaves it.
    expect(await desk.call('sendTeamPayouts')).toMatchObject({
      sentFor: [],
      leftFor: [{ name: 'Toko Window', queued: 2 }],
    })
    // A bookkeeper's typo is refused: the ledger knows the check of the owner's secret.
    expect((await desk.refusal('setTeamSecret', { profileId: profile, secret: 'not-the-secret' })).key).toBe(
      'teamSecretNotTheTeams',
    )
    const secret = sandbox.credentials.vexora.secret
    // A profile named after this one's id is not it: the window names a profile by id only.
    await sandboxTeamProfile(as, 'siti', sandbox, profile)
    expect(await desk.call('setTeamSecret', { profileId: profile, secret })).toEqual({
      profile: 'Toko Window',
      check: 'matches',
    })
    expect((await desk.call('listTeamProfiles')).find((p) => p.id === profile)?.secretHere).toBe(true)

    const sent = await desk.call('sendTeamPayouts')
    expect(sent.sentFor).toEqual(['Toko Window'])
    expect(sent.inDoubt).toBe(0)
    for (const reference of ['WIN-1', 'WIN-2'])
      expect(sandbox.book.createAttempts('vexora', 'id', reference), reference).toBe(1)
    expect(sandbox.book.createAttempts('vexora', 'id', 'WIN-3'), 'waits for approval').toBe(0)
    // Sending again sends nothing again.
    await desk.call('sendTeamPayouts')
    expect(sandbox.book.createAttempts('vexora', 'id', 'WIN-1')).toBe(1)
    desk.services.ledger.pragma('wal_checkpoint(TRUNCATE)')
    const file = readFileSync(join(desk.services.dataDir, 'ledger.sqlite3')).toString('latin1')
    expect(file).not.toContain(secret)
    await desk.services.secrets.delete(profile)
  })

  it("shows the team's history with who prepared and approved, and this desk's read-only copy without the server", async () => {
    await connect('budi')
    const online = await desk.call('listTeamHistory', {})
    expect(online.offline).toBeNull()
    expect(online.rows.map((r) => [r.reference, r.preparedBy, r.approvedBy])).toEqual([
      ['WIN-3', 'siti', null],
      ['WIN-2', 'budi', 'siti'],
      ['WIN-1', 'budi', 'siti'],
    ])
    const page = await desk.call('listTeamHistory', { limit: 1 })
    expect(page.rows.map((r) => r.reference)).toEqual(['WIN-3'])
    const older = await desk.call('listTeamHistory', { limit: 2, after: page.next ?? undefined })
    expect(older.rows.map((r) => r.reference)).toEqual(['WIN-2', 'WIN-1'])
    expect((await desk.call('listTeamHistory', { search: 'Person 2' })).rows.map((r) => r.reference)).toEqual(
      ['WIN-2'],
    )
    // A payout's story: each step with the person who took it, and the account it goes to.
    const story = await desk.call('getTeamStory', { reference: 'WIN-2' })
    expect(story.offline).toBeNull()
    const [win2] = story.stories
    expect(win2?.payout.preparedBy).toBe('budi')
    expect(win2?.fields).toEqual(expect.objectContaining({ customerName: 'Person 2' }))
    expect(win2?.events.map((e) => [e.kind, e.person, e.toStatus])).toEqual([
      ['created', 'budi', null],
      ['approved', 'siti', null],
      ['transition', 'budi', 'submitting'],
      ['create', 'budi', null],
      ['transition', 'budi', expect.stringMatching(/processing|succeeded/)],
    ])
    expect((await desk.refusal('getTeamStory', { reference: 'NOT-THERE' })).key).toBe('payoutNotFound')
    // The Dashboard's view of the team's book: today's payouts of each profile.
    const midnight = new Date().setUTCHours(0, 0, 0, 0)
    const days = {
      dayStarts: Array.from({ length: 30 }, (_, i) => midnight - (29 - i) * 86_400_000),
      weekStart: midnight,
    }
    const glance = await desk.call('getTeamDashboard', days)
    expect(glance.offline).toBeNull()
    // WIN-1 and WIN-2 sent today, WIN-3 waiting for an owner.
    const sum = (ns: number[]) => ns.reduce((a, b) => a + b, 0)
    expect(sum(glance.profiles.flatMap((p) => Object.values(p.today)))).toBe(2)
    expect(sum(glance.profiles.map((p) => p.awaitingApproval.count))).toBe(1)
    // Days out of order are refused by the action, as the desk's own Dashboard refuses them.
    expect(
      (await desk.refusal('getTeamDashboard', { ...days, dayStarts: [...days.dayStarts].reverse() })).key,
    ).toBe('dashboardDaysOrder')

    // The server goes away: history is this desk's copy, said to be one; nothing can be approved.
    const field = serverField()
    await server?.stop()
    server = undefined
    const offline = await desk.call('listTeamHistory', {})
    expect(offline.offline?.copiedAt).toEqual(expect.any(Number))
    expect(offline.rows.map((r) => [r.reference, r.status, r.approvedBy])).toEqual(
      online.rows.map((r) => [r.reference, r.status, r.approvedBy]),
    )
    // The story too, from the copy, said to be one.
    const copied = await desk.call('getTeamStory', { reference: 'WIN-2' })
    expect(copied.offline?.copiedAt).toEqual(expect.any(Number))
    expect(copied.stories).toEqual(story.stories)
    // Not in the copy: said so, not that the team has no such payout.
    expect((await desk.refusal('getTeamStory', { reference: 'NOT-THERE' })).key).toBe('teamPayoutNotInCopy')
    const glanced = await desk.call('getTeamDashboard', days)
    expect(glanced.offline?.copiedAt).toEqual(expect.any(Number))
    // The copy knows the profiles its payouts name.
    const withPayouts = glance.profiles.filter(
      (p) => p.awaitingApproval.count > 0 || p.days.some((d) => Object.keys(d.counts).length > 0),
    )
    expect(withPayouts).not.toHaveLength(0)
    expect(glanced.profiles).toEqual(withPayouts)
    // Settings → Team answers from this desk alone, without waiting on the server.
    expect(await desk.call('getTeamConnection')).toEqual({
      server: field,
      login: 'budi',
      owner: false,
    })
    expect(
      (
        await desk.refusal('approveTeamPayouts', {
          ids: [offline.rows[0]?.id ?? ''],
          totalMinor: 1,
          acknowledged: [],
        })
      ).key,
    ).toBe('teamLedgerUnreachable')

    // Disconnected, this desk keeps no copy of the team's payees: History has nothing of the team left.
    const copies = join(desk.services.dataDir, 'team-copies')
    expect(readdirSync(copies).filter((f) => f.endsWith('.sqlite3'))).toHaveLength(1)
    await desk.call('forgetTeam')
    expect(readdirSync(copies)).toEqual([])
    expect((await desk.refusal('listTeamHistory', {})).key).toBe('teamNotConnected')
  })
})
