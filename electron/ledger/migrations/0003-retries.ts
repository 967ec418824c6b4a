import type { Database } from 'better-sqlite3'

export function up(db: Database): void {
  db.exec(`
    -- "Was this failed payout paid again?" is asked by the dashboard and the retry action. Partial, so
    -- ordinary inserts (which have no retry_of) do not pay for it.
    CREATE INDEX payouts_by_retry_of ON payouts (retry_of) WHERE retry_of IS NOT NULL;
  `)
}
