import { payeeKeysOf } from '../../shared/domain/payee-account.ts'
import type { TeamApprovalNote } from '../../shared/ipc/team-contract.ts'
import { payeeNameOf } from '../../shared/domain/payee-account.ts'
import { payeeOf } from '../../shared/providers/payout-shape.ts'
import { ACCOUNT_WARNINGS } from '../import/commit-import.ts'
import type { WaitingRead } from '../team/team-approvals.ts'
import { teamPayeeRows, type TeamPayeeRow, type TeamProfileRules } from '../team/team-review-reads.ts'

type Db = Parameters<typeof teamPayeeRows>[0]

/**
 * What the book knows of each waiting payout's payee, for the owner who approves it (review 74). Only
 * what an owner saw makes an account a payee's: a payout an owner approved, or one an owner prepared
 * (other than this payout's preparer). A bookkeeper's payouts nobody approved (under the limit, or of the
 * same file) do not: a cheap payout to his own account in Dewi's name the day before would otherwise make
 * it "hers" (review 74 F1, F2), for his own payout or for one an owner or his colleague writes to it
 * after (review 75 R6). Nor does a ledger moved in by the administrator (review 75 R5). Every payout in each name and at each account is read, not the newest of each payee's
 * fields (a row copying her old fields could otherwise hide the history before it).
 */
export async function payeeNotes(
  db: Db,
  rules: TeamProfileRules,
  here: readonly WaitingRead[],
  /** The owners' logins. */
  owners: ReadonlySet<string>,
): Promise<[string, TeamApprovalNote][]> {
  if (here.length === 0) return []
  const { shape } = rules
  const keysOf = (fields: Readonly<Record<string, string>>) => payeeKeysOf(shape, fields)
  const rows = await teamPayeeRows(db, rules.id, {
    names: [...new Set(here.map((w) => keysOf(w.fields).name))],
    accounts: [...new Set(here.map((w) => keysOf(w.fields).account))],
    unkeyed: true,
    byKey: true,
    every: true,
  })
  // Each row's keys computed once: the fold is the costly part of a list of 20,000.
  const rowKeys = new Map(rows.map((r) => [r.id, keysOf(r.fields)]))
  const keysOfRow = (r: TeamPayeeRow) => rowKeys.get(r.id) ?? keysOf(r.fields)
  const byName = newestFirstBy(rows, (_, r) => keysOfRow(r).name)
  const byAccount = newestFirstBy(rows, (_, r) => keysOfRow(r).account)

  return here.flatMap((w): [string, TeamApprovalNote][] => {
    const keys = keysOf(w.fields)
    const seen = (r: TeamPayeeRow) =>
      r.approvedBy !== null || (owners.has(r.preparedBy) && r.preparedBy !== w.shown.preparedBy)
    const before = (r: TeamPayeeRow) => r.id !== w.shown.id && r.at < w.at
    const named = (byName.get(keys.name) ?? []).filter(before)
    const atAccount = (byAccount.get(keys.account) ?? []).filter(before)
    const notes: TeamApprovalNote[] = []
    // The payee's account as an owner last saw it; else, when none did, any other account the payee was
    // paid at outside this file.
    const known =
      named.find(seen) ??
      named.find(
        (r) =>
          (w.shown.batchId === null || r.batch !== w.shown.batchId) && keysOfRow(r).account !== keys.account,
      )
    if (known && keysOfRow(known).account !== keys.account) {
      const { accountNo, bank } = payeeOf(rules.provider, rules.area, known.fields)
      notes.push({
        kind: 'new_account',
        was: { bank, accountNo },
        accepted: acceptedAny(w, ACCOUNT_WARNINGS),
      })
    }
    // One account paid under two names: the other name, whoever wrote it (a file's own rows count), unless
    // an owner has since seen this name at this account (a corrected spelling, review 75 R4) and the other
    // name was not one she saw too (two names of one person, or a joint account, review 76 A).
    const seenHere = named.find((r) => seen(r) && keysOfRow(r).account === keys.account)
    const seenNames = new Set(atAccount.filter(seen).map((r) => keysOfRow(r).name))
    const other = atAccount.find((r) => {
      const name = keysOfRow(r).name
      return name !== keys.name && !(seenHere && (r.at <= seenHere.at || seenNames.has(name)))
    })
    if (other) notes.push({ kind: 'other_name', name: payeeNameOf(shape, other.fields) })
    // How often its preparer alone paid them before (under the limit, nobody looked): a person paid every
    // month that way is told apart from one never paid (review 75 R2).
    if (notes.length === 0 && !named.some(seen) && !atAccount.some(seen))
      notes.push({ kind: 'new_payee', paidBefore: new Set([...named, ...atAccount].map((r) => r.id)).size })
    return notes.map((n): [string, TeamApprovalNote] => [w.shown.id, n])
  })
}

/** Whether its preparer marked any of these warnings accepted when writing it. */
export const acceptedAny = (w: WaitingRead, codes: Iterable<string>): boolean =>
  [...codes].some((c) => w.accepted.includes(c))

/**
 * Payee rows by a key of their fields (the name's, the account's), each key's newest first. Looked up by
 * key, as a file's thousands of payees would otherwise each read all the rows (20,000 waiting among
 * 100,000 paid took two minutes).
 */
export function newestFirstBy(
  rows: readonly TeamPayeeRow[],
  keyOf: (fields: Readonly<Record<string, string>>, row: TeamPayeeRow) => string,
): Map<string, TeamPayeeRow[]> {
  const by = new Map<string, TeamPayeeRow[]>()
  for (const r of rows) {
    const key = keyOf(r.fields, r)
    const list = by.get(key)
    if (list) list.push(r)
    else by.set(key, [r])
  }
  for (const list of by.values()) list.sort((a, b) => (a.at === b.at ? 0 : a.at > b.at ? -1 : 1))
  return by
}
