import type { ReviewBook } from './review-book.ts'
import { payeeOfRow } from './row-payee.ts'
import { warnSentRecently } from './row-repeats.ts'
import type { StagedImport } from './stage-import.ts'

type Fields = Readonly<Record<string, string>>

/** What a book answers once the rows are checked. */
export type AskedLater = Pick<ReviewBook, 'match' | 'recent'>

/**
 * A review whose book reads what the checked rows ask of it once they are checked (the team's reads only
 * the payees a file names and the accounts it pays, and of the last 30 days' payouts only those of the
 * accounts and amounts it pays: a team's month may be a million payouts, a file ten rows). `stage` reviews
 * the file with a book that notes each row's questions and answers "new" and "not paid recently"; `read`
 * answers them; each row asked then gets the warnings the review gives, where it gives them (a payee's
 * last).
 */
export async function stageThenAsk(
  stage: (later: AskedLater) => StagedImport | Promise<StagedImport>,
  read: {
    payees: (asked: readonly Fields[]) => Promise<ReviewBook['match']>
    /** The newest payout that may pay, by accountAmountKey, of these keys (and maybe others). */
    repeats: (keys: readonly string[]) => Promise<ReadonlyMap<string, number>>
  },
): Promise<StagedImport> {
  const asked = new Set<Fields>()
  const repeatOf = new Map<number, string>()
  const staged = await stage({
    match: (fields) => {
      asked.add(fields)
      return { kind: 'new' }
    },
    recent: {
      get: (key, line) => {
        repeatOf.set(line, key)
        return undefined
      },
    },
  })
  const [match, recent] = await Promise.all([
    read.payees([...asked]),
    read.repeats([...new Set(repeatOf.values())]),
  ])
  for (const row of staged.rows) {
    const key = repeatOf.get(row.line)
    const at = key === undefined ? undefined : recent.get(key)
    if (at !== undefined) warnSentRecently(row, at)
    if (!asked.has(row.fields)) continue
    const payee = payeeOfRow(match(row.fields))
    if (payee.warning) row.warnings.push(payee.warning)
    row.recipient = payee.recipient
  }
  return staged
}
