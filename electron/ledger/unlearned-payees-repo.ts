import { UNLEARNED_OPEN } from './migrations/0016-payee-keys.ts'
import type { Ledger } from './open-ledger.ts'
import { SAME_ACCOUNT_PROFILES } from './same-account.ts'
import { prepared } from './statements.ts'

/**
 * A payout of the profile's gateway account (any profile naming it) that the directory has not learned
 * and that may yet pay: held, queued, being sent, cut off by a crash before its exchange was recorded, in
 * doubt, marked "not sent" without the gateway's word, or refused or failed while the gateway says it has
 * it. An import still being written is nobody's yet.
 */
export interface UnlearnedPayout {
  id: string
  payee_name_key: string
  payee_account_key: string
}

/** Whom it pays as written: its fields never change once written. */
export interface PayeeFields {
  fields_json: string
  account_no: string
}

// The partial indexes' condition, on the payouts alias (SQLite uses such an index only when the query
// repeats its condition).
const OPEN = UNLEARNED_OPEN.replaceAll(/\b(recipient_id|status|attempts)\b/g, 'p.$1')
type Index = 'payouts_unlearned_by_name' | 'payouts_unlearned_by_account'

// Newest first, ties by id (time-ordered), so every way of reading them names the same payee first.
// Named indexes: on a ledger without statistics the planner prefers the status index, reading history.
const unlearned = (where: string, tail = '', columns = '', index: Index = 'payouts_unlearned_by_name') =>
  `/* payees.unlearned */
   SELECT p.id, p.payee_name_key, p.payee_account_key${columns}
     FROM payouts p INDEXED BY ${index} LEFT JOIN batches b ON b.id = p.batch_id
    WHERE p.profile_id IN (${SAME_ACCOUNT_PROFILES}) AND ${OPEN}
      AND (b.state IS NULL OR b.state <> 'importing') ${where}
    ${tail === COUNTED ? '' : 'ORDER BY p.created_at DESC, p.id DESC'} ${tail}`
// Counting needs no order: sorting 100,000 rows to count 501 of them would cost what the index saves.
const COUNTED = 'LIMIT ?'
const WITH_FIELDS = ', p.fields_json, p.account_no'
// Only payouts written before the mark: a caller that writes while it looks up never sees its own.
const BEFORE = 'AND p.rowid <= ?'

/** The newest payout's row number: a mark for the lookups below. */
export const lastPayoutRow = (db: Ledger): number =>
  (
    prepared<[], { n: number | null }>(db, 'SELECT max(rowid) AS n FROM payouts').get() as {
      n: number | null
    }
  ).n ?? 0

/** Whom a payout pays as written (its fields never change once written). */
export const payeeFieldsOf = (db: Ledger, id: string): PayeeFields | undefined =>
  prepared<[string], PayeeFields>(db, 'SELECT fields_json, account_no FROM payouts WHERE id = ?').get(id)

/** How many there are, counting no further than `upTo`. */
export const countUnlearned = (db: Ledger, profileId: string, upTo: number): number =>
  (prepared<[string, number], { n: number }>(db, COUNT).get(profileId, upTo) as { n: number }).n

// Built once each: the statement cache keys by text, and a New payout asks up to three of them.
const ALL = unlearned('')
const COUNT = `SELECT count(*) AS n FROM (${unlearned('', COUNTED)})`
const NAMED = unlearned(`${BEFORE} AND p.payee_name_key = ?`, 'LIMIT 1', WITH_FIELDS)
const AT = unlearned(
  `${BEFORE} AND p.payee_account_key = ?`,
  'LIMIT 1',
  WITH_FIELDS,
  'payouts_unlearned_by_account',
)
const AT_NAMED = unlearned(
  `${BEFORE} AND p.payee_name_key = ? AND p.payee_account_key = ?`,
  'LIMIT 1',
  WITH_FIELDS,
)

/** All of them, newest first. */
export const allUnlearned = (db: Ledger, profileId: string): UnlearnedPayout[] =>
  prepared<[string], UnlearnedPayout>(db, ALL).all(profileId)

/** The newest written up to the mark paying somebody by this name, at any account (by index). */
export const newestUnlearnedNamed = (db: Ledger, profileId: string, mark: number, nameKey: string) =>
  prepared<[string, number, string], UnlearnedPayout & PayeeFields>(db, NAMED).get(profileId, mark, nameKey)

/** The newest written up to the mark paying this account, by this name when one is given (by index). */
export const newestUnlearnedAt = (
  db: Ledger,
  profileId: string,
  mark: number,
  accountKey: string,
  nameKey?: string,
) =>
  nameKey === undefined
    ? prepared<[string, number, string], UnlearnedPayout & PayeeFields>(db, AT).get(
        profileId,
        mark,
        accountKey,
      )
    : prepared<[string, number, string, string], UnlearnedPayout & PayeeFields>(db, AT_NAMED).get(
        profileId,
        mark,
        nameKey,
        accountKey,
      )

/**
 * Changes whenever what the payee rule reads may have changed for a reader across transactions: the
 * directory (any change, counted by migration 16's triggers), or an import of the account published,
 * whose payouts then join the unsent ones.
 */
export const payeeSourcesVersion = (db: Ledger, profileId: string): string =>
  JSON.stringify(
    prepared<[string], { directory: number; published: number }>(
      db,
      `SELECT (SELECT n FROM directory_changes) AS directory,
              (SELECT count(*) FROM batches WHERE profile_id IN (${SAME_ACCOUNT_PROFILES})
                 AND state IS NOT 'importing') AS published`,
    ).get(profileId),
  )
