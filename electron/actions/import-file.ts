import type { CommittedImport } from '../../shared/ipc/import-contract.ts'
import { commitImport, type CommitOptions } from '../import/commit-import.ts'
import { deskReviewTarget, type ReviewTarget } from '../import/review-target.ts'
import type { StagedImport } from '../import/stage-import.ts'
import { teamLedgerUrl } from '../team/team-connection.ts'
import { teamReviewTarget } from './team-review-target.ts'
import { refreshLimitsMarker } from '../secrets/limits-seal.ts'
import { refuseIfCannotSend } from './can-send.ts'
import type { ActionContext } from './context.ts'

/*
 * Writing a reviewed file as a batch, from any door. Both ways check the same things (a profile that can
 * send, what the person accepted, the ledger unchanged since the review, the release limits); the window
 * writes in chunks so its main thread never stops, the command line in one transaction.
 */

/**
 * Where a file the window reviews would be written: a profile of this desk's own ledger, or of the team's
 * (whose limits and approvals PostgreSQL keeps).
 */
export const reviewTarget = (
  ctx: Pick<ActionContext, 'secrets' | 'ledger'>,
  input: { profileId: string; ledger?: 'desk' | 'team' | undefined },
): Promise<ReviewTarget> =>
  input.ledger === 'team'
    ? teamReviewTarget(() => teamLedgerUrl(ctx.ledger, ctx.secrets), input.profileId)
    : Promise.resolve(deskReviewTarget(ctx.ledger, input.profileId))

/**
 * The window's reviewed import. On this desk's ledger: written in chunks, the keychain's word on limits
 * read again first. On the team's: written as `team import` writes it, where the database decides what
 * waits for an owner.
 */
export async function confirmImport(
  ctx: Pick<ActionContext, 'imports' | 'secrets' | 'ledger' | 'engine'>,
  importId: string,
  /** The review's revision the person confirmed on (the window sends it). */
  revision?: number,
): Promise<CommittedImport> {
  return ctx.imports.confirm(
    importId,
    async (target) => {
      if (target.ledger === 'team') return
      await refreshLimitsMarker(ctx.secrets)
      await refuseIfCannotSend(ctx, target.profileId)
    },
    revision,
  )
}

/** The command line's reviewed file, after its person said yes (perhaps long after the review). */
export async function commitReviewedFile(
  ctx: Pick<ActionContext, 'ledger' | 'secrets' | 'engine'>,
  staged: StagedImport,
  options: CommitOptions,
): Promise<CommittedImport> {
  await refuseIfCannotSend(ctx, staged.profileId)
  await refreshLimitsMarker(ctx.secrets)
  return commitImport(ctx.ledger, staged, options)
}
