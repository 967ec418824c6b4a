import { accountWords } from '../../shared/domain/payee-account.ts'
import type { ImportIssue } from '../../shared/ipc/import-contract.ts'
import type { RecipientMatch } from '../../shared/ipc/recipients-contract.ts'
import { issue } from './cell-checks.ts'
import type { ReviewBook } from './review-book.ts'
import type { StagedImport, StagedRow } from './stage-import.ts'

type Fields = Readonly<Record<string, string>>

/** What the payee rule's answer makes of a row: whom it pays, and the warning of an account that changed. */
export function payeeOfRow(
  who: RecipientMatch,
): Pick<StagedRow, 'recipient'> & { warning: ImportIssue | null } {
  return {
    warning:
      who.kind === 'changed'
        ? issue(
            'account_changed',
            null,
            `${who.recipient.name} was last paid at ${accountWords(who.oldAccount)}; this row pays ${accountWords(who.newAccount)}`,
            {
              name: who.recipient.name,
              old: accountWords(who.oldAccount),
              new: accountWords(who.newAccount),
            },
          )
        : null,
    recipient:
      who.kind === 'new'
        ? { kind: 'new', name: null }
        : {
            kind: who.kind,
            name: who.recipient.name,
            recipientId: who.recipient.id,
            ...(who.kind === 'changed' ? { oldAccount: who.oldAccount } : {}),
          },
  }
}

/**
 * A review whose book reads its payees once the rows are checked (the team's reads only the payees a
 * file names and the accounts it pays, which only the checked rows tell). `stage` reviews the file with a
 * payee rule that notes each row's fields and answers "new"; `payees` reads the rule for those fields;
 * each row asked then gets the rule's answer as the review gives it (its warning is the row's last, as
 * there).
 */
export async function stageThenMatchPayees(
  stage: (match: ReviewBook['match']) => StagedImport | Promise<StagedImport>,
  payees: (asked: readonly Fields[]) => Promise<ReviewBook['match']>,
): Promise<StagedImport> {
  const asked = new Set<Fields>()
  const staged = await stage((fields) => {
    asked.add(fields)
    return { kind: 'new' }
  })
  const match = await payees([...asked])
  for (const row of staged.rows) {
    if (!asked.has(row.fields)) continue
    const payee = payeeOfRow(match(row.fields))
    if (payee.warning) row.warnings.push(payee.warning)
    row.recipient = payee.recipient
  }
  return staged
}
