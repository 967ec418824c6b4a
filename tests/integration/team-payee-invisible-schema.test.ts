// Team migration 13 (electron/team/team-payee-invisible-schema.ts) on a real PostgreSQL server: a name
// with characters that show as nothing is keyed by no desk's key, old or new, and read whole by every
// check, so "Dewi\u200bLestari" is Dewi Lestari to this version's payee rule as she is to the person.
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BLANK_RANGES, INVISIBLE_RANGES, nameKey } from '../../shared/domain/payee-account.ts'
import { teamPayeeMatch } from '../../electron/actions/team-import.ts'
import { addPerson, initTeamLedger } from '../../electron/team/team-admin.ts'
import { PAYEE_KEYS_VERSION } from '../../electron/team/team-payee-control-schema.ts'
import { teamPayeeRows, teamProfileRules } from '../../electron/team/team-review-reads.ts'
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
const writeWithKeys = (
  c: pg.ClientBase,
  profile: string,
  rows: { name: string; account: string; key: string }[],
) => writePayoutSet(c, profile, null, rows)

const DEWI = 'Dewi\u200b Lestari'
const SITI = 'Ṣiti\u200e Rahma\u00ad'
/** Drawn "José Ramos": the mark keeps the accent from its letter (review 63). */
const JOSE = 'Jose\u034f\u0301 Ramos'
let before = ''

beforeAll(async () => {
  server = await startPostgres()
  expect(await initTeamLedger(server.adminUrl, TEAM_MIGRATIONS.slice(0, 12))).toEqual({ from: 0, to: 12 })
  await addPerson(server.adminUrl, { name: 'siti', role: 'owner', password: PASSWORD.siti })
  await addPerson(server.adminUrl, { name: 'budi', role: 'bookkeeper', password: PASSWORD.budi })
  before = await as('siti', addBareProfile)
  // Keyed as the desks and the book did before: the zero-width space, the mark and the soft hyphen kept.
  // (A desk of the version before still keys them so, and looks them up so, after the migration.)
  await as('budi', (c) =>
    writeWithKeys(c, before, [
      { name: DEWI, account: '0071', key: keyLeavingNothingOut(DEWI) },
      { name: SITI, account: '0072', key: keyLeavingNothingOut(SITI) },
      { name: JOSE, account: '0073', key: keyLeavingNothingOut(JOSE) },
    ]),
  )
  expect((await admin((c) => payeeKeysOn(c, before))).map((k) => k.looked)).toEqual([
    keyLeavingNothingOut(DEWI),
    keyLeavingNothingOut(SITI),
    keyLeavingNothingOut(JOSE),
  ])
  // A desk of this version checks no payee at a book not brought up to date: it would miss Dewi's key.
  const rules = await admin((c) => teamProfileRules(c, before, 'id'))
  await expect(
    admin((c) => teamPayeeMatch(c, rules, [idrFields('0099', 'Dewi Lestari')])),
  ).rejects.toMatchObject({ text: { key: 'teamLedgerOlder' } })
  // Up to the newest book: what migration 13 did holds after those that follow it.
  expect(await initTeamLedger(server.adminUrl)).toEqual({ from: 12, to: TEAM_MIGRATIONS.length })
}, 180_000)
afterAll(async () => {
  await server?.stop()
})

describe(
  'team migration 13: names keyed without the characters that show as nothing',
  { timeout: 60_000 },
  () => {
    it('takes the keys off the payouts written before with them: every check reads those whole', async () => {
      expect(await admin((c) => payeeKeysOn(c, before))).toEqual([
        { name: DEWI, payout: null, looked: null },
        { name: SITI, payout: null, looked: null },
        { name: JOSE, payout: null, looked: null },
      ])
      const whole = await admin((c) => teamPayeeRows(c, before, { names: [], accounts: [], unkeyed: true }))
      expect(whole.map((r) => r.fields.customerName)).toEqual(expect.arrayContaining([DEWI, SITI, JOSE]))
    })

    it('folds no name with one, both ends of every range, and any other name as before', async () => {
      const names = [...INVISIBLE_RANGES, ...BLANK_RANGES].map(
        ([from, to]) => `Ṣiti${String.fromCodePoint(from)} Ra${String.fromCodePoint(to)}hma`,
      )
      const folds = await admin((c) =>
        c.query<{ fold: string | null }>(
          'SELECT payout_desk.payee_name_fold(n) AS fold FROM unnest($1::text[]) WITH ORDINALITY u (n, i) ORDER BY i',
          [[...names, 'Ṣiti  Rahma', 'José Ramos']],
        ),
      )
      expect(folds.rows.map((r) => r.fold)).toEqual([...names.map(() => null), 'ṣitirahma', 'joséramos'])
      expect(new Set(names.map(nameKey))).toEqual(new Set(['ṣitirahma']))
    })

    it('finds the payee a name with them named when the person types it plainly at another account', async () => {
      const rules = await admin((c) => teamProfileRules(c, before, 'id'))
      const asked = [
        idrFields('0099', 'Dewi Lestari'),
        idrFields('0098', 'ṢITI RAHMA'),
        idrFields('0097', 'José Ramos'),
      ]
      const match = await admin((c) => teamPayeeMatch(c, rules, asked))
      for (const fields of asked)
        expect(match(fields), fields.customerName).toMatchObject({ kind: 'changed' })
    })

    it('writes a name with them without keys, whichever desk sends it, and any other keyed as before', async () => {
      const profile = await as('siti', addBareProfile)
      await as('budi', (c) =>
        writeWithKeys(c, profile, [
          { name: DEWI, account: '0081', key: nameKey(DEWI) },
          { name: SITI, account: '0082', key: keyLeavingNothingOut(SITI) },
          { name: 'Ṣiti Rahma', account: '0083', key: nameKey('Ṣiti Rahma') },
        ]),
      )
      expect(await admin((c) => payeeKeysOn(c, profile))).toEqual([
        { name: DEWI, payout: null, looked: null },
        { name: SITI, payout: null, looked: null },
        { name: 'Ṣiti Rahma', payout: 'ṣitirahma', looked: 'ṣitirahma' },
      ])
    })

    it('checks payees only at a book that keeps the keys this desk computes', async () => {
      const rules = await admin((c) => teamProfileRules(c, before, 'id'))
      const set = (keys: number) =>
        admin((c) => c.query("UPDATE payout_desk.team_meta SET value = $1 WHERE key = 'payee_keys'", [keys]))
      await set(PAYEE_KEYS_VERSION + 1)
      try {
        await expect(
          admin((c) => teamPayeeMatch(c, rules, [idrFields('0099', 'Dewi Lestari')])),
        ).rejects.toMatchObject({
          text: {
            key: 'teamLedgerNewer',
            params: { found: PAYEE_KEYS_VERSION + 1, known: PAYEE_KEYS_VERSION },
          },
        })
      } finally {
        await set(PAYEE_KEYS_VERSION)
      }
    })

    it('takes keys beyond ASCII off on a book that is not UTF-8, and reads those payouts whole', async () => {
      const at = server ?? expect.unreachable('PostgreSQL is running')
      await onSqlAsciiBook(at, 'invisible_sql_ascii', TEAM_MIGRATIONS.slice(0, 10), async (book) => {
        const profile = await addBareProfile(book)
        await book.query('BEGIN')
        await writeWithKeys(book, profile, [
          { name: DEWI, account: '0091', key: keyLeavingNothingOut(DEWI) },
          { name: 'Budi', account: '0092', key: 'budi' },
        ])
        await book.query('COMMIT')
        const url = new URL(at.adminUrl)
        url.pathname = '/invisible_sql_ascii'
        expect(await initTeamLedger(url.toString())).toEqual({ from: 10, to: TEAM_MIGRATIONS.length })
        expect(await payeeKeysOn(book, profile)).toEqual([
          { name: DEWI, payout: null, looked: null },
          { name: 'Budi', payout: 'budi', looked: 'budi' },
        ])
        const whole = await teamPayeeRows(book, profile, { names: [], accounts: [], unkeyed: true })
        expect(whole.map((r) => r.fields.customerName)).toEqual([DEWI])
      })
    })
  },
)
