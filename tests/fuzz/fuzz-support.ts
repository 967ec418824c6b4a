import type { Ledger } from '../../electron/ledger/open-ledger.ts'

/** Enough cases to find the shallow bugs on every run while keeping `npm test` bounded. */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 300)

/**
 * Rows this connection has inserted, updated or deleted since `before` (SQLite's total_changes()), so a
 * test can say "nothing was written" without listing every table.
 */
export function changesSince(db: Ledger, before = 0): number {
  return (db.prepare('SELECT total_changes()').pluck().get() as number) - before
}
