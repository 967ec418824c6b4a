// Team migration 14 (electron/team/team-payee-control-schema.ts) on a real PostgreSQL server: a name with
// a control character, saved before fields refused them or written with psql, is keyed by no desk's key
// and read whole by every check, so "Dewi\u0007Lestari" is Dewi Lestari to the payee rule (review 64).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONTROL_RANGES, nameKey } from '../../shared/domain/payee-account.ts'
import { teamPayeeMatch } from '../../electron/actions/team-import.ts'
import { addPerson, initTeamLedger } from '../../electron/team/team-admin.ts'
import { PAYEE_KEYS_VERSION } from '../../electron/team/team-payee-control-schema.ts'
import { teamPayeeKeys, teamPayeeRows, teamProfileRules } from '../../electron/team/team-review-reads.ts'
import { TEAM_MIGRATIONS } from '../../electron/team/team-schema.ts'
import { idrFields } from '../support/sandbox-clients.ts'
import { startPostgres, type PostgresServer } from '../support/postgres-server.ts'
import {
  addBareProfile,
  keyLeavingNothingOut,
  onSqlAsciiBook,
  payeeKeysOn,
  writePayoutSet,
} from '../support/team-fixtures.ts'
import { teamSessions } from '../support/team-sessions.ts'

let server: PostgresServer | undefined
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
const { as, admin } = teamSessions(() => server, PASSWORD)

/** Plain ASCII but for the bell: the book keyed it itself until now. */
const DEWI = 'Dewi\u0007 Lestari'
/** Beyond ASCII, with a C1 control (NEL) `\s` does not take: the desk's key, which the book's fold matched. */
const SITI = 'Ṣiti\u0085 Rahma'
let before = ''

beforeAll(async () => {
  server = await startPostgres()
  expect(await initTeamLedger(server.adminUrl, TEAM_MIGRATIONS.slice(0, 13))).toEqual({ from: 0, to: 13 })
  await addPerson(server.adminUrl, { name: 'siti', role: 'owner', password: PASSWORD.siti })
  await addPerson(server.adminUrl, { name: 'budi', role: 'bookkeeper', password: PASSWORD.budi })
  before = await as('siti', addBareProfile)
  await as('budi', (c) =>
    writePayoutSet(c, before, null, [
      { name: DEWI, account: '0071', key: keyLeavingNothingOut(DEWI) },
      { name: SITI, account: '0072', key: keyLeavingNothingOut(SITI) },
      { name: 'Budi Santoso', account: '0073', key: 'budisantoso' },
    ]),
  )
  expect((await admin((c) => payeeKeysOn(c, before))).map((k) => k.looked)).toEqual([
    keyLeavingNothingOut(DEWI),
    keyLeavingNothingOut(SITI),
    'budisantoso',
  ])
  // A desk of this version checks no payee at a book not brought up to date: it would miss Dewi's key.
  const rules = await admin((c) => teamProfileRules(c, before, 'id'))
  await expect(
    admin((c) => teamPayeeMatch(c, rules, [idrFields('0099', 'Dewi Lestari')])),
  ).rejects.toMatchObject({ text: { key: 'teamLedgerOlder' } })
  expect(await initTeamLedger(server.adminUrl, TEAM_MIGRATIONS.slice(0, 14))).toEqual({ from: 13, to: 14 })
}, 180_000)
afterAll(async () => {
  await server?.stop()
})

describe('team migration 14: names keyed without control characters', { timeout: 60_000 }, () => {
  it('takes the keys off the payouts written before with one, and says the book keeps the new keys', async () => {
    expect(await admin((c) => payeeKeysOn(c, before))).toEqual([
      { name: DEWI, payout: null, looked: null },
      { name: SITI, payout: null, looked: null },
      { name: 'Budi Santoso', payout: 'budisantoso', looked: 'budisantoso' },
    ])
    const whole = await admin((c) => teamPayeeRows(c, before, { names: [], accounts: [], unkeyed: true }))
    expect(whole.map((r) => r.fields.customerName).sort()).toEqual([DEWI, SITI].sort())
    expect(await admin(teamPayeeKeys)).toBe(PAYEE_KEYS_VERSION)
  })

  it('folds no name with one, both ends of every range, and any other name as before', async () => {
    const names = CONTROL_RANGES.map(
      ([from, to]) => `Ṣiti${String.fromCodePoint(from)} Ra${String.fromCodePoint(to)}hma`,
    )
    const folds = await admin((c) =>
      c.query<{ fold: string | null }>(
        'SELECT payout_desk.payee_name_fold(n) AS fold FROM unnest($1::text[]) WITH ORDINALITY u (n, i) ORDER BY i',
        [[...names, 'Ṣiti  Rahma']],
      ),
    )
    expect(folds.rows.map((r) => r.fold)).toEqual([...names.map(() => null), 'ṣitirahma'])
    expect(new Set(names.map(nameKey))).toEqual(new Set(['ṣitirahma']))
  })

  it('finds the payee a name with one named when the person types it plainly at another account', async () => {
    const rules = await admin((c) => teamProfileRules(c, before, 'id'))
    const asked = [idrFields('0099', 'Dewi Lestari'), idrFields('0098', 'ṢITI RAHMA')]
    const match = await admin((c) => teamPayeeMatch(c, rules, asked))
    for (const fields of asked) expect(match(fields), fields.customerName).toMatchObject({ kind: 'changed' })
  })

  it('writes a name with one without keys, whichever key a desk sends, and any other keyed as before', async () => {
    const profile = await as('siti', addBareProfile)
    await as('budi', (c) =>
      writePayoutSet(c, profile, null, [
        { name: DEWI, account: '0081', key: nameKey(DEWI) },
        { name: DEWI, account: '0082', key: keyLeavingNothingOut(DEWI) },
        { name: SITI, account: '0083', key: keyLeavingNothingOut(SITI) },
        { name: 'Dewi\u007fLestari', account: '0084' },
        { name: 'Dewi Lestari', account: '0085', key: nameKey('Dewi Lestari') },
      ]),
    )
    expect(await admin((c) => payeeKeysOn(c, profile))).toEqual([
      { name: DEWI, payout: null, looked: null },
      { name: DEWI, payout: null, looked: null },
      { name: SITI, payout: null, looked: null },
      { name: 'Dewi\u007fLestari', payout: null, looked: null },
      { name: 'Dewi Lestari', payout: 'dewilestari', looked: 'dewilestari' },
    ])
  })

  it('takes ASCII controls off on a book that is not UTF-8, and reads those payouts whole', async () => {
    const at = server ?? expect.unreachable('PostgreSQL is running')
    await onSqlAsciiBook(at, 'control_sql_ascii', TEAM_MIGRATIONS.slice(0, 13), async (book) => {
      const profile = await addBareProfile(book)
      await book.query('BEGIN')
      await writePayoutSet(book, profile, null, [
        { name: DEWI, account: '0091', key: keyLeavingNothingOut(DEWI) },
        { name: 'Budi', account: '0092', key: 'budi' },
      ])
      await book.query('COMMIT')
      const url = new URL(at.adminUrl)
      url.pathname = '/control_sql_ascii'
      expect(await initTeamLedger(url.toString(), TEAM_MIGRATIONS.slice(0, 14))).toEqual({ from: 13, to: 14 })
      expect(await payeeKeysOn(book, profile)).toEqual([
        { name: DEWI, payout: null, looked: null },
        { name: 'Budi', payout: 'budi', looked: 'budi' },
      ])
      const whole = await teamPayeeRows(book, profile, { names: [], accounts: [], unkeyed: true })
      expect(whole.map((r) => r.fields.customerName)).toEqual([DEWI])
    })
  })
})
