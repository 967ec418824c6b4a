// A desk's own ledger moved into the team ledger (`payout-desk team import-ledger`): a real SQLite
// ledger, a real PostgreSQL server, the desk's real keychain. Actions covered: ledgerToMove,
// moveLedgerIntoTeam (actions/team-import-ledger.ts).
import { randomUUID } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openLedger } from '../../electron/ledger/open-ledger.ts'
import { insertPayout } from '../../electron/ledger/payouts-repo.ts'
import { recordDecision } from '../../electron/ledger/payout-store.ts'
import { createKeychainSecretStore } from '../../electron/secrets/secret-store.ts'
import { senderCheckOf, senderKeyOf } from '../../electron/team/sender-key.ts'
import { addPerson, initTeamLedger } from '../../electron/team/team-admin.ts'
import { addSandboxProfile, vexoraPayout } from '../support/ledger-fixtures.ts'
import { startPostgres, type PostgresServer } from '../support/postgres-server.ts'
import { runCli } from '../support/run-cli.ts'
import { teamSessions } from '../support/team-sessions.ts'
import { makeTempDir } from '../support/temp-dir.ts'

let server: PostgresServer | undefined
const PASSWORD = { budi: 'budi-bookkeeper-pw' }
const { admin, urlFor } = teamSessions(() => server, PASSWORD)
const tmp = makeTempDir('payout-desk-move-')
const home = join(tmp.dir, 'desk')
const KEYCHAIN = `Payout Desk move test ${randomUUID().slice(0, 8)}`
const SECRET = 'acme-solo-gateway-secret'
let profileId = ''
let openId = ''

beforeAll(async () => {
  server = await startPostgres()
  await initTeamLedger(server.adminUrl)
  await addPerson(server.adminUrl, { name: 'budi', role: 'bookkeeper', password: PASSWORD.budi })
  mkdirSync(home, { recursive: true })
  const db = openLedger(join(home, 'ledger.sqlite3'))
  const profile = addSandboxProfile(db, 'Acme Solo')
  profileId = profile.id
  const paid = insertPayout(db, vexoraPayout(profile, 1, { status: 'succeeded' }), 1_700_000_000_000)
  recordDecision(db, paid, 1_700_000_100_000, { accepted: [{ code: 'sent_recently', message: 'a repeat' }] })
  insertPayout(db, vexoraPayout(profile, 2, { status: 'failed' }), 1_700_000_200_000)
  openId = insertPayout(db, vexoraPayout(profile, 3, { status: 'queued' }), 1_700_000_300_000)
  db.close()
  await createKeychainSecretStore(KEYCHAIN).set(profileId, SECRET)
}, 180_000)
afterAll(async () => {
  await createKeychainSecretStore(KEYCHAIN)
    .delete(profileId)
    .catch(() => undefined)
  await server?.stop()
})

const move = () =>
  runCli(['team', 'import-ledger', '--yes'], undefined, {
    PAYOUT_DESK_HOME: home,
    PAYOUT_DESK_LEDGER_URL: server?.adminUrl ?? '',
    PAYOUT_DESK_KEYCHAIN_SERVICE: KEYCHAIN,
    LANG: 'C',
  })

const teamPayouts = () =>
  admin((c) =>
    c
      .query<{
        reference: string
        status: string
        created_at: number
        prepared_by: string
        gateway_id: string | null
      }>(
        `SELECT reference, status, floor(extract(epoch FROM created_at) * 1000)::float8 AS created_at, prepared_by,
                gateway_id FROM payout_desk.payouts ORDER BY reference`,
      )
      .then((r) => r.rows),
  )

describe('payout-desk team import-ledger', { timeout: 120_000 }, () => {
  it('moves nothing while a payout of the desk is not finished', async () => {
    const refused = await move()
    expect(refused.code).not.toBe(0)
    expect(refused.stderr).toContain("This desk's ledger still has payouts that are not finished (1 queued)")
    expect(await teamPayouts()).toEqual([])
  })

  it('moves the profile, its payouts as they ended and their history, once; the built-in sandboxes stay', async () => {
    const db = openLedger(join(home, 'ledger.sqlite3'))
    db.prepare("UPDATE payouts SET status = 'cancelled' WHERE id = ?").run(openId)
    db.close()
    const moved = await move()
    expect(moved.code, moved.stderr).toBe(0)
    expect(moved.stdout).toContain('Moved 1 profile, 3 payouts and')
    const profiles = await admin((c) =>
      c
        .query<{ id: string; name: string; sender_check: string | null; currency: string }>(
          'SELECT id, name, sender_check, currency FROM payout_desk.profiles',
        )
        .then((r) => r.rows),
    )
    expect(profiles).toEqual([
      {
        id: profileId,
        name: 'Acme Solo',
        currency: 'IDR',
        sender_check: senderCheckOf(await senderKeyOf(SECRET, profileId)),
      },
    ])
    expect(await teamPayouts()).toEqual([
      {
        reference: 'T000001',
        status: 'succeeded',
        created_at: 1_700_000_000_000,
        prepared_by: 'team_admin',
        gateway_id: null,
      },
      {
        reference: 'T000002',
        status: 'failed',
        created_at: 1_700_000_200_000,
        prepared_by: 'team_admin',
        gateway_id: null,
      },
      {
        reference: 'T000003',
        status: 'cancelled',
        created_at: 1_700_000_300_000,
        prepared_by: 'team_admin',
        gateway_id: null,
      },
    ])
    const story = await admin((c) =>
      c
        .query<{ kind: string; at: number; detail: Record<string, unknown> }>(
          `SELECT e.kind, floor(extract(epoch FROM e.at) * 1000)::float8 AS at, e.detail
             FROM payout_desk.payout_events e JOIN payout_desk.payouts p ON p.id = e.payout_id
            WHERE p.reference = 'T000001' ORDER BY e.seq`,
        )
        .then((r) => r.rows),
    )
    expect(story.map((e) => e.kind)).toEqual(['created', 'decision', 'moved'])
    expect(story[1]).toMatchObject({
      at: 1_700_000_100_000,
      detail: { accepted: [{ code: 'sent_recently', message: 'a repeat' }] },
    })
    // A bookkeeper sees them in the team's history, and the move is not made twice.
    const list = await runCli(['team', 'list'], undefined, {
      PAYOUT_DESK_LEDGER_URL: urlFor('budi'),
      LANG: 'C',
    })
    expect(list.code, list.stderr).toBe(0)
    expect(list.stdout).toMatch(/T000001\s+Acme Solo/)
    const again = await move()
    expect(again.code).not.toBe(0)
    expect(again.stderr).toContain(
      'The team ledger already has profiles named or numbered as this desk\'s: "Acme Solo"',
    )
    expect(await teamPayouts()).toHaveLength(3)
  })
})
