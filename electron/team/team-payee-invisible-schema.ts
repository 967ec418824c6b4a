import { BLANK_RANGES, INVISIBLE_RANGES } from '../../shared/domain/payee-account.ts'
import { FOLD_NAME } from './team-payee-name-schema.ts'

const escape = (code: number) =>
  code <= 0xffff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\U${code.toString(16).padStart(8, '0')}`
/** Code point ranges as a class of PostgreSQL's regular expressions (UTF-8 only). */
export const sqlClassOf = (ranges: readonly (readonly [number, number])[]): string =>
  `[${ranges.map(([from, to]) => (from === to ? escape(from) : `${escape(from)}-${escape(to)}`)).join('')}]`
/** The characters that show as nothing (and the blanks). */
const INVISIBLE = sqlClassOf([...INVISIBLE_RANGES, ...BLANK_RANGES])

/** Takes the keys off the payouts whose name key matches `pattern`: every check reads them whole. */
const keysOffWhere = (pattern: string) => `
    UPDATE payout_desk.payouts SET payee_name_key = NULL, payee_account_key = NULL, before_payee_keys = false
     WHERE id IN (SELECT payout_id FROM payout_desk.payout_payees WHERE name_key ~ '${pattern}');
    DELETE FROM payout_desk.payout_payees WHERE name_key ~ '${pattern}';`

/**
 * The book keys no name holding a character of `unseen`: payee_name_fold gives nothing for one (where the
 * book folds at all), and the keys written before that match `keyed` are taken off; a book that is not
 * UTF-8 takes off those matching `keyedElsewhere` (a class it can tell).
 */
export const keyNoNameWith = (q: { unseen: string; keyed: string; keyedElsewhere: string }): string => `
DO $do$ BEGIN
  IF current_setting('server_encoding') = 'UTF8' THEN
    IF EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu') THEN
      EXECUTE $f$CREATE OR REPLACE FUNCTION payout_desk.payee_name_fold(name text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN CASE WHEN name ~ '${q.unseen}' THEN NULL
                    ELSE ${FOLD_NAME} END$f$;
    END IF;${keysOffWhere(q.keyed)}
  ELSE${keysOffWhere(q.keyedElsewhere)}
  END IF;
END $do$;`

/**
 * Team migration 13: a name with characters that show as nothing is read whole by every check.
 *
 * nameKey (shared/domain/payee-account.ts) now leaves those characters out: "Dewi\u200bLestari" looked
 * like Dewi Lestari to the person and like somebody new to the payee rule, so a payout to another account
 * in her name went without the question; so did "Jose\u034f\u0301", drawn "José" (review 63). Desks of
 * the version before still key such names with them, and look payees up by those keys, at the same book
 * until each is updated. So the book keys no such name at all, for either (review 63, F4):
 * - `payee_name_fold` gives nothing for a name with one, so write_payouts writes its payout without keys,
 *   whoever sends it;
 * - the keys written before with one are taken off (a book that is not UTF-8 cannot tell them: its keys
 *   beyond ASCII are taken off);
 * - every desk then reads those payouts whole and judges them by its own nameKey: a desk of the version
 *   before as it always did, one of this version without the characters.
 * Any other name keys as before. `payee_keys` in team_meta says which keys the book keeps (13 here; the
 * number a desk expects is PAYEE_KEYS_VERSION, team-payee-control-schema.ts).
 */
export const teamPayeeInvisibleSql =
  (): string => `${keyNoNameWith({ unseen: INVISIBLE, keyed: INVISIBLE, keyedElsewhere: '[^\\x01-\\x7f]' })}
INSERT INTO payout_desk.team_meta (key, value) VALUES ('payee_keys', '13');
`
