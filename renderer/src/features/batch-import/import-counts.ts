import type { TFunction } from 'i18next'

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
