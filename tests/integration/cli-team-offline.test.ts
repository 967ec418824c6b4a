// A desk that cannot reach the team ledger (`payout-desk team list`, `team show`, electron/team/team-copy.ts):
// it answers from its last copy, read-only, and says so; what would write refuses. A real PostgreSQL server,
// stopped half-way.
import { randomUUID } from 'node:crypto'
import { statSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addPerson, initTeamLedger } from '../../electron/team/team-admin.ts'
import { teamCopyPath } from '../../electron/team/team-copy.ts'
import { startPostgres, type PostgresServer } from '../support/postgres-server.ts'
import { runCli } from '../support/run-cli.ts'
import { teamSessions } from '../support/team-sessions.ts'
import { makeTempDir } from '../support/temp-dir.ts'

let server: PostgresServer | undefined
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
type Person = keyof typeof PASSWORD
const { as, urlFor } = teamSessions(() => server, PASSWORD)
const home = makeTempDir()
let budiUrl = ''

beforeAll(async () => {
  server = await startPostgres()
  await initTeamLedger(server.adminUrl)
  await addPerson(server.adminUrl, { name: 'siti', role: 'owner', password: PASSWORD.siti })
  await addPerson(server.adminUrl, { name: 'budi', role: 'bookkeeper', password: PASSWORD.budi })
  budiUrl = urlFor('budi')
  const profile = randomUUID()
  await as('siti', (c) =>
    c.query(
      `INSERT INTO payout_desk.profiles (id, name, provider, environment, base_url, merchant_id, currency,
         per_payout_minor)
       VALUES ($1, 'Acme ID', 'vexora', 'production', 'https://gateway.example', 'M1', 'IDR', 1000000)`,
      [profile],
    ),
  )
  for (const [reference, amount] of [
    ['RENT-12', 4_500_000],
    ['SAL-001', 400_000],
  ] as const)
    await as('budi', (c) =>
      c.query(
        `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields)
         VALUES ($1, $2, $3, $4, 'IDR', '{"customerName": "Dewi"}')`,
        [randomUUID(), profile, reference, amount],
      ),
    )
}, 180_000)
afterAll(async () => {
  await server?.stop()
  home.cleanup()
})

const at = (person: Person | 'budi-offline', args: string[]) =>
  runCli(['team', ...args], undefined, {
    PAYOUT_DESK_LEDGER_URL: person === 'budi-offline' ? budiUrl : urlFor(person),
    PAYOUT_DESK_HOME: home.dir,
    LANG: 'C',
  })

describe("a desk without the team ledger's server", { timeout: 120_000 }, () => {
  it('reads its last copy, read-only, says so in every answer, and sends or approves nothing', async () => {
    const online = await at('budi', ['list'])
    expect(online.code, online.stderr).toBe(0)
    expect(online.stdout).not.toContain('OFFLINE')
    const copy = teamCopyPath(home.dir, budiUrl)
    if (process.platform !== 'win32') expect(statSync(copy).mode & 0o777).toBe(0o600)
    // Siti approves the rent afterwards; Budi's next look brings his copy up to date.
    expect((await at('siti', ['approve', 'RENT-12', '--yes'])).code).toBe(0)
    expect((await at('budi', ['list'])).code).toBe(0)

    await server?.stop()
    server = undefined
    const offline = await at('budi-offline', ['list'])
    expect(offline.code, offline.stderr).toBe(0)
    expect(offline.stdout).toMatch(
      /^OFFLINE: the team ledger cannot be reached\. This is this desk's copy of .*, read-only;/,
    )
    expect(offline.stdout).toMatch(/RENT-12\s+Acme ID\s+IDR 4,500,000(\.00)?\s+queued\s+budi\s+siti/)
    expect(offline.stdout).toMatch(/SAL-001\s+Acme ID\s+IDR 400,000(\.00)?\s+queued\s+budi/)
    const json = await at('budi-offline', ['list', '--status', 'queued', '--search', 'RENT', '--json'])
    expect(json.stderr).toMatch(/^OFFLINE/)
    expect((JSON.parse(json.stdout) as { reference: string }[]).map((p) => p.reference)).toEqual(['RENT-12'])
    const story = await at('budi-offline', ['show', 'RENT-12'])
    expect(story.stdout).toMatch(/^OFFLINE/)
    expect(story.stdout).toContain('Prepared by budi, approved by siti.')
    expect(story.stdout).toMatch(/approved\s+siti/)

    // Nothing that would write works from the copy.
    for (const args of [['send'], ['approve', '--all', '--yes']]) {
      const refused = await at('budi-offline', args)
      expect(refused.code).not.toBe(0)
      expect(refused.stderr).toContain('The team ledger could not be reached')
    }
    // A desk that never copied this ledger has nothing to show, and says why.
    const stranger = await runCli(['team', 'list'], undefined, {
      PAYOUT_DESK_LEDGER_URL: budiUrl,
      PAYOUT_DESK_HOME: makeTempDir().dir,
      LANG: 'C',
    })
    expect(stranger.code).not.toBe(0)
    expect(stranger.stderr).toContain('The team ledger could not be reached')
  })
})
