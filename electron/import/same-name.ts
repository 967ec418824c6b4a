import { accountKeyIn, nameKey } from '../../shared/domain/payee-account.ts'
import type { ImportIssue } from '../../shared/ipc/import-contract.ts'
import { firstOf, type PayoutShape } from '../../shared/providers/payout-shape.ts'
import { issue } from './cell-checks.ts'

/**
 * One name paid at two accounts within one file: one person's account changed inside the file, or two
 * people of one name; only a person can say which, so the later row warns (as a second file would ask).
 * Returns the check of one row, given in file order; `nameFields` are the shape's text name fields.
 */
export function sameNameElsewhere(shape: PayoutShape, nameFields: readonly string[]) {
  // Plain values per name (a line, the row's own fields): a 100,000-row file makes no object per name.
  const firstLineOf = new Map<string, number>()
  const firstFieldsOf = new Map<string, Readonly<Record<string, string>>>()
  return (line: number, values: Readonly<Record<string, string>>): ImportIssue | null => {
    const named = firstOf(values, nameFields)
    if (!named) return null
    const name = nameKey(named)
    const first = firstLineOf.get(name)
    if (first === undefined) {
      firstLineOf.set(name, line)
      firstFieldsOf.set(name, values)
      return null
    }
    if (accountKeyIn(shape, firstFieldsOf.get(name) ?? {}) === accountKeyIn(shape, values)) return null
    return issue('same_name_other_account', null, `${named} is paid at another account on line ${first}`, {
      line: first,
      name: named,
    })
  }
}
