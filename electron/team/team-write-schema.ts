import { payoutWrittenSql } from './team-batch-schema.ts'

/**
 * Team migration 9: a file's payouts written in one set, not one trigger call per row. payout_written
 * (migration 4) judges each row it is given on its own: the profile's lock, the batch's owner, the day's
 * total. For a 100,000-row file that is 100,000 calls doing the same checks; write_payouts makes them
 * once and judges the rows together, by the same rules, and the row trigger stands aside only for the
 * function's own rows (current_user is the function's owner there, never a person's login).
 */
export const teamWriteSql = (owner: string, bookkeeper: string): string => `
${writePayoutsSql('CREATE', false)}
REVOKE ALL ON FUNCTION payout_desk.write_payouts(uuid, uuid, text, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION payout_desk.write_payouts(uuid, uuid, text, jsonb) TO ${owner}, ${bookkeeper};

-- The same rule for a reference, read in a fraction of the time: a bounded repeat ({1,64}) makes
-- PostgreSQL's regular expression engine walk a large automaton for every row written.
ALTER TABLE payout_desk.payouts DROP CONSTRAINT payouts_reference_check,
  ADD CONSTRAINT payouts_reference_check CHECK (reference ~ '^[A-Za-z0-9_-]+$' AND length(reference) <= 64);

-- What is open (on its way, or in doubt), found without reading what has ended: a desk counts it at
-- every send (teamProfiles), and a team's book is mostly paid.
CREATE INDEX payouts_open ON payout_desk.payouts (profile_id)
  WHERE status IN ('submitting', 'processing', 'unknown', 'needs_review');
-- Likewise what waits for a person (Needs your decision, in the order it lists them), and what of a batch
-- did not pay (a batch's Retry): few rows of a book, each read whenever the window shows them.
CREATE INDEX payouts_attention ON payout_desk.payouts (attention_at, id) WHERE attention IS NOT NULL;
CREATE INDEX payouts_not_paid ON payout_desk.payouts (batch_id)
  WHERE status IN ('failed', 'rejected', 'cancelled') AND batch_id IS NOT NULL;

-- A day's total is a numeric, never a bigint: payouts of 2^63 - 1 wait for approval but count in the
-- day, and a bigint total would then refuse every later write of the profile until midnight.
ALTER TABLE payout_desk.day_totals ALTER COLUMN total TYPE numeric;
-- Migration 4's payout_written, its day's total a numeric.
${payoutWrittenSql('numeric')}

-- The row trigger judges every row a person's login writes; the function's rows (written as its owner)
-- are judged above. That login is kept as setup_login: no person may be given its name (addPerson),
-- even once it is dropped. A retry's own check runs only for a payout paid again.
DROP TRIGGER payout_written ON payout_desk.payouts;
DO $do$ BEGIN
  INSERT INTO payout_desk.team_meta (key, value) VALUES ('setup_login', current_user)
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value;
  EXECUTE format('CREATE TRIGGER payout_written BEFORE INSERT ON payout_desk.payouts FOR EACH ROW '
    'WHEN (current_user <> %L) EXECUTE FUNCTION payout_desk.payout_written()', current_user);
END $do$;
DROP TRIGGER payout_written_retry ON payout_desk.payouts;
CREATE TRIGGER payout_written_retry BEFORE INSERT ON payout_desk.payouts
  FOR EACH ROW WHEN (NEW.retry_of IS NOT NULL) EXECUTE FUNCTION payout_desk.payout_retry();
`

/**
 * write_payouts as team migration 9 made it, and as migration 10 makes it again with each payout's payee
 * keys, computed by the book itself (PAYEE_KEYS below) as payeeKeysOf computes them on the desks.
 */
export const writePayoutsSql = (
  how: 'CREATE' | 'CREATE OR REPLACE',
  keys: boolean,
  /** Team migration 11: a name beyond ASCII keeps the desk's key only when the book folds it the same. */
  namesChecked = false,
  /**
   * What the book keys itself as ASCII, as a regular expression of what such a name never holds: from team
   * migration 14 printable ASCII and the spaces only, so a name with a control character goes to the fold,
   * which keys none (team-payee-control-schema.ts).
   */
  notAscii = '[^\\x01-\\x7f]',
): string => `${how} FUNCTION payout_desk.write_payouts(profile uuid, batch uuid, money text, written jsonb)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
DECLARE
  p profiles%ROWTYPE;
  first_at timestamptz;
  first_day record;
  before_first numeric := 0;
  before_next numeric := 0;
  frozen_account jsonb;${keys ? '\n  rule payee_rules%ROWTYPE;' : ''}
BEGIN
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'payouts are written in READ COMMITTED transactions' USING ERRCODE = 'PD002';
  END IF;
  SELECT * INTO p FROM profiles WHERE id = profile FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no profile %', profile USING ERRCODE = 'foreign_key_violation';
  END IF;
  IF money <> p.currency THEN
    RAISE EXCEPTION 'payout currency % is not the profile''s %', money, p.currency
      USING ERRCODE = 'check_violation';
  END IF;
  IF batch IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM batches b WHERE b.id = batch AND b.profile_id = profile AND b.created_by = session_user) THEN
    RAISE EXCEPTION 'a payout joins only a batch of its profile that its own login wrote'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
${
  keys
    ? `  -- The payee's fields of the profile's gateway (migration 10): the keys are the book's own work.
  SELECT * INTO rule FROM payee_rules WHERE provider = p.provider AND area = p.area;
`
    : ''
}  -- Migration 4's account, frozen on each row: built once, not once a row.
  frozen_account := jsonb_build_object('provider', p.provider, 'area', p.area, 'environment', p.environment,
    'baseUrl', p.base_url, 'merchantId', p.merchant_id);
  -- The moment of writing, one microsecond apart in the file's order (rows judged together are written
  -- faster than the clock moves), and the day each falls in: this one, or after midnight the next (a
  -- row counted into a later day still is counted in full, so a third day only makes more wait).
  first_at := clock_timestamp();
  SELECT * INTO first_day FROM day_around(first_at, p.time_zone);
  IF p.per_day_minor IS NOT NULL THEN
    -- Read after the lock above, as payout_written reads them, with this transaction's own rows.
    SELECT COALESCE(SUM(amount_minor), 0) INTO before_first FROM payouts
      WHERE profile_id = profile AND created_at >= first_day.day_start
        AND status NOT IN ('failed', 'rejected', 'cancelled');
    SELECT COALESCE(SUM(amount_minor), 0) INTO before_next FROM payouts
      WHERE profile_id = profile AND created_at >= first_day.day_end
        AND status NOT IN ('failed', 'rejected', 'cancelled');
    -- What payout_written carried in day_totals within this transaction is stale after this set: without
    -- it, the next row it judges reads the total afresh.
    DELETE FROM day_totals t WHERE t.xact = pg_current_xact_id() AND t.profile_id = profile;
  END IF;
  INSERT INTO payouts (id, profile_id, reference, amount_minor, currency, fields, batch_id, accepted,
                       account, prepared_by, created_at, status${keys ? ', payee_name_key, payee_account_key' : ''})
  SELECT r.id, profile, r.reference, r.amount_minor, money, r.fields, batch, r.accepted,
         frozen_account, session_user, r.at,
         CASE
           WHEN (p.per_payout_minor IS NOT NULL AND r.amount_minor > p.per_payout_minor)
             OR (p.per_day_minor IS NOT NULL
                 AND (CASE WHEN r.at < first_day.day_end THEN before_first ELSE before_next END)
                     + SUM(r.amount_minor) OVER (PARTITION BY r.at < first_day.day_end ORDER BY r.n)
                     > p.per_day_minor)
           THEN 'awaiting_approval' ELSE 'queued' END${keys ? ', k.name_key, k.account_key' : ''}
    FROM (SELECT u.*, first_at + u.n * interval '1 microsecond' AS at
            FROM ROWS FROM (jsonb_to_recordset(written)
                   AS (id uuid, reference text, amount_minor bigint, fields jsonb, accepted jsonb${keys ? ', name_key text' : ''}))
              WITH ORDINALITY AS u(id, reference, amount_minor, fields, accepted${keys ? ', name_key' : ''}, n)) r${keys ? payeeKeys(namesChecked, notAscii) : ''}
   ORDER BY r.n;
END $fn$;`

/**
 * A written row's payee keys (team migration 10), as payeeKeysOf (shared/domain/payee-account.ts)
 * computes them from the same fields: the account's from its fields, by the book, always; the name's by
 * the book when the name is plain ASCII (told by its characters, in whatever encoding the database has),
 * else the desk's (Unicode's folding is JavaScript's); from team migration 11 the desk's only when
 * payee_name_fold gives the same (team-payee-name-schema.ts). With
 * neither a payout is written without keys, to be read whole. `rule` is the profile's payee_rules row
 * (at most two name fields and three account fields, sorted, as payeeRulesSql checks).
 */
const payeeKeys = (namesChecked: boolean, notAscii: string) => `
    CROSS JOIN LATERAL (SELECT ${payeeNameTextSql('r.fields')} AS text) n
    CROSS JOIN LATERAL (SELECT
      CASE WHEN rule.provider IS NULL THEN NULL
           WHEN n.text !~ '${notAscii}'
             THEN ${ASCII_NAME_KEY}
           ${namesChecked ? 'WHEN r.name_key = payee_name_fold(n.text) THEN r.name_key\n           ELSE NULL' : 'ELSE r.name_key'} END AS name_key) nk
    CROSS JOIN LATERAL (SELECT nk.name_key,
      CASE WHEN nk.name_key IS NULL THEN NULL
           ELSE concat_ws('&',
${accountKeyPartsSql('r.fields', 13)}) END
        AS account_key) k`

/**
 * A row's payee name as the keys read it, from the JSON `fields` and the profile's payee_rules row `rule`:
 * its first name field given, else its account number. Shared by write_payouts and team migration 15.
 */
export const payeeNameTextSql = (fields: string): string =>
  `COALESCE(NULLIF(${fields}->>rule.name_fields[1], ''),
                                        NULLIF(${fields}->>rule.name_fields[2], ''),
                                        ${fields}->>rule.account_field, '')`

/** The key of a name `n.text` of printable ASCII: the name itself, without its blanks, in lower case. */
export const ASCII_NAME_KEY = `lower(translate(n.text, ' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13), '') COLLATE "C")`

/** The parts of an account key (the rule's account fields given, as name=value), for concat_ws('&', …). */
export const accountKeyPartsSql = (fields: string, indent: number): string =>
  [1, 2, 3]
    .map(
      (i) => `${' '.repeat(indent)}CASE WHEN COALESCE(${fields}->>rule.account_fields[${i}], '') <> ''
${' '.repeat(indent + 5)}THEN rule.account_fields[${i}] || '=' || (${fields}->>rule.account_fields[${i}]) END`,
    )
    .join(',\n')
