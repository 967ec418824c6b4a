import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppError } from '../../electron/errors.ts'
import { MIGRATIONS, type Migration } from '../../electron/ledger/migrations/index.ts'
import {
  latestSchemaVersion,
  openLedger,
  schemaVersion,
  type Ledger,
} from '../../electron/ledger/open-ledger.ts'
import { insertPayout, listPayouts } from '../../electron/ledger/payouts-repo.ts'
import { readSettings, writeSetting } from '../../electron/ledger/settings-repo.ts'
import { getRecipient, updateRecipient } from '../../electron/ledger/recipients-repo.ts'
import { amountSince } from '../../electron/ledger/release-limits-repo.ts'
import { recipientMatcher } from '../../electron/recipients/payee-rule.ts'
import { payoutShape, type PayoutShape } from '../../shared/providers/payout-shape.ts'
import { addSandboxProfile, seedPayouts, vexoraPayout } from '../support/ledger-fixtures.ts'
import { makeTempDir } from '../support/temp-dir.ts'

let tmp: ReturnType<typeof makeTempDir>
let file: string
const open: Ledger[] = []
const openTracked = (migrations?: readonly Migration[]) => {
  const db = openLedger(file, migrations)
  open.push(db)
  return db
}

beforeEach(() => {
  tmp = makeTempDir()
  file = join(tmp.dir, 'nested', 'ledger.sqlite3')
})
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close()
  tmp.cleanup()
})

/**
 * A Vexora profile on an older ledger, and a writer of its payouts with the name key an older version
 * kept (one account throughout): `write(id, name, key)`.
 */
function keyedPayouts(old: Ledger) {
  const profile = addSandboxProfile(old)
  const insert = old.prepare(
    `INSERT INTO payouts (id, profile_id, provider, reference, amount_minor, currency, beneficiary_name,
       account_no, bank_code, fields_json, status, account_json, created_at, updated_at,
       payee_name_key, payee_account_key)
     VALUES (?, ?, 'vexora', ?, 70000, 'IDR', 'Dewi', '0011111', '0002', ?, 'queued', ?, 1, 1, ?, ?)`,
  )
  const account = JSON.stringify({ provider: 'vexora', area: 'ID' })
  const write = (id: string, name: string, key: string) =>
    insert.run(
      id,
      profile.id,
      `T-${id}`,
      JSON.stringify({ bankCode: '0002', bankAccountNo: '0011111', customerName: name }),
      account,
      key,
      `k-${id}`,
    )
  return { profile, write }
}

describe('openLedger', () => {
  it('creates the file in WAL mode with full fsync and foreign keys on', () => {
    const db = openTracked()
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('synchronous', { simple: true })).toBe(2) // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(schemaVersion(db)).toBe(latestSchemaVersion())
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
  })

  it('reopens an up-to-date ledger without running migrations again and keeps its data', () => {
    const first = openTracked()
    const profile = addSandboxProfile(first)
    insertPayout(first, vexoraPayout(profile, 1))
    first.close()
    const again = openTracked()
    expect(schemaVersion(again)).toBe(MIGRATIONS.length)
    expect(listPayouts(again, { limit: 10 }).rows).toHaveLength(1)
  })

  it('refuses a ledger from a newer app and leaves it untouched', () => {
    openTracked().close()
    const raw = new Database(file)
    raw.pragma(`user_version = ${latestSchemaVersion() + 5}`)
    raw.close()
    let error: unknown
    try {
      openTracked()
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('LEDGER_TOO_NEW')
    expect((error as AppError).message).toMatch(
      /newer version of Payout Desk.*Nothing in the ledger was changed/,
    )
    const check = new Database(file, { readonly: true })
    expect(check.pragma('user_version', { simple: true })).toBe(latestSchemaVersion() + 5)
    check.close()
  })

  it('rolls a failing migration back completely, version included', () => {
    openTracked().close()
    const broken: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'half-done',
      up: (db) => {
        db.exec('CREATE TABLE half_done (x INTEGER)')
        throw new Error('disk full (simulated)')
      },
    }
    expect(() => openTracked([...MIGRATIONS, broken])).toThrow('disk full (simulated)')
    const db = openTracked()
    expect(schemaVersion(db)).toBe(MIGRATIONS.length)
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'").get()).toEqual({
      n: 0,
    })
  })

  it('refuses a migration list with gaps', () => {
    const gap: Migration = { version: MIGRATIONS.length + 2, name: 'gap', up: () => undefined }
    expect(() => openTracked([...MIGRATIONS, gap])).toThrow(/not 1\.\.n/)
  })

  it('upgrades a version 3 ledger to ascending history indexes, keeping its payouts in order', () => {
    const old = openTracked(MIGRATIONS.slice(0, 3))
    // Written as a version 3 ledger holds them: only the columns it has.
    const profile = addSandboxProfile(old)
    const insert = old.prepare(
      `INSERT INTO payouts (id, profile_id, provider, reference, amount_minor, currency, beneficiary_name,
         account_no, bank_code, fields_json, status, created_at, updated_at)
       VALUES (?, ?, 'vexora', ?, ?, 'IDR', ?, ?, '0002', '{}', 'processing', ?, ?)`,
    )
    for (let i = 0; i < 30; i++)
      insert.run(
        `p${String(i).padStart(4, '0')}`,
        profile.id,
        `T${i}`,
        10_000 + i,
        `B ${i}`,
        `00${i}`,
        1_700_000_000_000 + i,
        1_700_000_000_000 + i,
      )
    const before = listPayouts(old, { limit: 50 }).rows.map((r) => r.id)
    expect(before).toHaveLength(30)
    old.close()
    const db = openTracked()
    const indexSql = (name: string) =>
      db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').pluck().get(name) as string
    expect(indexSql('payouts_by_created')).toMatch(/\(created_at, id\)$/)
    expect(indexSql('payouts_by_profile')).toMatch(/\(profile_id, created_at, id\)$/)
    expect(listPayouts(db, { limit: 50 }).rows.map((r) => r.id)).toEqual(before)
    // Newest and oldest first both walk an index; neither sorts the ledger in a temporary B-tree.
    for (const order of ['DESC', 'ASC'])
      for (const where of ['', "WHERE profile_id = 'x'"]) {
        const plan = db
          .prepare(
            `EXPLAIN QUERY PLAN SELECT id FROM payouts ${where} ORDER BY created_at ${order}, id ${order} LIMIT 50`,
          )
          .all()
          .map((r) => (r as { detail: string }).detail)
          .join(' | ')
        expect(plan).toMatch(/USING (COVERING )?INDEX payouts_by_(created|profile)/)
        expect(plan).not.toMatch(/TEMP B-TREE/)
      }
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
  })

  it('upgrades a version 9 ledger with a table of applied callbacks, one row per exact body', () => {
    const old = openTracked(MIGRATIONS.slice(0, 9))
    const profile = addSandboxProfile(old)
    old
      .prepare(
        `INSERT INTO payouts (id, profile_id, provider, reference, amount_minor, currency, beneficiary_name,
           account_no, bank_code, fields_json, status, created_at, updated_at)
         VALUES ('p1', ?, 'vexora', 'T1', 10000, 'IDR', 'B', '001', '0002', '{}', 'processing', 1, 1)`,
      )
      .run(profile.id)
    old.close()
    const db = openTracked()
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion())
    const remember = db.prepare(
      'INSERT OR IGNORE INTO callback_digests (digest, payout_id, at) VALUES (?, ?, ?)',
    )
    expect(remember.run('d1', 'p1', 1).changes).toBe(1)
    expect(remember.run('d1', 'p1', 2).changes).toBe(0)
    expect(() => remember.run('d2', 'no such payout', 3)).toThrow(/FOREIGN KEY/)
  })

  it('upgrades a version 13 ledger: its recipients have no former names, and a rename keeps the old one', () => {
    const old = openTracked(MIGRATIONS.slice(0, 13))
    const profile = addSandboxProfile(old)
    old
      .prepare(
        `INSERT INTO recipients (id, profile_id, name, account_key, account_no, account_json, created_at, updated_at)
         VALUES ('r1', ?, 'Budi Santoso', 'k', '001', '{"bankAccountNo":"001"}', 1, 1)`,
      )
      .run(profile.id)
    old.close()
    const db = openTracked()
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion())
    expect(getRecipient(db, 'r1')).toMatchObject({ name: 'Budi Santoso', formerNames: [] })
    expect(updateRecipient(db, { id: 'r1', name: 'Budi S.' })).toMatchObject({
      formerNames: ['Budi Santoso'],
    })
  })

  it("upgrades a version 14 ledger: the day's amount finds earlier payouts sent today by an index", () => {
    const old = openTracked(MIGRATIONS.slice(0, 14))
    const profile = addSandboxProfile(old)
    const since = 1_700_000_000_000
    old
      .prepare(
        `INSERT INTO payouts (id, profile_id, provider, reference, amount_minor, currency, beneficiary_name,
           account_no, bank_code, fields_json, status, attempts, last_attempt_at, created_at, updated_at)
         VALUES ('p1', ?, 'vexora', 'T1', 70000, 'IDR', 'B', '001', '0002', '{}', 'processing', 1, ?, ?, ?)`,
      )
      .run(profile.id, since + 60_000, since - 86_400_000, since + 60_000)
    old.close()
    const db = openTracked()
    expect(amountSince(db, profile.id, since)).toBe(70_000)
    const plan = db
      .prepare(
        'EXPLAIN QUERY PLAN SELECT SUM(amount_minor) FROM payouts WHERE profile_id = ? AND last_attempt_at >= ? AND created_at < ?',
      )
      .all(profile.id, since, since)
      .map((r) => (r as { detail: string }).detail)
      .join(' | ')
    expect(plan).toMatch(/INDEX payouts_by_attempt/)
  })

  it('upgrades a version 15 ledger: a payout written and not sent is found by its payee, by index', () => {
    const old = openTracked(MIGRATIONS.slice(0, 15))
    const profile = addSandboxProfile(old)
    const account = JSON.stringify({ provider: 'vexora', area: 'ID' })
    const write = old.prepare(
      `INSERT INTO payouts (id, profile_id, provider, reference, amount_minor, currency, beneficiary_name,
         account_no, bank_code, fields_json, status, account_json, created_at, updated_at)
       VALUES (?, ?, 'vexora', ?, 70000, 'IDR', 'Budi', ?, '0002', ?, 'queued', ?, 1, 1)`,
    )
    const budi = (account: string) =>
      JSON.stringify({ bankCode: '0002', bankAccountNo: account, customerName: 'Budi  Santoso' })
    write.run('p1', profile.id, 'T1', '0011111', budi('0011111'), account)
    old.close()
    const db = openTracked()
    expect(db.prepare("SELECT payee_name_key, payee_account_key FROM payouts WHERE id = 'p1'").get()).toEqual(
      {
        payee_name_key: 'budisantoso',
        payee_account_key: 'bankAccountNo=0011111&bankCode=0002',
      },
    )
    const shape = payoutShape('vexora', 'ID') as PayoutShape
    // Looked up by index (none read whole): the waiting payroll's Budi makes another account a change.
    const payee = recipientMatcher(db, profile.id, shape, 0)
    expect(payee(JSON.parse(budi('0099999')) as Record<string, string>)).toMatchObject({
      kind: 'changed',
      recipient: { id: 'payout:p1' },
    })
    expect(payee(JSON.parse(budi('0011111')) as Record<string, string>).kind).toBe('known')
  })

  it('upgrades a version 16 ledger: a name key loses the characters that show as nothing', () => {
    const old = openTracked(MIGRATIONS.slice(0, 16))
    const { profile, write } = keyedPayouts(old)
    // As migration 16 and the writes after it keyed them: the zero-width space and the mark kept.
    write('p1', 'Dewi\u200b Lestari', 'dewi\u200blestari')
    write('p2', 'Ṣiti\u200e', 'ṣiti\u200e')
    write('p3', 'Budi', 'budi')
    // Drawn "José": the mark kept the accent from its letter, so the key kept the two apart.
    write('p4', 'Jose\u034f\u0301', 'jose\u034f\u0301')
    old.close()
    const db = openTracked()
    expect(db.prepare('SELECT id, payee_name_key AS key FROM payouts ORDER BY id').all()).toEqual([
      { id: 'p1', key: 'dewilestari' },
      { id: 'p2', key: 'ṣiti' },
      { id: 'p3', key: 'budi' },
      { id: 'p4', key: 'josé' },
    ])
    // Dewi typed plainly, at another account: the payout waiting to pay her makes it a change.
    const payee = recipientMatcher(db, profile.id, payoutShape('vexora', 'ID') as PayoutShape, 0)
    expect(payee({ bankCode: '0002', bankAccountNo: '0099999', customerName: 'Dewi Lestari' })).toMatchObject(
      { kind: 'changed', recipient: { id: 'payout:p1' } },
    )
  })

  it('upgrades a version 17 ledger: a name key loses its control characters', () => {
    const old = openTracked(MIGRATIONS.slice(0, 17))
    const { profile, write } = keyedPayouts(old)
    // Saved by New payout before fields refused control characters, keyed with them as nameKey then did.
    write('p1', 'Dewi\u0007 Lestari', 'dewi\u0007lestari')
    write('p2', 'Ṣiti\u0085', 'ṣiti\u0085')
    write('p3', 'Budi\u200b', 'budi')
    old.close()
    const db = openTracked()
    expect(db.prepare('SELECT id, payee_name_key AS key FROM payouts ORDER BY id').all()).toEqual([
      { id: 'p1', key: 'dewilestari' },
      { id: 'p2', key: 'ṣiti' },
      { id: 'p3', key: 'budi' },
    ])
    const payee = recipientMatcher(db, profile.id, payoutShape('vexora', 'ID') as PayoutShape, 0)
    expect(payee({ bankCode: '0002', bankAccountNo: '0099999', customerName: 'Dewi Lestari' })).toMatchObject(
      { kind: 'changed', recipient: { id: 'payout:p1' } },
    )
  })
})

describe('ledger schema', () => {
  it('keeps the audit trail append-only', () => {
    const db = openTracked()
    const id = insertPayout(db, vexoraPayout(addSandboxProfile(db), 1))
    expect(() =>
      db.prepare('UPDATE payout_events SET kind = ? WHERE payout_id = ?').run('edited', id),
    ).toThrow(/append-only/)
    expect(() => db.prepare('DELETE FROM payout_events WHERE payout_id = ?').run(id)).toThrow(/append-only/)
    expect(db.prepare('SELECT kind, to_status FROM payout_events WHERE payout_id = ?').all(id)).toEqual([
      { kind: 'created', to_status: 'processing' },
    ])
  })

  it('refuses a second payout with the same reference in one profile, and bad amounts or statuses', () => {
    const db = openTracked()
    const profile = addSandboxProfile(db)
    insertPayout(db, vexoraPayout(profile, 1))
    expect(() => insertPayout(db, vexoraPayout(profile, 1))).toThrow(/UNIQUE/)
    expect(() => insertPayout(db, vexoraPayout(profile, 2, { amountMinor: 0 }))).toThrow(/CHECK/)
    expect(() => insertPayout(db, vexoraPayout(profile, 3, { amountMinor: 1.5 }))).toThrow()
    // @ts-expect-error a status outside the vocabulary must not reach the ledger
    expect(() => insertPayout(db, vexoraPayout(profile, 4, { status: 'paid' }))).toThrow(/CHECK/)
    // Nothing half-written: the failed inserts left neither payouts nor events behind.
    expect(db.prepare('SELECT count(*) AS n FROM payouts').get()).toEqual({ n: 1 })
    expect(db.prepare('SELECT count(*) AS n FROM payout_events').get()).toEqual({ n: 1 })
  })
})

describe('listPayouts', () => {
  it('pages newest first without gaps or repeats, even when many share a timestamp', () => {
    const db = openTracked()
    const profile = addSandboxProfile(db)
    seedPayouts(db, profile, 120)
    seedPayouts(db, addSandboxProfile(db, 'Second'), 130, { sameTime: true })
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const page = listPayouts(db, { limit: 40, cursor })
      seen.push(...page.rows.map((r) => r.id))
      cursor = page.nextCursor
      pages++
    } while (cursor)
    expect(pages).toBe(7)
    expect(new Set(seen).size).toBe(250)
    const all = db.prepare('SELECT id FROM payouts ORDER BY created_at DESC, id DESC').pluck().all()
    expect(seen).toEqual(all)
  })

  it('returns rows with their profile and money fields, and filters by status', () => {
    const db = openTracked()
    const profile = addSandboxProfile(db)
    insertPayout(db, vexoraPayout(profile, 1, { status: 'failed' }), 10)
    insertPayout(db, vexoraPayout(profile, 2, { status: 'succeeded', amountMinor: 250_000 }), 20)
    const page = listPayouts(db, { limit: 10, statuses: ['succeeded'] })
    expect(page.nextCursor).toBeNull()
    expect(page.rows).toEqual([
      expect.objectContaining({
        reference: 'T000002',
        profileName: 'Vexora ID sandbox',
        environment: 'sandbox',
        amountMinor: 250_000,
        currency: 'IDR',
        status: 'succeeded',
        accountNo: '001002',
        createdAt: 20,
      }),
    ])
  })

  it('searches references, names and accounts as plain text, wildcards included', () => {
    const db = openTracked()
    const profile = addSandboxProfile(db)
    insertPayout(db, vexoraPayout(profile, 1, { beneficiaryName: 'Siti 100%_sure' }), 1)
    insertPayout(db, vexoraPayout(profile, 2, { beneficiaryName: 'Siti Rahma', accountNo: '0099887766' }), 2)
    insertPayout(db, vexoraPayout(profile, 3, { beneficiaryName: 'Budi' }), 3)
    const names = (search: string) =>
      listPayouts(db, { limit: 10, search }).rows.map((r) => r.beneficiaryName)
    expect(names('siti')).toEqual(['Siti Rahma', 'Siti 100%_sure'])
    expect(names('%_')).toEqual(['Siti 100%_sure'])
    expect(names('_')).toEqual(['Siti 100%_sure'])
    expect(names('99887')).toEqual(['Siti Rahma'])
    expect(names('T000003')).toEqual(['Budi'])
    expect(names('nobody')).toEqual([])
  })

  it('answers a forged cursor with a plain-language error', () => {
    const db = openTracked()
    for (const cursor of ['garbage', Buffer.from('{"a":1}').toString('base64url')]) {
      expect(() => listPayouts(db, { limit: 10, cursor })).toThrow(/not valid\. Reload the history/)
    }
  })
})

describe('settings', () => {
  it('reads a stored polling interval the contract allows, and the 10 s default for anything else', () => {
    const db = openTracked()
    const read = (stored: string) => {
      writeSetting(db, 'poll_interval_seconds', stored)
      return readSettings(db).pollIntervalSeconds
    }
    expect(readSettings(db).pollIntervalSeconds).toBe(10)
    expect([read('0'), read('5'), read('300'), read('3600')]).toEqual([0, 5, 300, 3600])
    expect([read('4'), read('3601'), read('7.5'), read('abc')]).toEqual([10, 10, 10, 10])
  })
})
