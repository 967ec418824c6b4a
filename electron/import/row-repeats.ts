import type { ImportIssue } from '../../shared/ipc/import-contract.ts'
import { issue } from './cell-checks.ts'
import type { StagedRow } from './stage-import.ts'

/** A row paying the same amount to an account paid it within the last 30 days (`at`, the newest). */
export function sentRecentlyIssue(at: number): ImportIssue {
  const date = new Date(at).toISOString().slice(0, 10)
  return issue('sent_recently', null, `the same amount went to this account on ${date}`, { at })
}

/**
 * Gives a row reviewed before its repeats were read the warning the review gives: after a repeat within
 * the file, the only warning the review gives before it.
 */
export function warnSentRecently(row: StagedRow, at: number): void {
  const after = row.warnings.findIndex((w) => w.code !== 'same_in_file')
  row.warnings.splice(after === -1 ? row.warnings.length : after, 0, sentRecentlyIssue(at))
}
