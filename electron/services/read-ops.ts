import { payoutsCsv } from '../export/payouts-csv.ts'
import { listAttention } from '../payouts/attention-queue.ts'
import { listRecipients } from '../ledger/recipients-repo.ts'
import { dashboard } from '../ledger/dashboard-repo.ts'
import { payoutDetail, recentBatches } from '../ledger/history-repo.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import type { ListPayoutsQuery, PayoutFilterQuery } from '../ledger/payout-filter.ts'
import { iteratePayouts, listPayouts } from '../ledger/payouts-repo.ts'

/**
 * The heavy reads the window makes, by their repository names: the read worker runs them on its
 * read-only connection, and main runs the very same functions on its own connection when the worker is
 * gone. Each takes the connection first, then plain (structured-clonable) arguments.
 */
export const READS = {
  listPayouts: (db: Ledger, query: ListPayoutsQuery) => listPayouts(db, query),
  payoutDetail: (db: Ledger, id: string) => payoutDetail(db, id),
  dashboard: (db: Ledger, dayStarts: readonly number[], weekStart: number) =>
    dashboard(db, dayStarts, weekStart),
  /**
   * The filtered history as an export's CSV file, encoded, and how many payouts it holds. Bytes in a
   * buffer of their own: the worker hands the buffer over instead of main copying a 100 MB string.
   */
  payoutsCsvBytes: (db: Ledger, filter: PayoutFilterQuery) => {
    const { csv, count } = payoutsCsv(iteratePayouts(db, filter))
    return { bytes: new TextEncoder().encode(csv), count }
  },
  recentBatches: (db: Ledger, limit?: number) => recentBatches(db, limit),
  listRecipients: (db: Ledger, query: Parameters<typeof listRecipients>[1]) => listRecipients(db, query),
  listAttention: (db: Ledger, profileId?: string) => listAttention(db, profileId),
}

export type ReadName = keyof typeof READS

type Rest<F> = F extends (db: Ledger, ...args: infer A) => unknown ? A : never

/** The same names, asynchronous: answered by the worker (or by main's connection when it is gone). */
export type LedgerReads = {
  [K in ReadName]: (...args: Rest<(typeof READS)[K]>) => Promise<ReturnType<(typeof READS)[K]>>
}

/** What a read's answer carries that can be handed over to main rather than copied. */
export function transferablesOf(value: unknown): ArrayBuffer[] {
  const bytes = (value as { bytes?: unknown } | null)?.bytes
  return bytes instanceof Uint8Array && bytes.buffer instanceof ArrayBuffer ? [bytes.buffer] : []
}

export function runRead(db: Ledger, name: ReadName, args: readonly unknown[]): unknown {
  const read = READS[name] as (db: Ledger, ...args: unknown[]) => unknown
  return read(db, ...args)
}

/** An error as it crosses the thread boundary: an AppError keeps its code and its words. */
export interface SentError {
  name: string
  message: string
  code?: string
  text?: unknown
  stack?: string
}
