// Property: whatever bytes a file holds, staging an import either refuses the file in plain words or
// returns per-row verdicts; it never throws anything else, and it writes nothing.
import fc from 'fast-check'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../../electron/errors.ts'
import { decodeText } from '../../electron/import/decode-text.ts'
import { parseCsv } from '../../electron/import/parse-csv.ts'
import { sha256Hex, stageImport } from '../../electron/import/stage-import.ts'
import { openLedger, type Ledger } from '../../electron/ledger/open-ledger.ts'
import { addSandboxProfile, seedPayouts } from '../support/ledger-fixtures.ts'
import { makeTempDir } from '../support/temp-dir.ts'
import { changesSince } from '../support/ledger-fixtures.ts'
import { FUZZ_RUNS } from './fuzz-support.ts'

let tmp: ReturnType<typeof makeTempDir>
let db: Ledger
let profileId: string
beforeAll(() => {
  tmp = makeTempDir()
  db = openLedger(join(tmp.dir, 'ledger.sqlite3'))
  const profile = addSandboxProfile(db)
  profileId = profile.id
  seedPayouts(db, profile, 20)
})
afterAll(() => {
  db.close()
  tmp.cleanup()
})

const HEADERS = [
  'amount',
  '金额',
  'name',
  'account number',
  '账号',
  'bank code',
  'mobile',
  'email',
  'reference',
  'remark',
]
// Cells that stress the parser and the rules: quotes, separators, formulas, leading zeros, odd numbers.
const cell = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '',
    '0012345',
    '1,250,000',
    '1.250.000',
    '-5',
    '1e9',
    '=HYPERLINK("x")',
    '"',
    '""',
    '\r\n',
    '\u0000',
    '\uFFFD',
    'a\nb',
    'x\u0007',
    '1.23457E+15',
    'Rp 1.500.000',
    '١٢٣',
  ),
  fc.stringMatching(/^[0-9]{1,20}$/),
  fc.stringMatching(/^[0-9]{1,3}(,[0-9]{3}){0,3}(\.[0-9]{1,3})?$/),
)
const csvText = fc
  .tuple(
    fc.uniqueArray(fc.constantFrom(...HEADERS), { minLength: 1, maxLength: 8 }),
    fc.array(fc.array(cell, { maxLength: 9 }), { maxLength: 30 }),
  )
  .map(([header, rows]) => {
    const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)
    return [header, ...rows].map((r) => r.map(quote).join(',')).join('\n')
  })

function stage(text: string) {
  try {
    return stageImport(db, profileId, parseCsv(text), {
      fileName: 'fuzz.csv',
      sha256: sha256Hex(Buffer.from(text)),
    })
  } catch (error) {
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('INVALID_INPUT')
    expect((error as AppError).message).toMatch(/^[A-Z].{10,}\.$/)
    return null
  }
}

describe('CSV import under arbitrary input', () => {
  it('refuses a file in plain words, or gives every row a verdict, and writes nothing', () => {
    fc.assert(
      fc.property(fc.oneof(csvText, fc.string(), fc.string({ unit: 'binary' })), (text) => {
        const before = changesSince(db)
        const staged = stage(text)
        expect(changesSince(db, before)).toBe(0)
        if (!staged) return
        for (const row of staged.rows) {
          if (row.errors.length === 0) {
            expect(Number.isSafeInteger(row.amountMinor)).toBe(true)
            expect(row.amountMinor).toBeGreaterThan(0)
            // Nothing unreadable, invisible or on two lines reaches a gateway field.
            for (const value of Object.values(row.fields))
              expect(value).not.toMatch(/[\uFFFD\p{Cc}\u2028\u2029]/u)
          } else for (const e of row.errors) expect(e.message).toMatch(/\S/)
        }
        expect(staged.valid + staged.invalid).toBe(staged.rows.length)
        const validTotal = staged.rows.reduce(
          (sum, r) => sum + (r.errors.length ? 0 : (r.amountMinor ?? 0)),
          0,
        )
        expect(staged.totalMinor).toBe(validTotal)
      }),
      { numRuns: FUZZ_RUNS },
    )
  })

  it('decodes arbitrary bytes to text or refuses them in plain words, never with a replacement character', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        // A file may hold U+FFFD itself (EF BF BD in UTF-8); the decoder must never make one up.
        const written = Buffer.from(bytes).toString('latin1').includes('\xef\xbf\xbd')
        try {
          if (!written) expect(decodeText(bytes).text).not.toContain('\uFFFD')
          else decodeText(bytes)
        } catch (error) {
          expect(error).toBeInstanceOf(AppError)
          expect((error as AppError).message).toMatch(/CSV UTF-8/)
        }
      }),
      { numRuns: FUZZ_RUNS },
    )
  })

  it('keeps every identifier exactly as written: digits with leading zeros stay text', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^0[0-9]{5,15}$/), (account) => {
        const text = `name,account number,bank code,mobile,email,amount\nAna,${account},0002,081234567890,a@example.com,"15,000"`
        const staged = stage(text)
        expect(staged?.rows[0]?.fields.bankAccountNo).toBe(account)
        expect(staged?.rows[0]?.amountMinor).toBe(15_000)
      }),
      { numRuns: FUZZ_RUNS },
    )
  })
})
