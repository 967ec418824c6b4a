import type { RecipientMatch } from '../../shared/ipc/recipients-contract.ts'
import type { PayoutShape } from '../../shared/providers/payout-shape.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import {
  firstImportOf,
  recentLivePayouts,
  referenceInUse,
  reviewMark,
  type ReviewMark,
} from '../ledger/import-review-repo.ts'
import { bankList } from '../payouts/bank-lists.ts'
import { resolveProfile } from '../payouts/draft-payout.ts'
import { recipientMatcher } from '../recipients/payee-rule.ts'

/** How far back a payout of the same amount to the same account is a repeat to ask about. */
export const RECENT_MS = 30 * 24 * 3_600_000

/**
 * What a file's review asks of the book it would be written to: the profile's rules, how far the book
 * had got, the payouts the rows could repeat, the references taken and who the rows pay. The desk's own
 * ledger answers row by row; the team ledger's answers are read ahead (team-review-book.ts), so one
 * review (stage-import.ts) checks a file the same way for both.
 */
export interface ReviewBook {
  profileId: string
  shape: PayoutShape
  mark: ReviewMark
  /** The first import of a file with exactly these contents, if any. */
  previous: { id: string; at: number } | null
  /**
   * The newest payout that may still pay, by accountAmountKey, since the mark's `since`; asked with the
   * row's line (a book that reads it later notes which row asked: stage-then-ask.ts).
   */
  recent: { get(key: string, line: number): number | undefined }
  /** The bank codes the profile knows for a bank field (its own list, then the gateway docs'). */
  bankCodes: (field: string) => readonly string[]
  referenceInUse: (reference: string) => boolean
  /** The payee rule: whom these checked fields pay (known, changed account, or new). */
  match: (values: Readonly<Record<string, string>>) => RecipientMatch
}

/** The desk's own ledger as a review's book, read as the review goes. */
export function ledgerReviewBook(db: Ledger, profileId: string, sha256: string, now: number): ReviewBook {
  const { shape, profile } = resolveProfile(db, profileId)
  const mark = reviewMark(db, profileId, sha256, now - RECENT_MS)
  const match = recipientMatcher(db, profileId, shape)
  const previous = firstImportOf(db, profileId, sha256)
  return {
    profileId,
    shape,
    mark,
    previous: previous ? { id: previous.id, at: previous.created_at } : null,
    recent: recentLivePayouts(db, profileId, mark.since),
    bankCodes: (field) => bankList(db, profile, field).entries.map((e) => e.code),
    referenceInUse: (reference) => referenceInUse(db, profileId, reference),
    match,
  }
}
