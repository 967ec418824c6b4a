import type { CommittedImport } from '../../shared/ipc/import-contract.ts'
import { commitImport, type CommitOptions } from '../import/commit-import.ts'
import type { StagedImport } from '../import/stage-import.ts'
import { refreshLimitsMarker } from '../secrets/limits-seal.ts'
import { refuseIfCannotSend } from './can-send.ts'
import type { ActionContext } from './context.ts'

/*
 * Writing a reviewed file as a batch, from any door. Both ways check the same things (a profile that can
 * send, what the person accepted, the ledger unchanged since the review, the release limits); the window
 * writes in chunks so its main thread never stops, the command line in one transaction.
 */

/** The window's reviewed import, written in chunks; the keychain's word on limits is read again first. */
export async function confirmImport(
  ctx: Pick<ActionContext, 'imports' | 'secrets' | 'ledger' | 'engine'>,
  importId: string,
  /** The review's revision the person confirmed on (the window sends it). */
  revision?: number,
): Promise<CommittedImport> {
  await refreshLimitsMarker(ctx.secrets)
  return ctx.imports.confirm(importId, (profileId) => refuseIfCannotSend(ctx, profileId), revision)
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
