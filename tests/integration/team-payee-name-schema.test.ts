// Team migration 11 (electron/team/team-payee-name-schema.ts) on a real PostgreSQL server: write_payouts
// keeps a desk's key of a name beyond ASCII only when the book folds the name the same, so a key nobody
// honest would send hides no payout from the checks; a book that cannot fold reads such payouts whole.
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nameKey, payeeKeysOf } from '../../shared/domain/payee-account.ts'
import { payoutShape } from '../../shared/providers/payout-shape.ts'
import { addPerson, initTeamLedger } from '../../electron/team/team-admin.ts'
import { insertTeamPayouts } from '../../electron/team/team-batches.ts'
import { TEAM_MIGRATIONS } from '../../electron/team/team-schema.ts'
import { idrFields } from '../support/sandbox-clients.ts'
import { startPostgres, type PostgresServer } from '../support/postgres-server.ts'
import { addBareProfile, onSqlAsciiBook, writePayoutSet } from '../support/team-fixtures.ts'
import { teamSessions } from '../support/team-sessions.ts'

let server: PostgresServer | undefined
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
const { as, admin } = teamSessions(() => server, PASSWORD)
const shape = payoutShape('vexora', 'ID') ?? expect.unreachable('Vexora pays Indonesia')

/** Rows written through write_payouts with the name key each comes with (a desk's, or a forged one). */
const writeWithKeys = (c: pg.ClientBase, profile: string, rows: { name: string; key: string }[]) =>
  writePayoutSet(
    c,
    profile,
    null,
    rows.map((r, i) => ({ ...r, account: `00${9_100 + i}` })),
  )
let n = 0
const keysOf = (c: pg.ClientBase, profile: string) =>
  c
    .query<{ name: string; key: string | null; account: string | null }>(
      `SELECT fields->>'customerName' AS name, payee_name_key AS key, payee_account_key AS account
         FROM payout_desk.payouts WHERE profile_id = $1 ORDER BY created_at, id`,
      [profile],
    )
    .then((r) => r.rows)

/** Names beyond ASCII as people type and spreadsheets write them. */
const NAMES = [
  'Ａｇｕｓ  Ṣalim',
  'JÖRG Müller',
  'สมชาย ใจดี',
  'Ana\u00a0Lima',
  'ΟΔΥΣΣΕΥΣ Παπαδόπουλος',
  'İlkay Şahin',
  'Straße\u202fNord',
  '\ufeffDewi\u3000Lestari',
  'Nguyễn Văn\u2028An',
  'ﬁona ǅukić',
]

let forgedBefore = ''

beforeAll(async () => {
  server = await startPostgres()
  expect(await initTeamLedger(server.adminUrl, TEAM_MIGRATIONS.slice(0, 10))).toEqual({ from: 0, to: 10 })
  await addPerson(server.adminUrl, { name: 'siti', role: 'owner', password: PASSWORD.siti })
  await addPerson(server.adminUrl, { name: 'budi', role: 'bookkeeper', password: PASSWORD.budi })
  forgedBefore = await as('siti', addBareProfile)
  await as('budi', (c) => writeWithKeys(c, forgedBefore, [{ name: 'Ṣiti', key: 'somebody-else' }]))
  expect(await initTeamLedger(server.adminUrl, TEAM_MIGRATIONS.slice(0, 11))).toEqual({ from: 10, to: 11 })
}, 180_000)
afterAll(async () => {
  await server?.stop()
})

describe('team migration 11: names beyond ASCII folded by the book', { timeout: 60_000 }, () => {
  it('folds each name as a desk does', async () => {
    const folds = await admin((c) =>
      c.query<{ fold: string | null }>(
        'SELECT payout_desk.payee_name_fold(n) AS fold FROM unnest($1::text[]) WITH ORDINALITY u (n, i) ORDER BY i',
        [NAMES],
      ),
    )
    expect(folds.rows.map((r) => r.fold)).toEqual(NAMES.map(nameKey))
  })

  it("keeps a desk's keys of names beyond ASCII, as the desk computed them", async () => {
    const profile = await as('siti', addBareProfile)
    const rows = await as('budi', async (c) => {
      await c.query('BEGIN')
      await insertTeamPayouts(
        c,
        { id: null, profileId: profile, currency: 'IDR', shape },
        NAMES.map((name) => ({
          reference: `N-${++n}`,
          amountMinor: 20_000 + n,
          fields: idrFields('0092', name),
          accepted: null,
        })),
      )
      await c.query('COMMIT')
      return keysOf(c, profile)
    })
    expect(rows.map((r) => [r.key, r.account])).toEqual(
      NAMES.map((name) => {
        const keys = payeeKeysOf(shape, idrFields('0092', name))
        return [keys.name, keys.account]
      }),
    )
  })

  it('writes a row whose key the book folds otherwise without keys, to be read whole by every check', async () => {
    const profile = await as('siti', addBareProfile)
    const rows = await as('budi', async (c) => {
      await writeWithKeys(c, profile, [
        { name: 'Ṣiti Rahma', key: 'somebody-else' },
        { name: 'Ṣiti Rahma', key: nameKey('Ṣiti Rahma') },
      ])
      return keysOf(c, profile)
    })
    expect(rows.map((r) => r.key)).toEqual([null, nameKey('Ṣiti Rahma')])
    expect(rows[0]?.account).toBeNull()
    const looked = await admin((c) =>
      c.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM payout_desk.payout_payees WHERE profile_id = $1',
        [profile],
      ),
    )
    expect(looked.rows[0]?.n).toBe(1)
    // The payouts written before the migration keep the keys they were written with.
    expect((await as('budi', (c) => keysOf(c, forgedBefore))).map((r) => r.key)).toEqual(['somebody-else'])
  })

  it('keys no name beyond ASCII on a book whose database is not UTF-8 (it cannot fold there), and still keys a plain one', async () => {
    const at = server ?? expect.unreachable('the server runs')
    await onSqlAsciiBook(at, 'names_sql_ascii', undefined, async (other) => {
      const profile = await addBareProfile(other)
      const [plain, spaced] = [idrFields('0093', 'Siti  Rahma'), idrFields('0094', 'Siti\u00a0Rahma')]
      await insertTeamPayouts(
        other,
        { id: null, profileId: profile, currency: 'IDR', shape },
        [plain, spaced].map((fields) => ({
          reference: `N-${++n}`,
          amountMinor: 30_000 + n,
          fields,
          accepted: null,
        })),
      )
      expect((await keysOf(other, profile)).map((r) => r.key)).toEqual([payeeKeysOf(shape, plain).name, null])
    })
  })
})
