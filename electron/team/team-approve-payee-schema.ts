import { accountKeyPartsSql, ASCII_NAME_KEY, payeeNameTextSql } from './team-write-schema.ts'

/**
 * Team migration 15: the book itself refuses to approve a payout whose payee it has come to know at
 * another account since the payout was written (review 66 F5). The desks judged it before they asked
 * (actions/team-approve.ts), but an owner at `psql`, or at a desk of an older version, called
 * `payout_desk.approve` without the question, and so let go a payout to the account the payee had left.
 *
 * The book judges as the desks do: the newest payout in the same name written after the waiting one, that
 * may pay, written for the gateway account the waiting one was written for (team-review-reads.ts
 * writtenAtAccount: each payout at its own frozen account, whichever profile wrote it), is at another
 * account. A waiting payout
 * written by hand (`psql`, no keys) had nobody asked about its payee, so for it the newest payout in the
 * name written at any time decides (review 69 F4: written to the account the payee had left, after she
 * moved). The book reads payouts by the keys kept in payout_payees, and computes those of payouts written
 * without keys itself (payee_keys_of). The payouts of the
 * approval count; those of the waiting payout's own file do not (its person accepted one name at two
 * accounts there). A name the book keeps no key for (beyond what its fold reads, migration 13) is not
 * judged here: the desks read those whole.
 *
 * Under the accounts' locks every write takes first (team-batches.ts lockTeamAccount: the same keys, in
 * byte order, as a desk takes them before it calls this), so a payout to the new account written
 * meanwhile is seen. A desk that took them already holds them: advisory locks stack in one session.
 */
/** A character that sends a name to the fold: anything but printable ASCII and the spaces (team migration 14). */
const NOT_PRINTABLE_ASCII = '[^\\x09-\\x0d\\x20-\\x7e]'

/** Every write takes the accounts' locks first (lockTeamAccount): the same keys, in byte order. */
export const ACCOUNT_LOCKS = `
  -- Judged on what is committed once the locks are held: only a READ COMMITTED statement sees it all.
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'payouts are approved in READ COMMITTED transactions' USING ERRCODE = 'PD002';
  END IF;
  -- The accounts the profiles name now, where the desks write, and those the payouts were written for,
  -- where each is judged (review 72).
  PERFORM pg_advisory_xact_lock(hashtextextended('payout_desk account ' || a.key, 0))
    FROM (SELECT pr.provider || ' ' || pr.base_url || ' ' || pr.merchant_id AS key
            FROM payouts w JOIN profiles pr ON pr.id = w.profile_id WHERE w.id = ANY (ids)
          UNION
          SELECT COALESCE(w.account->>'provider', pr.provider) || ' ' || COALESCE(w.account->>'baseUrl', pr.base_url)
                 || ' ' || COALESCE(w.account->>'merchantId', pr.merchant_id)
            FROM payouts w JOIN profiles pr ON pr.id = w.profile_id WHERE w.id = ANY (ids)) a
   ORDER BY a.key COLLATE "C";`

/**
 * A Retry is approved only while the payout it pays again still did not pay (its original's lock held, so
 * no answer moves it meanwhile): a Retry over the limit may wait for days, and the gateway may say in the
 * meantime that the original paid after all (review 73 F4). Both would leave.
 */
const RETRY_CHECK = `
  PERFORM 1 FROM payouts
   WHERE id IN (SELECT retry_of FROM payouts WHERE id = ANY (ids) AND retry_of IS NOT NULL)
   ORDER BY id FOR UPDATE;
  SELECT w.reference INTO paid_since FROM payouts w JOIN payouts o ON o.id = w.retry_of
   WHERE w.id = ANY (ids) AND (o.status NOT IN ('failed', 'rejected', 'cancelled') OR o.attention IS NOT NULL)
   ORDER BY w.created_at, w.reference
   LIMIT 1;
  IF paid_since IS NOT NULL THEN
    RAISE EXCEPTION 'the payout % pays again may have paid since', paid_since
      USING ERRCODE = 'PD008', DETAIL = paid_since;
  END IF;`

/** The gateway account waiting payout w was written for (its frozen one; else its profile pr's). */
export const WRITTEN_FOR = `jsonb_build_object('provider', COALESCE(w.account->>'provider', pr.provider),
      'baseUrl', COALESCE(w.account->>'baseUrl', pr.base_url), 'merchantId', COALESCE(w.account->>'merchantId', pr.merchant_id))`

/**
 * The newest payout in the waiting payout's payee's name, written since, is at another account. Read once
 * for the whole approval, joined by name: the keys of the payouts written without them are computed once,
 * not once a waiting payout (review 69: 3,000 such payouts took minutes, under the accounts' locks).
 * Which profiles name an account, and which payouts may pay, are written out here rather than taken from
 * team-review-reads.ts: a migration's text must not follow later changes to the desks' reads.
 */
export const PAYEE_CHECK = `
  -- A payout written by hand whose payee's name the book cannot key (it holds a character that shows as
  -- nothing) cannot be judged here: refused, for a desk to pay again (review 72 F4).
  SELECT w.reference INTO unread FROM payouts w
   WHERE w.id = ANY (ids)
     AND ((w.payee_account_key IS NULL AND NOT w.before_payee_keys) OR w.retry_of IS NOT NULL)
     AND NOT EXISTS (SELECT 1 FROM payout_payees k WHERE k.payout_id = w.id AND k.name_key IS NOT NULL)
     AND (SELECT c.name_key FROM payee_keys_of(w.fields, w.account) c) IS NULL
   ORDER BY w.created_at, w.reference
   LIMIT 1;
  IF unread IS NOT NULL THEN
    RAISE EXCEPTION 'the payee name of % cannot be checked', unread USING ERRCODE = 'PD007', DETAIL = unread;
  END IF;
  WITH places AS MATERIALIZED (
    SELECT d.written_for,
           ARRAY(SELECT s.id FROM profiles s
                  WHERE s.provider = d.written_for->>'provider' AND s.base_url = d.written_for->>'baseUrl'
                    AND s.merchant_id = d.written_for->>'merchantId') AS at_now,
           ARRAY(SELECT s.id FROM profiles s
                  WHERE s.provider = d.written_for->>'provider' AND s.base_url = d.written_for->>'baseUrl'
                    AND s.merchant_id = d.written_for->>'merchantId'
                 UNION
                 SELECT e.profile_id FROM profile_events e
                  WHERE e.new->>'provider' = d.written_for->>'provider'
                    AND e.new->>'base_url' = d.written_for->>'baseUrl'
                    AND e.new->>'merchant_id' = d.written_for->>'merchantId') AS at_once
      FROM (SELECT DISTINCT ${WRITTEN_FOR} AS written_for
              FROM payouts w JOIN profiles pr ON pr.id = w.profile_id WHERE w.id = ANY (ids)) d),
  -- A payout's keys as kept (payout_payees), else as the book computes them.
  judged AS MATERIALIZED (
    SELECT w.id, w.reference, w.created_at, w.batch_id, wk.name_key, wk.account_key,
           pl.at_now, pl.at_once, pl.written_for,
           -- Written by hand (psql): nobody was asked about its payee when it was written. So for a Retry,
           -- which takes its original's keys whoever wrote it (review 72 F1).
           (w.payee_account_key IS NULL AND NOT w.before_payee_keys) OR w.retry_of IS NOT NULL AS by_hand
      FROM payouts w
      JOIN profiles pr ON pr.id = w.profile_id
      JOIN places pl ON pl.written_for = ${WRITTEN_FOR}
      LEFT JOIN payout_payees kept ON kept.payout_id = w.id
      CROSS JOIN LATERAL (SELECT kept.name_key, kept.account_key WHERE kept.payout_id IS NOT NULL
                          UNION ALL
                          SELECT c.name_key, c.account_key FROM payee_keys_of(w.fields, w.account) c
                           WHERE kept.payout_id IS NULL) wk
     WHERE w.id = ANY (ids) AND wk.name_key IS NOT NULL),
  looked AS MATERIALIZED (SELECT DISTINCT unnest(at_once) AS profile_id FROM judged),
  named AS MATERIALIZED (
    SELECT k.payout_id, k.name_key, k.account_key FROM payout_payees k
     WHERE k.profile_id IN (SELECT profile_id FROM looked) AND k.name_key IN (SELECT name_key FROM judged)
    UNION ALL
    SELECT u.id, uk.name_key, uk.account_key
      FROM payouts u CROSS JOIN LATERAL payee_keys_of(u.fields, u.account) uk
     WHERE u.profile_id IN (SELECT profile_id FROM looked) AND u.payee_account_key IS NULL
       AND NOT u.before_payee_keys AND uk.name_key IN (SELECT name_key FROM judged))
  SELECT newest.reference INTO moved
    FROM (SELECT DISTINCT ON (j.id) j.reference, j.created_at, j.account_key AS waits_at,
                 c.account_key AS known_at
            FROM judged j
            JOIN named c ON c.name_key = j.name_key
            JOIN payouts r ON r.id = c.payout_id
           WHERE (r.created_at > j.created_at OR j.by_hand) AND r.id <> j.id AND r.profile_id = ANY (j.at_once)
             AND (r.account @> j.written_for OR (r.account IS NULL AND r.profile_id = ANY (j.at_now)))
             AND (j.batch_id IS NULL OR r.batch_id IS DISTINCT FROM j.batch_id)
             AND (r.status NOT IN ('rejected', 'cancelled', 'failed')
                  OR (r.status = 'cancelled' AND r.last_attempt_at IS NOT NULL)
                  OR (r.status IN ('failed', 'rejected') AND r.attention = 'contradiction'))
           ORDER BY j.id, r.created_at DESC, r.id) newest
   WHERE newest.known_at <> newest.waits_at
   ORDER BY newest.created_at, newest.reference
   LIMIT 1;
  IF moved IS NOT NULL THEN
    RAISE EXCEPTION 'the payee of % is known at another account since it was written', moved
      USING ERRCODE = 'PD006', DETAIL = moved;
  END IF;`

/**
 * An owner's approval of exactly what was shown: these payouts, this total, none of them the owner's own
 * (team migration 1); from migration 15 under the accounts' locks, and none whose payee the book knows at
 * another account since (`judgePayee`). Migration 1's text is this one's without them.
 */
export const approveSql = (
  owner: string,
  verb: 'CREATE' | 'CREATE OR REPLACE',
  judgePayee: boolean,
  /** Migration 16's: the whole chain of a Retry of a Retry (team-retry-chain-schema.ts). */
  retryCheck: string = RETRY_CHECK,
): string => `${verb} FUNCTION payout_desk.approve(ids uuid[], shown_total bigint) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
DECLARE
  wanted integer := (SELECT count(DISTINCT x) FROM unnest(ids) AS x);
  waiting integer;
  total bigint;
  own integer;${judgePayee ? '\n  moved text;\n  unread text;\n  paid_since text;' : ''}
BEGIN
  IF NOT pg_has_role(session_user, '${owner}', 'MEMBER') THEN
    RAISE EXCEPTION 'only an owner approves payouts' USING ERRCODE = 'insufficient_privilege';
  END IF;${judgePayee ? ACCOUNT_LOCKS : ''}
  PERFORM 1 FROM payouts WHERE id = ANY (ids) ORDER BY id FOR UPDATE;
  SELECT count(*), COALESCE(SUM(amount_minor), 0), count(*) FILTER (WHERE prepared_by = session_user)
    INTO waiting, total, own
    FROM payouts WHERE id = ANY (ids) AND status = 'awaiting_approval';
  IF wanted = 0 OR waiting <> wanted OR total IS DISTINCT FROM shown_total THEN
    RAISE EXCEPTION 'what waits for approval changed since it was shown' USING ERRCODE = 'PD001';
  END IF;
  IF own > 0 THEN
    RAISE EXCEPTION 'nobody approves a payout they prepared' USING ERRCODE = 'insufficient_privilege';
  END IF;${judgePayee ? retryCheck + PAYEE_CHECK : ''}
  UPDATE payouts SET status = 'queued', approved_by = session_user, approved_at = now()
    WHERE id = ANY (ids);
  INSERT INTO payout_events (payout_id, kind, person)
    SELECT DISTINCT x, 'approved', session_user FROM unnest(ids) AS x;
  RETURN wanted;
END $fn$;`

export const teamApprovePayeeSql = (owner: string): string => `
-- A payout's payee keys as the book computes them from its fields and the area it was written for
-- (write_payouts' rule, team-write-schema.ts): a name of printable ASCII by itself, any other by the
-- book's fold, which gives nothing for a name it cannot key (such a payout is judged by the desks only).
CREATE FUNCTION payout_desk.payee_keys_of(fields jsonb, account jsonb, OUT name_key text, OUT account_key text)
LANGUAGE sql STABLE SET search_path = payout_desk, pg_temp AS $fn$
  SELECT nk.name_key,
         CASE WHEN nk.name_key IS NOT NULL THEN concat_ws('&',
${accountKeyPartsSql('fields', 11)}) END
    FROM payee_rules rule
    CROSS JOIN LATERAL (SELECT ${payeeNameTextSql('fields')} AS text) n
    CROSS JOIN LATERAL (SELECT CASE
      WHEN n.text !~ '${NOT_PRINTABLE_ASCII}' THEN ${ASCII_NAME_KEY}
      ELSE payee_name_fold(n.text) END AS name_key) nk
   WHERE rule.provider = account->>'provider' AND rule.area = account->>'area'
$fn$;
REVOKE ALL ON FUNCTION payout_desk.payee_keys_of(jsonb, jsonb) FROM PUBLIC;

${approveSql(owner, 'CREATE OR REPLACE', true)}
`
