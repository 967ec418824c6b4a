import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { nameKey } from '../../shared/domain/payee-account.ts'
import { openLedger, type Ledger } from '../../electron/ledger/open-ledger.ts'
import { timeOrderedId } from '../../electron/ledger/time-ordered-id.ts'
import { PAYOUTS_PER_STATEMENT } from '../../electron/ledger/payouts-repo.ts'
import { createBatch } from '../../electron/ledger/batches-repo.ts'
import { draftPayouts, referenceSeries } from '../../electron/payouts/draft-payout.ts'
import { addSandboxProfile, vexoraDraft } from '../support/ledger-fixtures.ts'
import { makeTempDir } from '../support/temp-dir.ts'

let tmp: ReturnType<typeof makeTempDir>
let db: Ledger
beforeEach(() => {
  tmp = makeTempDir()
  db = openLedger(join(tmp.dir, 'ledger.sqlite3'))
})
afterEach(() => {
  db.close()
  tmp.cleanup()
})

const row = vexoraDraft
const count = (sql: string) => db.prepare(sql).pluck().get() as number

describe('time-ordered ids', () => {
  it('are UUIDv7 and strictly increase, even within one millisecond and when the clock steps back', () => {
    const ids = [
      ...Array.from({ length: 1_000 }, () => timeOrderedId(1_800_000_000_000)),
      timeOrderedId(1_799_999_999_000),
      timeOrderedId(1_800_000_000_001),
    ]
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect([...ids].sort()).toEqual(ids)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids[0]?.replace('-', '').slice(0, 12)).toBe((1_800_000_000_000).toString(16).padStart(12, '0'))
  })
})

describe('reference series', () => {
  it('makes distinct 32-character references stamped with the UTC second', () => {
    const next = referenceSeries(Date.UTC(2026, 10, 23, 8, 9, 10))
    const refs = Array.from({ length: 5_000 }, next)
    expect(new Set(refs).size).toBe(refs.length)
    for (const r of refs) expect(r).toMatch(/^PD20261123080910[0-9A-F]{16}$/)
  })

  it('starts each series at its own random point', () => {
    const now = Date.now()
    expect(referenceSeries(now)()).not.toBe(referenceSeries(now)())
  })
})

describe('draftPayouts', () => {
  it('writes every row queued with a created event, in one go', () => {
    const profile = addSandboxProfile(db)
    const ids = draftPayouts(db, profile.id, [row(1), row(2), row(3)])
    expect(ids).toHaveLength(3)
    expect(count("SELECT COUNT(*) FROM payouts WHERE status = 'queued'")).toBe(3)
    expect(
      db.prepare("SELECT payout_id FROM payout_events WHERE kind = 'created' ORDER BY seq").pluck().all(),
    ).toEqual(ids)
    const stored = db.prepare('SELECT account_no FROM payouts ORDER BY id').pluck().all()
    expect(stored).toEqual(['001001', '001002', '001003'])
  })

  it('writes nothing when one row is bad, and names that row', () => {
    const profile = addSandboxProfile(db)
    expect(() => draftPayouts(db, profile.id, [row(1), row(2, { mobile: '12' }), row(3)])).toThrow(
      /^Payout 2: Some details are missing or not valid: mobile \(format\)\.$/,
    )
    expect(() => draftPayouts(db, profile.id, [row(1), { ...row(2), amountMinor: 0 }])).toThrow(
      /^Payout 2: The amount must be more than zero\.$/,
    )
    // Also when the bad row comes after groups that were already written inside the transaction.
    const late = 2 * PAYOUTS_PER_STATEMENT + 5
    const many = Array.from({ length: late + 10 }, (_, i) => (i === late ? row(i, { email: 'x' }) : row(i)))
    expect(() => draftPayouts(db, profile.id, many)).toThrow(new RegExp(`^Payout ${late + 1}: `))
    expect(count('SELECT COUNT(*) FROM payouts')).toBe(0)
    expect(count('SELECT COUNT(*) FROM payout_events')).toBe(0)
  })

  it('refuses a caller reference already used, and one repeated within the call', () => {
    const profile = addSandboxProfile(db)
    draftPayouts(db, profile.id, [{ ...row(1), reference: 'INV-2026-0001' }])
    expect(() => draftPayouts(db, profile.id, [row(2), { ...row(3), reference: 'INV-2026-0001' }])).toThrow(
      /Payout 2: Reference INV-2026-0001 was already used/,
    )
    expect(() =>
      draftPayouts(db, profile.id, [
        { ...row(4), reference: 'INV-2026-0002' },
        { ...row(5), reference: 'INV-2026-0002' },
      ]),
    ).toThrow(/Payout 2: Reference INV-2026-0002 was already used/)
    expect(count('SELECT COUNT(*) FROM payouts')).toBe(1)
  })

  it('draws another reference when a generated one is already taken, and keeps the others', () => {
    const profile = addSandboxProfile(db)
    const [taken] = draftPayouts(db, profile.id, [row(1)], 1_800_000_000_000, () => 'PD-COLLIDES-0001')
    const series = ['PD-COLLIDES-0001', 'PD-FRESH-0002', 'PD-FRESH-0003']
    const ids = draftPayouts(db, profile.id, [row(2), row(3)], 1_800_000_000_000, () => series.shift() ?? '')
    const ref = db.prepare('SELECT reference FROM payouts WHERE id = ?').pluck()
    expect(ref.get(taken)).toBe('PD-COLLIDES-0001')
    expect(new Set(ids.map((id) => ref.get(id)))).toEqual(new Set(['PD-FRESH-0002', 'PD-FRESH-0003']))
    expect(count("SELECT COUNT(*) FROM payout_events WHERE kind = 'created'")).toBe(3)
  })

  it('finds a taken reference inside a full statement group: names a caller row, draws a generated one again', () => {
    const profile = addSandboxProfile(db)
    draftPayouts(
      db,
      profile.id,
      [{ ...row(0), reference: 'INV-TAKEN-0001' }, row(0)],
      1,
      () => 'PD-TAKEN-000001',
    )
    const many = Array.from({ length: 2 * PAYOUTS_PER_STATEMENT + 3 }, (_, i) => row(i + 1))
    const callerRow = PAYOUTS_PER_STATEMENT + 5
    const withTaken = many.map((r, i) => (i === callerRow ? { ...r, reference: 'INV-TAKEN-0001' } : r))
    expect(() => draftPayouts(db, profile.id, withTaken)).toThrow(
      new RegExp(`^Payout ${callerRow + 1}: Reference INV-TAKEN-0001 was already used`),
    )
    expect(count('SELECT COUNT(*) FROM payouts')).toBe(2)

    let n = 0
    const series = () =>
      ++n === PAYOUTS_PER_STATEMENT + 7 ? 'PD-TAKEN-000001' : `PD-SERIES-${String(n).padStart(6, '0')}`
    const ids = draftPayouts(db, profile.id, many, 2, series)
    expect(ids).toHaveLength(many.length)
    expect(new Set(ids).size).toBe(many.length)
    const written = db.prepare('SELECT id, account_no FROM payouts WHERE created_at = 2 ORDER BY rowid').all()
    expect(written).toEqual(ids.map((id, i) => ({ id, account_no: many[i]?.fields.bankAccountNo })))
    expect(
      count(
        "SELECT COUNT(DISTINCT reference) FROM payouts WHERE created_at = 2 AND reference LIKE 'PD-SERIES-%'",
      ),
    ).toBe(many.length)
    expect(
      db
        .prepare("SELECT payout_id FROM payout_events WHERE kind = 'created' AND at = 2 ORDER BY seq")
        .pluck()
        .all(),
    ).toEqual(ids)
  })

  it('stores a full statement group column for column as it stores a single row', () => {
    const profile = addSandboxProfile(db)
    const batchId = createBatch(db, profile.id, 'f.csv', 'ab', 5)
    const [failed] = draftPayouts(db, profile.id, [row(0)], 5)
    const inputs = Array.from({ length: PAYOUTS_PER_STATEMENT + 1 }, (_, i) => ({
      ...row(i + 1),
      reference: `INV-GROUP-${String(i).padStart(4, '0')}`,
      batchId: i % 2 ? batchId : null,
      retryOf: i % 3 ? null : (failed ?? null),
    }))
    const ids = draftPayouts(db, profile.id, inputs, 7)
    const stored = db.prepare('SELECT * FROM payouts WHERE id = ?')
    // The last input is written alone (the group holds exactly PAYOUTS_PER_STATEMENT): the reference.
    const alone = stored.get(ids.at(-1)) as Record<string, unknown>
    ids.forEach((id, i) => {
      const input = inputs[i] as (typeof inputs)[number]
      expect(stored.get(id)).toEqual({
        ...alone,
        id,
        reference: input.reference,
        amount_minor: input.amountMinor,
        beneficiary_name: input.fields.customerName,
        account_no: input.fields.bankAccountNo,
        fields_json: JSON.stringify(input.fields),
        batch_id: input.batchId,
        retry_of: input.retryOf,
        payee_name_key: nameKey(input.fields.customerName),
        payee_account_key: `bankAccountNo=${input.fields.bankAccountNo}&bankCode=${input.fields.bankCode}`,
      })
    })
    expect(alone).toMatchObject({
      profile_id: profile.id,
      provider: 'vexora',
      currency: 'IDR',
      status: 'queued',
    })
    expect(alone).toMatchObject({ bank_code: '0002', created_at: 7, updated_at: 7 })
  })
})
