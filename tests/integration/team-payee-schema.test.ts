// Team migration 10 (electron/team/team-payee-schema.ts) on a real PostgreSQL server: the payouts written
// before it get their payee keys when `team init` migrates, computed as a desk computes them; write_payouts
// keeps the keys each row comes with; and the directory's read (teamPayeeRows) returns the payees asked for
// by name or account, and every payout written without keys, not the rest of the profile's payees.
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { payeeKeysOf } from '../../shared/domain/payee-account.ts'
import { payoutShape } from '../../shared/providers/payout-shape.ts'
import { addPerson, initTeamLedger } from '../../electron/team/team-admin.ts'
import { insertTeamPayouts } from '../../electron/team/team-batches.ts'
import { teamPayeeRows } from '../../electron/team/team-review-reads.ts'
import { TEAM_MIGRATIONS } from '../../electron/team/team-schema.ts'
import { idrFields, thbBankFields } from '../support/sandbox-clients.ts'
import { startPostgres, type PostgresServer } from '../support/postgres-server.ts'
import { onSqlAsciiBook } from '../support/team-fixtures.ts'
import { teamSessions } from '../support/team-sessions.ts'

let server: PostgresServer | undefined
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
const { as, admin } = teamSessions(() => server, PASSWORD)
const SHAPE = payoutShape('vexora', 'ID')
if (!SHAPE) throw new Error('no Vexora Indonesia shape')
const shape = SHAPE

const newProfile = () =>
  as('siti', async (c) => {
    const id = randomUUID()
    await c.query(
      `INSERT INTO payout_desk.profiles (id, name, provider, environment, base_url, merchant_id, currency)
       VALUES ($1, $2, 'vexora', 'sandbox', 'http://127.0.0.1:9', $3, 'IDR')`,
      [id, `K ${id.slice(0, 8)}`, `M-${id.slice(0, 8)}`],
    )
    return id
  })

let n = 0
/** A payout by the person's own INSERT: written without keys. */
const payByHand = (c: pg.Client, profile: string, fields: Record<string, string>) =>
  c.query(
    `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields)
     VALUES ($1, $2, $3, $4, 'IDR', $5)`,
    [randomUUID(), profile, `K-${++n}`, 10_000 + n, fields],
  )
/** Payouts as a desk writes a file's (write_payouts, with each row's keys). */
const payAsDesk = (c: pg.Client, profile: string, fields: Record<string, string>[]) =>
  insertTeamPayouts(
    c,
    { id: null, profileId: profile, currency: 'IDR', shape },
    fields.map((f) => ({ reference: `K-${++n}`, amountMinor: 10_000 + n, fields: f, accepted: null })),
  )
/** The keys the lookups read (payout_payees), by payout. */
const lookedUp = (profile: string) =>
  admin((c) =>
    c
      .query<{ payout_id: string; name_key: string | null; account_key: string }>(
        'SELECT payout_id, name_key, account_key FROM payout_desk.payout_payees WHERE profile_id = $1',
        [profile],
      )
      .then((r) => new Map(r.rows.map((x) => [x.payout_id, [x.name_key, x.account_key]]))),
  )
const keysOf = (profile: string) =>
  admin((c) =>
    c
      .query<{ id: string; fields: Record<string, string>; name: string | null; account: string | null }>(
        `SELECT id, fields, payee_name_key AS name, payee_account_key AS account FROM payout_desk.payouts
          WHERE profile_id = $1 ORDER BY created_at, id`,
        [profile],
      )
      .then((r) => r.rows),
  )

let before = ''
let ruleless = ''
const NIL = '00000000-0000-0000-0000-000000000000'

beforeAll(async () => {
  server = await startPostgres()
  expect(await initTeamLedger(server.adminUrl, TEAM_MIGRATIONS.slice(0, 9))).toEqual({ from: 0, to: 9 })
  await addPerson(server.adminUrl, { name: 'siti', role: 'owner', password: PASSWORD.siti })
  await addPerson(server.adminUrl, { name: 'budi', role: 'bookkeeper', password: PASSWORD.budi })
  before = await newProfile()
  // An area this version has no payee rule for, while team init runs.
  ruleless = await as('siti', async (c) => {
    const id = randomUUID()
    await c.query(
      `INSERT INTO payout_desk.profiles (id, name, provider, area, environment, base_url, merchant_id, currency)
       VALUES ($1, 'Ruleless', 'vexora', 'ZZ', 'sandbox', 'http://127.0.0.1:9', 'M-ZZ', 'IDR')`,
      [id],
    )
    return id
  })
  await as('budi', async (c) => {
    await payByHand(c, ruleless, idrFields('0019', 'Zaki'))
    // The first id there is: a payout people may give any id they like.
    await c.query(
      `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields)
       VALUES ($1, $2, 'K-NIL', 12345, 'IDR', $3)`,
      [NIL, before, idrFields('0010', 'Nil Person')],
    )
    await payByHand(c, before, idrFields('0011', 'Siti  Rahma'))
    // write_payouts as migration 9 made it: the rows carry no keys yet.
    await c.query('SELECT payout_desk.write_payouts($1, NULL, $2, $3::jsonb)', [
      before,
      'IDR',
      JSON.stringify([
        { id: randomUUID(), reference: 'K-OLD', amount_minor: 5_000, fields: idrFields('0012', 'Eko') },
      ]),
    ])
  })
  // A desk of this version at a book not brought up to date: told so, in words, before anything is read.
  await expect(
    as('budi', (c) => teamPayeeRows(c, before, { names: [], accounts: [], unkeyed: true })),
  ).rejects.toMatchObject({ text: { key: 'teamLedgerOlder' } })
  expect(await initTeamLedger(server.adminUrl, TEAM_MIGRATIONS.slice(0, 10))).toEqual({ from: 9, to: 10 })
}, 180_000)
afterAll(async () => {
  await server?.stop()
})

describe('team migration 10: payees by key', { timeout: 60_000 }, () => {
  it('gives the payouts written before it their keys, as a desk computes them, without rewriting them', async () => {
    const rows = await keysOf(before)
    expect(rows).toHaveLength(3)
    expect(rows.map((r) => r.id)).toContain(NIL)
    const found = await lookedUp(before)
    expect(rows.map((r) => found.get(r.id))).toEqual(
      rows.map((r) => {
        const keys = payeeKeysOf(shape, r.fields)
        return [keys.name, keys.account]
      }),
    )
    expect(found.get(rows.find((r) => r.fields.customerName === 'Siti  Rahma')?.id ?? '')?.[0]).toBe(
      'sitirahma',
    )
    // Their rows are as they were: the keys live apart, and they are not read whole as unkeyed.
    expect(rows.map((r) => [r.name, r.account])).toEqual([
      [null, null],
      [null, null],
      [null, null],
    ])
    const read = await as('budi', (c) => teamPayeeRows(c, before, { names: [], accounts: [], unkeyed: true }))
    expect(read).toEqual([])
  })

  it('reads whole, with no rule to key them by, the payouts of a gateway area this version cannot pay', async () => {
    const read = await as('budi', (c) =>
      teamPayeeRows(c, ruleless, { names: [], accounts: [], unkeyed: true }),
    )
    expect(read.map((r) => r.fields.customerName)).toEqual(['Zaki'])
  })

  it('computes the keys of a file’s rows itself, as the desk does, whatever keys the rows come with', async () => {
    const profile = await newProfile()
    const thai = await as('siti', async (c) => {
      const id = randomUUID()
      await c.query(
        `INSERT INTO payout_desk.profiles (id, name, provider, area, environment, base_url, merchant_id, currency)
         VALUES ($1, $2, 'bluepay', 'TH', 'sandbox', 'http://127.0.0.1:9', $3, 'THB')`,
        [id, `T ${id.slice(0, 8)}`, `T-${id.slice(0, 8)}`],
      )
      return id
    })
    const idr = [
      idrFields('0051', 'Budi  SANTOSO'),
      idrFields('0052', ' Tab\tand\nNew line '),
      { ...idrFields('0053', ''), customerName: '' },
      { ...idrFields('0054', 'Dewi'), bankCode: '' },
    ]
    const thb = [
      thbBankFields('1110000001', 'Somchai Jaidee'),
      { ...thbBankFields('1110000002', ''), accountName: '' },
    ]
    const forged = (fields: Record<string, string>[]) =>
      fields.map((f) => ({
        id: randomUUID(),
        reference: `K-${++n}-${randomUUID().slice(0, 8)}`,
        amount_minor: 10_000 + n,
        fields: f,
        name_key: 'nobody',
        account_key: 'nowhere',
      }))
    await as('budi', async (c) => {
      await c.query('SELECT payout_desk.write_payouts($1, NULL, $2, $3::jsonb)', [
        profile,
        'IDR',
        JSON.stringify(forged(idr)),
      ])
      await c.query('SELECT payout_desk.write_payouts($1, NULL, $2, $3::jsonb)', [
        thai,
        'THB',
        JSON.stringify(forged(thb)),
      ])
    })
    const thShape = payoutShape('bluepay', 'TH')
    for (const [id, fields, s] of [
      [profile, idr, shape],
      [thai, thb, thShape],
    ] as const) {
      const rows = await keysOf(id)
      expect(rows.map((r) => [r.name, r.account])).toEqual(
        fields.map((f) => {
          const keys = s && payeeKeysOf(s, f)
          return [keys?.name, keys?.account]
        }),
      )
    }
    // A person writes no keys of their own, nor the lookups.
    const own = await as('budi', (c) =>
      c.query(
        `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields,
           payee_name_key, payee_account_key) VALUES ($1, $2, 'K-OWN', 1, 'IDR', '{}', 'x', 'y')`,
        [randomUUID(), profile],
      ),
    ).catch((e: unknown) => e as { code?: string })
    expect((own as { code?: string } | undefined)?.code).toBe('42501')
  })

  it('keys a name beyond ASCII by the desk’s word, and without it reads the payout whole', async () => {
    const profile = await newProfile()
    const named = idrFields('0061', 'Ａｇｕｓ  Ṣalim')
    await as('budi', async (c) => {
      await c.query('BEGIN')
      await payAsDesk(c, profile, [named])
      await c.query('COMMIT')
      await c.query('SELECT payout_desk.write_payouts($1, NULL, $2, $3::jsonb)', [
        profile,
        'IDR',
        JSON.stringify([
          { id: randomUUID(), reference: 'K-NOKEY', amount_minor: 10_001, fields: idrFields('0062', 'Ṣiti') },
        ]),
      ])
    })
    const rows = await keysOf(profile)
    expect(rows.map((r) => [r.name, r.account])).toEqual([
      [payeeKeysOf(shape, named).name, payeeKeysOf(shape, named).account],
      [null, null],
    ])
    expect(rows[0]?.name).toBe('agusṣalim')
  })

  it('tells a name beyond ASCII by its characters on a book whose database is not UTF-8 too', async () => {
    const at = server ?? expect.unreachable('the server runs')
    await onSqlAsciiBook(at, 'keys_sql_ascii', TEAM_MIGRATIONS.slice(0, 10), async (other) => {
      const profile = randomUUID()
      await other.query(
        `INSERT INTO payout_desk.profiles (id, name, provider, environment, base_url, merchant_id, currency)
         VALUES ($1, 'Ascii', 'vexora', 'sandbox', 'http://127.0.0.1:9', 'M-A', 'IDR')`,
        [profile],
      )
      // A no-break space, as a spreadsheet writes one: the desk's key folds it away.
      const fields = idrFields('0071', 'Siti\u00a0Rahma')
      await insertTeamPayouts(other, { id: null, profileId: profile, currency: 'IDR', shape }, [
        { reference: 'K-ASCII', amountMinor: 10_000, fields, accepted: null },
      ])
      const { rows } = await other.query<{ name_key: string }>(
        'SELECT name_key FROM payout_desk.payout_payees WHERE profile_id = $1',
        [profile],
      )
      expect(rows.map((r) => r.name_key)).toEqual([payeeKeysOf(shape, fields).name])
    })
  })

  it('keeps the keys each row of a file comes with; a payout written by hand has none', async () => {
    const profile = await newProfile()
    await as('budi', async (c) => {
      await c.query('BEGIN')
      await payAsDesk(c, profile, [idrFields('0021', 'Budi Santoso'), idrFields('0022', 'Citra')])
      await c.query('COMMIT')
      await payByHand(c, profile, idrFields('0023', 'Dewi'))
    })
    const rows = await keysOf(profile)
    expect(rows.map((r) => [r.name, r.account])).toEqual([
      ['budisantoso', payeeKeysOf(shape, idrFields('0021', 'Budi Santoso')).account],
      ['citra', payeeKeysOf(shape, idrFields('0022', 'Citra')).account],
      [null, null],
    ])
    // Looked up by key only where it has keys; the payout by hand is read whole instead.
    const found = await lookedUp(profile)
    expect(rows.map((r) => found.get(r.id) ?? null)).toEqual([
      [rows[0]?.name, rows[0]?.account],
      [rows[1]?.name, rows[1]?.account],
      null,
    ])
  })

  it('lets nobody write the lookups: a person’s keys are only those of the payouts they write', async () => {
    const profile = await newProfile()
    const [id] = await as('budi', async (c) => {
      await c.query('BEGIN')
      const ids = await payAsDesk(c, profile, [idrFields('0041', 'Joko')])
      await c.query('COMMIT')
      return ids
    })
    for (const person of ['budi', 'siti'] as const) {
      const error = await as(person, (c) =>
        c.query(
          `INSERT INTO payout_desk.payout_payees (payout_id, profile_id, name_key, account_key)
           VALUES ($1, $2, 'budi', 'bankAccountNo=0041')`,
          [id, profile],
        ),
      ).catch((e: unknown) => e as { code?: string })
      expect((error as { code?: string } | undefined)?.code, person).toBe('42501')
      const changed = await as(person, (c) =>
        c.query("UPDATE payout_desk.payout_payees SET name_key = 'x' WHERE payout_id = $1", [id]),
      ).catch((e: unknown) => e as { code?: string })
      expect((changed as { code?: string } | undefined)?.code, person).toBe('42501')
    }
    expect([...(await lookedUp(profile)).values()]).toEqual([['joko', 'bankAccountNo=0041&bankCode=0002']])
  })

  it('reads the payees asked for by name or account, and every payout without keys, not the others', async () => {
    const profile = await newProfile()
    const others = Array.from({ length: 50 }, (_, i) => idrFields(`009${i}`, `Other ${i}`))
    await as('budi', async (c) => {
      await c.query('BEGIN')
      await payAsDesk(c, profile, [
        idrFields('0031', 'Fajar'),
        idrFields('0032', 'Fajar'),
        idrFields('0033', 'Gita'),
        ...others,
      ])
      await c.query('COMMIT')
      await payByHand(c, profile, idrFields('0034', 'Hadi'))
    })
    const fajar = payeeKeysOf(shape, idrFields('0031', 'Fajar'))
    const gitaAccount = payeeKeysOf(shape, idrFields('0033', 'Gita')).account
    const read = await as('budi', (c) =>
      teamPayeeRows(c, profile, { names: [fajar.name], accounts: [gitaAccount], unkeyed: true }),
    )
    expect(read.map((r) => r.fields.customerName).sort()).toEqual(['Fajar', 'Fajar', 'Gita', 'Hadi'])
    const keyedOnly = await as('budi', (c) =>
      teamPayeeRows(c, profile, { names: [fajar.name], accounts: [], unkeyed: false }),
    )
    expect(keyedOnly.map((r) => r.fields.bankAccountNo).sort()).toEqual(['0031', '0032'])
  })
})
