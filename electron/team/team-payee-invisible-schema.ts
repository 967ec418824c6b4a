import { INVISIBLE_RANGES } from '../../shared/domain/payee-account.ts'
import { SPACES } from './team-payee-name-schema.ts'

const escape = (code: number) =>
  code <= 0xffff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\U${code.toString(16).padStart(8, '0')}`
/** The characters that show as nothing, as a class of PostgreSQL's regular expressions (UTF-8 only). */
const INVISIBLE = `[${INVISIBLE_RANGES.map(([from, to]) => (from === to ? escape(from) : `${escape(from)}-${escape(to)}`)).join('')}]`

/**
 * Team migration 13: a name's key leaves out the characters that show as nothing (nameKey,
 * shared/domain/payee-account.ts). "Dewi\u200bLestari" looked like Dewi Lestari to the person and like
 * somebody new to the payee rule, so a payout to another account in her name went without the question.
 *
 * - `payee_name_fold` drops them as nameKey does (NFKC, no spaces, none of them, ICU's root lower case),
 *   so write_payouts keeps a desk's key of such a name.
 * - Keys written before lose them, in payout_payees and on the payouts: dropping them from a key is what
 *   the key of the name is now (they go last, and nothing before depends on them).
 * - A book that is not UTF-8 cannot tell them: its keys beyond ASCII (written before team migration 11,
 *   which stopped keying such names there) are taken off, and those payouts are read whole by every check,
 *   as a payout written by hand is.
 *
 * A desk of the version before keeps keys with them: the book then writes its payouts without keys (its
 * key differs from the fold), and they are read whole.
 */
export const teamPayeeInvisibleSql = (): string => `
DO $do$ BEGIN
  IF current_setting('server_encoding') = 'UTF8' THEN
    IF EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu') THEN
      EXECUTE $f$CREATE OR REPLACE FUNCTION payout_desk.payee_name_fold(name text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN lower(regexp_replace(translate(normalize(name, NFKC), ${SPACES}, ''), '${INVISIBLE}', '', 'g')
                     COLLATE "und-x-icu")$f$;
    END IF;
    UPDATE payout_desk.payout_payees SET name_key = regexp_replace(name_key, '${INVISIBLE}', '', 'g')
     WHERE name_key ~ '${INVISIBLE}';
    UPDATE payout_desk.payouts SET payee_name_key = regexp_replace(payee_name_key, '${INVISIBLE}', '', 'g')
     WHERE payee_name_key ~ '${INVISIBLE}';
  ELSE
    UPDATE payout_desk.payouts SET payee_name_key = NULL, payee_account_key = NULL, before_payee_keys = false
     WHERE id IN (SELECT payout_id FROM payout_desk.payout_payees WHERE name_key ~ '[^\\x01-\\x7f]');
    DELETE FROM payout_desk.payout_payees WHERE name_key ~ '[^\\x01-\\x7f]';
  END IF;
END $do$;
`
