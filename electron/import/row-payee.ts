import { accountWords } from '../../shared/domain/payee-account.ts'
import type { ImportIssue } from '../../shared/ipc/import-contract.ts'
import type { RecipientMatch } from '../../shared/ipc/recipients-contract.ts'
import { issue } from './cell-checks.ts'
import type { StagedRow } from './stage-import.ts'

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
