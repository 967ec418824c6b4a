import type { CommittedImport } from '../../shared/ipc/import-contract.ts'
import { AppError } from '../errors.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import {
  batchPayoutCount,
  createImportingBatch,
  limitsFingerprint,
  publishImport,
  removeImportChunk,
  staleImports,
  touchImport,
} from '../ledger/import-batches-repo.ts'
import { batchState } from '../ledger/batches-repo.ts'
import { flushUnsynced, unsynced } from '../ledger/unsynced.ts'
import { eventMark, profileWroteSince } from '../ledger/import-review-repo.ts'
import { draftPayouts, referenceSeries, resolveProfile } from '../payouts/draft-payout.ts'
import { recipientMatcher } from '../recipients/payee-rule.ts'
import { payeeSourcesVersion } from '../ledger/unlearned-payees-repo.ts'
import type { PayoutShape } from '../../shared/providers/payout-shape.ts'
import { batchIsHeld, holdFor } from '../payouts/release-limits.ts'
import {
  assertUnchangedSinceReview,
  committableRows,
  draftOfRow,
  recordAcceptances,
  repeatSince,
  type CommitOptions,
} from './commit-import.ts'
import type { StagedImport, StagedRow } from './stage-import.ts'

/**
 * How long one chunk may hold the thread: the window's main thread draws, and writes the gateways'
 * answers, between chunks. Chunks are sized to it as the import goes (a fast machine writes more rows per
 * chunk, a busy one fewer), in multiples of the 64 rows that one INSERT statement takes.
 */
export const CHUNK_TARGET_MS = 20
/** The first chunk's rows, before any chunk has been timed; also the size abandoning removes at a time. */
export const IMPORT_CHUNK_ROWS = 256
const MIN_CHUNK = 64
const MAX_CHUNK = 8_192

/** An import still being written whose last chunk is older than this was left by a process that died. */
export const STALE_IMPORT_MS = 10 * 60_000

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

export interface ChunkedCommitOptions extends CommitOptions {
  /** A fixed number of rows per chunk (tests); by default sized to CHUNK_TARGET_MS. */
  chunkRows?: number
  /** Between chunks: by default one turn of the event loop, so everything waiting runs first. */
  between?: () => Promise<void>
  /** After each committed chunk (tests, progress). */
  onChunk?: (written: number, total: number) => void | Promise<void>
}

/**
 * The same all-or-nothing commit as commitImport, in short transactions with the event loop free between
 * them. A half-written import is never sendable: its batch is born 'importing' and stays so until the
 * last step, and an importing batch is started by nobody (the batch runner refuses it, a crash does not
 * resume it) and its held rows are released by nobody (heldRows skips it). The last step, one short
 * transaction, publishes the batch only if nothing else was written for the profile meanwhile and its
 * limits did not change (so the hold decided at the start is still the one a single transaction would
 * have decided); otherwise, or if any chunk fails, every row written is removed again (migration 0011
 * lets an importing batch's audit events go, and only those) and the person is told nothing was sent.
 */
export async function commitImportInChunks(
  db: Ledger,
  staged: StagedImport,
  options: ChunkedCommitOptions,
): Promise<CommittedImport> {
  const rows = committableRows(staged, options)
  const now = options.now ?? Date.now()
  let size = options.chunkRows ?? IMPORT_CHUNK_ROWS
  const between = options.between ?? nextTurn
  const { profileId } = staged
  const payeesNow = (shape: PayoutShape) => ({
    version: payeeSourcesVersion(db, profileId),
    payee: recipientMatcher(db, profileId, shape),
  })
  const opening = db
    .transaction(() => {
      assertUnchangedSinceReview(db, staged, rows)
      // Decided once for the whole file, exactly as the single-transaction commit decides it.
      const heldFor = holdFor(
        db,
        profileId,
        rows.map((r) => r.amountMinor ?? 0),
        now,
      )
      const { shape } = resolveProfile(db, profileId)
      const batchId = createImportingBatch(db, profileId, staged.fileName, staged.fileSha256, now)
      const limits = limitsFingerprint(db, profileId)
      return { batchId, heldFor, shape, payees: payeesNow(shape), mark: eventMark(db), limits }
    })
    .immediate()
  const { batchId, heldFor, shape } = opening
  // Whom the rows pay is judged against the ledger as each chunk finds it (the import's own payouts are
  // nobody's while it is written), read again only when the directory changed or another import of the
  // account was published: a payout learned between chunks (sent meanwhile) leaves the unsent ones and
  // joins the directory at once.
  let payees = opening.payees
  const next = referenceSeries(now)
  // The last audit event this import has accounted for: what others write meanwhile lies above it, so
  // checking for it reads their rows only, never the import's own.
  let seen = opening.mark
  const assertNothingElseWritten = () => {
    if (profileWroteSince(db, profileId, seen) || limitsFingerprint(db, profileId) !== opening.limits)
      throw new AppError('CONFLICT', { key: 'ledgerChangedWhileWriting' })
    // A payout the file repeats that had not gone through may have paid after all, by the gateway's word
    // between two chunks: the person was not warned of it.
    const repeat = repeatSince(db, profileId, rows, { events: seen, since: staged.ledgerMark.since })
    if (repeat) throw new AppError('CONFLICT', repeat)
  }
  const chunkTransaction = db.transaction((part: readonly StagedRow[], start: number) => {
    if (batchState(db, batchId) !== 'importing') throw abandoned()
    assertNothingElseWritten()
    if (payeeSourcesVersion(db, profileId) !== payees.version) payees = payeesNow(shape)
    const ids = draftPayouts(
      db,
      profileId,
      part.map((row) => draftOfRow(row, batchId)),
      now,
      next,
      { heldFor, firstIndex: start, payee: payees.payee },
    )
    recordAcceptances(db, part, ids, now)
    // The heartbeat that tells a stale import (its process died) from one still being written.
    touchImport(db, batchId)
    seen = eventMark(db)
  })
  const writeChunk = (part: readonly StagedRow[], start: number) => chunkTransaction.immediate(part, start)
  try {
    for (let start = 0; start < rows.length;) {
      await between()
      const part = rows.slice(start, start + size)
      const began = performance.now()
      // Not synced at its own commit: the commit that publishes the batch is (synchronous=FULL), and
      // syncing the log there makes every chunk before it durable too. Until then a chunk lost to a power
      // cut only shortens an import nobody can send, which is removed once stale.
      unsynced(db, () => writeChunk(part, start))
      start += part.length
      if (options.chunkRows === undefined) size = nextSize(size, performance.now() - began)
      await options.onChunk?.(start, rows.length)
    }
    // Synced beside the thread first: the publishing commit below then waits for its own pages only.
    await flushUnsynced(db)
    await between()
    return db
      .transaction(() => {
        assertNothingElseWritten()
        // Whom the rows pay was judged against what the last chunk saw: a payee learned or moved since,
        // or another import published, is looked at in a new review rather than let through unjudged.
        if (payeeSourcesVersion(db, profileId) !== payees.version)
          throw new AppError('CONFLICT', { key: 'ledgerChangedWhileWriting' })
        // Every row is still there (counted in payouts_by_batch alone: reading 100,000 rows would stop
        // the thread for a fifth of a second). A payout of it cancelled meanwhile is never sent either.
        const written = batchPayoutCount(db, batchId)
        // The one switch that makes the batch a batch: from here it can be started (or released).
        const published = publishImport(db, batchId)
        if (written !== rows.length || !published) throw abandoned()
        return { batchId, count: rows.length, awaitingRelease: batchIsHeld(db, batchId) }
      })
      .immediate()
  } catch (error) {
    await abandonImport(db, batchId, between)
    throw error
  }
}

/** The rows the next chunk may take to last about CHUNK_TARGET_MS, from how long this one took. */
function nextSize(size: number, ms: number): number {
  const scaled = Math.min(size * 2, (size * CHUNK_TARGET_MS) / Math.max(ms, 1))
  return Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, Math.floor(scaled / MIN_CHUNK) * MIN_CHUNK))
}

const abandoned = () => new AppError('CONFLICT', { key: 'importInterrupted' })

/**
 * Removes what an unfinished import wrote (its payouts were never sendable), in short transactions too.
 * Only a batch still 'importing' is touched: a published one is never removed.
 */
export async function abandonImport(db: Ledger, batchId: string, between: () => Promise<void> = nextTurn) {
  for (;;) {
    const done = db.transaction(() => removeImportChunk(db, batchId, IMPORT_CHUNK_ROWS)).immediate()
    if (done) return
    await between()
  }
}

/** Imports whose process died while writing them: removed, so their rows never linger half-written. */
export async function abandonStaleImports(db: Ledger, now = Date.now()): Promise<number> {
  const stale = staleImports(db, now - STALE_IMPORT_MS)
  for (const batchId of stale) await abandonImport(db, batchId)
  return stale.length
}
