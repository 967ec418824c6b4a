import { join } from 'node:path'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BUCKET_MS, dashboard } from '../../electron/ledger/dashboard-repo.ts'
import { openLedger, type Ledger } from '../../electron/ledger/open-ledger.ts'
import { insertPayout } from '../../electron/ledger/payouts-repo.ts'
import { addSandboxProfile, vexoraPayout } from '../support/ledger-fixtures.ts'
import { makeTempDir } from '../support/temp-dir.ts'

const DAY = 86_400_000
// Local midnights of a UTC+5:45 desk (Kathmandu): on a quarter hour, not on an hour.
const MIDNIGHT = Date.UTC(2026, 10, 1) - (5 * 60 + 45) * 60_000
const STATUSES = ['queued', 'processing', 'succeeded', 'failed', 'unknown', 'needs_review'] as const

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

const sums = () =>
  db
    .prepare('SELECT profile_id, bucket, status, n, amount FROM payout_buckets WHERE n > 0 ORDER BY 1, 2, 3')
    .all()
const counted = () =>
  db
    .prepare(
      `SELECT profile_id, created_at / ${BUCKET_MS} AS bucket, status, count(*) AS n, sum(amount_minor) AS amount
         FROM payouts GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    )
    .all()

describe('the dashboard from the kept quarter-hour sums', () => {
  it('matches the payouts themselves after any writes, status changes and deletions', () => {
    const profiles = [addSandboxProfile(db, 'A'), addSandboxProfile(db, 'B')]
    const days = Array.from({ length: 30 }, (_, i) => MIDNIGHT + i * DAY)
    let n = 0
    let last: string | null = null
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            profile: fc.integer({ min: 0, max: 1 }),
            at: fc.integer({ min: -3 * DAY, max: 32 * DAY }),
            amount: fc.integer({ min: 10_000, max: 9_000_000 }),
            status: fc.constantFrom(...STATUSES),
            then: fc.option(fc.constantFrom(...STATUSES), { nil: undefined }),
            // Pays the previous payout again (a failed one paid again leaves the attention list).
            retry: fc.boolean(),
          }),
          { maxLength: 40 },
        ),
        (writes) => {
          for (const w of writes) {
            const profile = profiles[w.profile] ?? profiles[0]
            if (!profile) throw new Error('no profile')
            const id = insertPayout(
              db,
              vexoraPayout(profile, n++, {
                status: w.status,
                amountMinor: w.amount,
                retryOf: w.retry ? last : null,
              }),
              MIDNIGHT + w.at,
            )
            if (w.then) db.prepare('UPDATE payouts SET status = ? WHERE id = ?').run(w.then, id)
            last = id
          }
          expect(sums()).toEqual(counted())
          for (const weekStart of [days[23] ?? 0, days[0] ?? 0])
            expect(dashboard(db, days, weekStart)).toEqual(dashboard(db, days, weekStart, 'payouts'))
        },
      ),
      { numRuns: 30 },
    )
  })
})
