import type { ProfileEnvironment, ProviderId } from '../../shared/domain/providers.ts'
import type { CommittedImport } from '../../shared/ipc/import-contract.ts'
import type { PayoutShape } from '../../shared/providers/payout-shape.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import { resolveProfile } from '../payouts/draft-payout.ts'
import { commitImportInChunks } from './commit-in-chunks.ts'
import type { ImportAcceptances } from './commit-import.ts'
import type { ParsedSheet } from './parse-csv.ts'
import {
  stageImportInTurns,
  type ReviewSource,
  type StagedImport,
  type StageOptions,
} from './stage-import.ts'

/**
 * The book a file reviewed in the window would be written to: this desk's own ledger, or the team's
 * (actions/team-import.ts). The window's review (import-sessions.ts) is the same for both; only how the
 * rows are checked against the book and how the reviewed batch is written differ.
 */
export interface ReviewTarget {
  ledger: 'desk' | 'team'
  profileId: string
  /** The profile's gateway: which headers to look for, and the fields a payout has. */
  provider: ProviderId
  area: string
  shape: PayoutShape
  /** The profile as the last check of the file saw it: what the review and its confirmation show. */
  shown(): { name: string; environment: ProfileEnvironment }
  /** Where this desk remembers the profile's column mapping (a convenience of this desk only). */
  mappingKey: string
  stage(sheet: ParsedSheet, source: ReviewSource, options: StageOptions): Promise<StagedImport>
  /** Writes the reviewed rows, all or nothing; CONFLICT when the book moved past what the review saw. */
  write(staged: StagedImport, accepted: ImportAcceptances): Promise<CommittedImport>
}

/** A desk profile's review: checked a few milliseconds at a time, written in chunks (the window's thread). */
export function deskReviewTarget(db: Ledger, profileId: string): ReviewTarget {
  const { profile, shape } = resolveProfile(db, profileId)
  return {
    ledger: 'desk',
    profileId,
    provider: profile.provider,
    area: profile.area,
    shape,
    shown: () => {
      const { name, environment } = resolveProfile(db, profileId).profile
      return { name, environment }
    },
    mappingKey: profileId,
    stage: (sheet, source, options) => stageImportInTurns(db, profileId, sheet, source, options),
    write: (staged, accepted) => commitImportInChunks(db, staged, { skipInvalid: false, accepted }),
  }
}
