import type { TFunction } from 'i18next'
import type { ImportIssue } from '../../../../shared/ipc/import-contract.ts'

/**
 * One import problem in the person's language, naming the column as they wrote it: "Account No is
 * missing" (the field's own label when no column holds it).
 */
export function issueText(t: TFunction, issue: ImportIssue, locale: string): string {
  const column = typeof issue.params.column === 'string' ? issue.params.column : null
  const field =
    column ??
    (issue.target
      ? t(`fields.${issue.target}`, {
          defaultValue: t(`batch.targets.${issue.target}`, { defaultValue: issue.target }),
        })
      : '')
  const at =
    typeof issue.params.at === 'number'
      ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(issue.params.at)
      : ''
  // Codes added with the recipients directory keep their words in its own section.
  const key = issue.code === 'account_changed' ? 'recipients.changedIssue' : `batch.issues.${issue.code}`
  return t(key, { ...issue.params, field, at, defaultValue: issue.message })
}

/** "3 rows: 3 ready, 0 with errors, 1 warning to check", each count in its plural form. */
export function importCounts(
  t: TFunction,
  view: { rows: readonly unknown[]; valid: number; invalid: number; unaccepted: number },
): string {
  return t('batch.counts', {
    rows: t('batch.rowCount', { count: view.rows.length }),
    valid: view.valid,
    invalid: view.invalid,
    warnings: t('batch.warningCount', { count: view.unaccepted }),
  })
}
