import { writePayoutsSql } from './team-write-schema.ts'

/**
 * Spaces a name loses in its key, as JavaScript's `\s` matches them (payeeKeysOf): ASCII's, then Unicode's
 * space separators, the line and paragraph separators, and the zero-width no-break space. NFKC turns most
 * of the separators into an ASCII space first; all are listed, so the fold does not lean on that.
 */
const SPACES = [
  9, 10, 11, 12, 13, 32, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008,
  0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff,
]
  .map((code) => `chr(${code})`)
  .join(' || ')

/** payee_name_fold's body where the book can fold: nameKey's steps over `name`, in SQL. */
export const FOLD_NAME = `lower(translate(normalize(name, NFKC), ${SPACES}, '') COLLATE "und-x-icu")`

/**
 * Team migration 11: the book checks the key of a name beyond ASCII (review 59, G2). Until now
 * write_payouts kept the key a desk sent for such a name, so a person with `psql` could write a payout
 * under a key of their choosing and hide it from the checks that read payees by key.
 *
 * `payee_name_fold` folds a name as payeeKeysOf does (NFKC, no spaces, Unicode's lower case by ICU's root
 * locale, which is JavaScript's `toLowerCase`), and write_payouts keeps a desk's key only when it equals
 * the book's fold. Any other row is written without keys and read whole by every check, as a payout
 * written by hand is: a key that differs never hides a payee. Where the book cannot fold (a database that
 * is not UTF-8, or a PostgreSQL without ICU), the fold is NULL, and every name beyond ASCII is read whole.
 * A Unicode version that differs between the book and a desk makes the two disagree on a new character
 * at worst, and that payout is read whole too.
 *
 * Payouts written before keep their keys: the migration does not judge them again.
 */
export const teamPayeeNameSql = (): string => `
DO $do$ BEGIN
  IF current_setting('server_encoding') = 'UTF8'
     AND EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu') THEN
    EXECUTE $f$CREATE FUNCTION payout_desk.payee_name_fold(name text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN ${FOLD_NAME}$f$;
  ELSE
    EXECUTE $f$CREATE FUNCTION payout_desk.payee_name_fold(name text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN NULL$f$;
  END IF;
END $do$;
REVOKE ALL ON FUNCTION payout_desk.payee_name_fold(text) FROM PUBLIC;
${writePayoutsSql('CREATE OR REPLACE', true, true)}
`
