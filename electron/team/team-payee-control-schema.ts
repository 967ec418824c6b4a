import { BLANK_RANGES, CONTROL_RANGES, INVISIBLE_RANGES } from '../../shared/domain/payee-account.ts'
import { keyNoNameWith, sqlClassOf } from './team-payee-invisible-schema.ts'
import { writePayoutsSql } from './team-write-schema.ts'

/**
 * The payee keys a desk of this version computes, as the book says it keeps them (team_meta's
 * `payee_keys`): a desk checks payees only at a book that keeps the keys it computes. A later change to
 * the keys sets a higher number, and a desk of this version then refuses too, rather than look payees up
 * by keys the book no longer has.
 */
export const PAYEE_KEYS_VERSION = 14

/** What no name the book keys may hold: the characters that show as nothing, the blanks, the controls. */
const UNSEEN = sqlClassOf([...INVISIBLE_RANGES, ...BLANK_RANGES, ...CONTROL_RANGES])
/** The control characters within ASCII, which a book of any encoding tells. */
const ASCII_CONTROLS = '[\\x01-\\x08\\x0e-\\x1f\\x7f]'

/**
 * Team migration 14: a name with a control character is read whole by every check, as one with a
 * character that shows as nothing is since migration 13 (review 64).
 *
 * nameKey now leaves control characters out too: fields refuse them at every door, but a name saved
 * before (New payout, `team pay`) or written with `psql` could hold one, and "Dewi\u0007Lestari" kept a
 * key of its own, apart from Dewi Lestari's. As for migration 13, desks of the version before key such
 * names with them, so the book keys none:
 * - `payee_name_fold` gives nothing for a name with one;
 * - write_payouts keys by itself as ASCII only printable ASCII and the spaces, so an ASCII name with a
 *   control character goes to the fold, and is written without keys, whoever sends it;
 * - the keys written before with one are taken off (a book that is not UTF-8 holds no key beyond ASCII
 *   since migration 13: its ASCII controls are looked for);
 * - `payee_keys` becomes 14: a desk of the version before then refuses to check payees (update the desk),
 *   rather than look them up by keys the book no longer keeps.
 */
export const teamPayeeControlSql = (): string => `${keyNoNameWith({
  unseen: UNSEEN,
  keyed: sqlClassOf(CONTROL_RANGES),
  keyedElsewhere: ASCII_CONTROLS,
})}
${writePayoutsSql('CREATE OR REPLACE', true, true, '[^\\x09-\\x0d\\x20-\\x7e]')}
UPDATE payout_desk.team_meta SET value = '${PAYEE_KEYS_VERSION}' WHERE key = 'payee_keys';
`
