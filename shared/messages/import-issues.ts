import type { TFunction } from 'i18next'
import type { ImportIssue } from '../ipc/import-contract.ts'

/**
 * One import problem in the person's language, naming the column as they wrote it: "Account No is
 * missing" (the field's own label when no column holds it). The window and a Chinese terminal word it
 * from the same translations (shared/i18n/locales).
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
