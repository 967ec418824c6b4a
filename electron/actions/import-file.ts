import type { CommittedImport } from '../../shared/ipc/import-contract.ts'
import { commitImport, type CommitOptions, type StagedImport } from '../import/stage-import.ts'
import { refreshLimitsMarker } from '../secrets/limits-seal.ts'
import type { ActionContext } from './context.ts'

/*
 * Writing a reviewed file as a batch, from any door. Both ways check the same things (what the person
 * accepted, the ledger unchanged since the review, the release limits) in stage-import.ts; the window
 * writes in chunks so its main thread never stops, the command line in one transaction.
 */

/** The window's reviewed import, written in chunks; the keychain's word on limits is read again first. */
export async function confirmImport(
  ctx: Pick<ActionContext, 'imports' | 'secrets'>,
  importId: string,
): Promise<CommittedImport> {
  await refreshLimitsMarker(ctx.secrets)
  return ctx.imports.confirm(importId)
}

/** The command line's reviewed file, after its person said yes (perhaps long after the review). */
export async function commitReviewedFile(
  ctx: Pick<ActionContext, 'ledger' | 'secrets'>,
  staged: StagedImport,
  options: CommitOptions,
): Promise<CommittedImport> {
  await refreshLimitsMarker(ctx.secrets)
  return commitImport(ctx.ledger, staged, options)
}
