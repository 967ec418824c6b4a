import { ACCOUNT_LOCKS, PAYEE_CHECK, WRITTEN_FOR } from './team-approve-payee-schema.ts'
import { RETRY_CHAIN_CHECK } from './team-retry-chain-schema.ts'

/**
 * Team migration 18: the book knows, and records, what the owner was shown of each payout she approves
 * (review 77 F2, F3). The desks showed an owner the notes of team-approval-notes.ts, but the book refused
 * only a payout whose payee it came to know at another account *since* it was written: an owner at `psql`
 * (or at a desk of an older version) approved a payout to an account no owner had seen the payee at, with
 * no question; a bookkeeper's own `write_payouts` call was judged as a desk's write; and two payouts
 * written by hand to his account vouched for each other.
 *
 * `approval_concerns(ids)` is the book's own floor of those notes, judged as the desks judge "what an
 * owner saw" (a payout an owner approved, or one an owner other than its preparer wrote, owners by their
 * granted membership), at the account each payout was written for, among the payouts that may pay, and
 * those an owner approved that failed (she saw them all the same: review 82 F3), **whenever written**:
 * what an owner has seen by the time she approves, not by the order of the writes (review 82 F0: a
 * payout to his account written before the payee's real one was approved read as a new payee after):
 * - new_account: the newest payout in the payee's name that an owner saw is at another account;
 * - other_name: an owner saw this account paid under another name, and never this name at it;
 * - two_accounts: another payout in the name waits at another account (review 82 F0b: one new payee at
 *   two accounts in one file, both approved together);
 * - new_payee: an owner saw no payout in this name nor to this account;
 * - decided_not_paid: a Retry whose chain holds a payout a person settled as not paid (keep-ledger against
 *   the gateway's "paid", or not-sent): its `seen_fields` say which, by whom (review 83 N9: paid twice).
 * An owner's own payout that failed counts as seen too (review 83 N13).
 * `approve(ids, total, acknowledged)` approves only when every concern of its payouts is among
 * `acknowledged` ('<id> <kind>', as the desks pass back what they showed): one that came since the owner
 * looked refuses it (PD017), and the approved event records what she acknowledged. The two-argument
 * `approve` acknowledges nothing, so it approves only payouts without concerns.
 *
 * A name the book cannot key (a character that shows as nothing, migration 13) has no concerns here: the
 * desks read those whole, and a payout written by hand with one is refused (PD007).
 */
const MAY_PAY = `(r.status NOT IN ('rejected', 'cancelled', 'failed')
           OR (r.status = 'cancelled' AND r.last_attempt_at IS NOT NULL)
           OR (r.status IN ('failed', 'rejected') AND r.attention = 'contradiction'))`

const AT_ACCOUNT = `s.provider = d.written_for->>'provider' AND s.base_url = d.written_for->>'baseUrl'
                    AND s.merchant_id = d.written_for->>'merchantId'`

const concernsSql = (owner: string) => `
CREATE FUNCTION payout_desk.approval_concerns(ids uuid[])
RETURNS TABLE (payout_id uuid, kind text, seen_fields jsonb, paid_before integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
  -- The waiting payouts named, each looked up by its key: compared with the list, each of 20,000 payouts
  -- was looked for in all 20,000 names (1.8 s).
  WITH waiting AS MATERIALIZED (
    SELECT w.* FROM payouts w WHERE w.id IN (SELECT DISTINCT unnest(ids)) AND w.status = 'awaiting_approval'),
  owners AS MATERIALIZED (
    SELECT r.rolname::text AS name FROM pg_auth_members m
      JOIN pg_roles r ON r.oid = m.member JOIN pg_roles g ON g.oid = m.roleid WHERE g.rolname = '${owner}'),
  places AS MATERIALIZED (
    SELECT d.written_for,
           ARRAY(SELECT s.id FROM profiles s WHERE ${AT_ACCOUNT}) AS at_now,
           ARRAY(SELECT s.id FROM profiles s WHERE ${AT_ACCOUNT}
                 UNION
                 SELECT e.profile_id FROM profile_events e
                  WHERE e.new->>'provider' = d.written_for->>'provider'
                    AND e.new->>'base_url' = d.written_for->>'baseUrl'
                    AND e.new->>'merchant_id' = d.written_for->>'merchantId') AS at_once
      FROM (SELECT DISTINCT ${WRITTEN_FOR} AS written_for
              FROM waiting w JOIN profiles pr ON pr.id = w.profile_id) d),
  judged AS MATERIALIZED (
    SELECT w.id, w.created_at, w.prepared_by, wk.name_key, wk.account_key, pl.at_now, pl.at_once, pl.written_for
      FROM waiting w
      JOIN profiles pr ON pr.id = w.profile_id
      JOIN places pl ON pl.written_for = ${WRITTEN_FOR}
      LEFT JOIN payout_payees kept ON kept.payout_id = w.id
      CROSS JOIN LATERAL (SELECT kept.name_key, kept.account_key WHERE kept.payout_id IS NOT NULL
                          UNION ALL
                          SELECT c.name_key, c.account_key FROM payee_keys_of(w.fields, w.account) c
                           WHERE kept.payout_id IS NULL) wk
     WHERE wk.name_key IS NOT NULL),
  looked AS MATERIALIZED (SELECT DISTINCT unnest(at_once) AS profile_id FROM judged),
  -- The payouts written by hand at those profiles, by the keys the book computes.
  by_hand AS MATERIALIZED (
    SELECT u.id AS payout_id, uk.name_key, uk.account_key
      FROM payouts u CROSS JOIN LATERAL payee_keys_of(u.fields, u.account) uk
     WHERE u.profile_id IN (SELECT profile_id FROM looked) AND u.payee_account_key IS NULL
       AND NOT u.before_payee_keys),
  -- Every payout in one of the names, and every one at one of the accounts (two reads, not one set made
  -- unique: the history below takes each once).
  in_names AS MATERIALIZED (
    SELECT k.payout_id, k.name_key, k.account_key FROM payout_payees k
     WHERE k.profile_id IN (SELECT profile_id FROM looked) AND k.name_key IN (SELECT name_key FROM judged)
    UNION ALL
    SELECT * FROM by_hand WHERE name_key IN (SELECT name_key FROM judged)),
  at_accounts AS MATERIALIZED (
    SELECT k.payout_id, k.name_key, k.account_key FROM payout_payees k
     WHERE k.profile_id IN (SELECT profile_id FROM looked) AND k.account_key IN (SELECT account_key FROM judged)
    UNION ALL
    SELECT * FROM by_hand WHERE account_key IN (SELECT account_key FROM judged)),
  -- Each waiting payout's history: the payouts before it in its name, and those at its account under
  -- another name, at the account it was written for. Each fetched by its key (OFFSET 0): a book just
  -- written, before the statistics caught up, let the planner compare every payout with every name. Only
  -- the columns judged: the fields of the few named are read last.
  history AS MATERIALIZED (
    SELECT jc.id AS waiting, jc.same_name, jc.r_account = jc.account_key AS same_account, r.id, r.created_at,
           r.created_at < jc.created_at AS before, r.status = 'awaiting_approval' AS waits,
           r.approved_by IS NOT NULL
             OR (r.prepared_by <> jc.prepared_by AND r.prepared_by IN (SELECT name FROM owners)) AS seen
      FROM (SELECT j.id, j.created_at, j.prepared_by, j.account_key, j.at_now, j.at_once, j.written_for,
                   c.payout_id, c.account_key AS r_account, true AS same_name
              FROM judged j JOIN in_names c ON c.name_key = j.name_key
            UNION ALL
            SELECT j.id, j.created_at, j.prepared_by, j.account_key, j.at_now, j.at_once, j.written_for,
                   c.payout_id, c.account_key, false
              FROM judged j JOIN at_accounts c ON c.account_key = j.account_key
             WHERE c.name_key IS DISTINCT FROM j.name_key) jc
      CROSS JOIN LATERAL (SELECT u.id, u.created_at, u.profile_id, u.account, u.status, u.last_attempt_at,
                                 u.attention, u.approved_by, u.prepared_by
                            FROM payouts u WHERE u.id = jc.payout_id OFFSET 0) r
     WHERE r.id <> jc.id AND r.profile_id = ANY (jc.at_once)
       AND (r.account @> jc.written_for OR (r.account IS NULL AND r.profile_id = ANY (jc.at_now)))
       AND (${MAY_PAY} OR (r.status IN ('failed', 'rejected')
                           AND (r.approved_by IS NOT NULL OR r.prepared_by IN (SELECT name FROM owners))))),
  summary AS MATERIALIZED (
    SELECT h.waiting, bool_or(h.seen) AS any_seen, bool_or(h.seen AND h.same_name AND h.same_account) AS seen_here,
           count(DISTINCT h.id) FILTER (WHERE h.before) AS paid_before
      FROM history h GROUP BY h.waiting),
  newest_in_name AS MATERIALIZED (
    SELECT DISTINCT ON (h.waiting) h.waiting, h.same_account, h.id FROM history h
     WHERE h.seen AND h.same_name ORDER BY h.waiting, h.created_at DESC, h.id),
  newest_other_name AS MATERIALIZED (
    SELECT DISTINCT ON (h.waiting) h.waiting, h.id FROM history h
     WHERE h.seen AND NOT h.same_name ORDER BY h.waiting, h.created_at DESC, h.id),
  -- A Retry of a payout a person, not the gateway, settled as not paid (review 83 N9): kept the ledger's
  -- "failed" against the gateway's word, or said it was never sent. The newest such decision of its chain.
  settled AS MATERIALIZED (
    WITH RECURSIVE chain (start, id) AS (
      SELECT w.id, w.retry_of FROM waiting w WHERE w.retry_of IS NOT NULL
      UNION
      SELECT c.start, o.retry_of FROM chain c JOIN payouts o ON o.id = c.id WHERE o.retry_of IS NOT NULL)
    SELECT DISTINCT ON (c.start) c.start AS waiting,
           jsonb_build_object('reference', o.reference, 'person', e.person, 'action', e.detail->>'action') AS said
      FROM chain c JOIN payouts o ON o.id = c.id
      JOIN payout_events e ON e.payout_id = o.id AND e.kind = 'decision'
     WHERE e.detail->>'action' IN ('keep-ledger', 'not-sent')
     ORDER BY c.start, e.seq DESC),
  waiting_elsewhere AS MATERIALIZED (
    SELECT DISTINCT ON (h.waiting) h.waiting, h.id FROM history h
     WHERE h.waits AND h.same_name AND NOT h.same_account ORDER BY h.waiting, h.created_at DESC, h.id)
  SELECT j.id, 'new_account', f.fields, NULL::integer
    FROM judged j JOIN newest_in_name n ON n.waiting = j.id JOIN payouts f ON f.id = n.id
   WHERE NOT n.same_account
  UNION ALL
  SELECT j.id, 'other_name', f.fields, NULL
    FROM judged j JOIN newest_other_name o ON o.waiting = j.id JOIN payouts f ON f.id = o.id
    LEFT JOIN summary s ON s.waiting = j.id
   WHERE NOT COALESCE(s.seen_here, false)
  UNION ALL
  SELECT j.id, 'two_accounts', f.fields, NULL
    FROM judged j JOIN waiting_elsewhere e ON e.waiting = j.id JOIN payouts f ON f.id = e.id
  UNION ALL
  SELECT s.waiting, 'decided_not_paid', s.said, NULL FROM settled s
  UNION ALL
  SELECT j.id, 'new_payee', NULL, COALESCE(s.paid_before, 0)::integer
    FROM judged j LEFT JOIN summary s ON s.waiting = j.id
   WHERE NOT COALESCE(s.any_seen, false)
$fn$;
REVOKE ALL ON FUNCTION payout_desk.approval_concerns(uuid[]) FROM PUBLIC;`

/**
 * Migration 16's approval (locks, what was shown, nobody's own, the Retry's chain, the payee known
 * elsewhere since) and, last, every concern acknowledged: written out whole, as a landed migration's text
 * never follows a later change to another's. The concerns are compared as sets (EXCEPT), not
 * each against the list: 20,000 payouts each looked up in 20,000 acknowledgements took minutes.
 */
const approveSql = (owner: string) => `
CREATE FUNCTION payout_desk.approve(ids uuid[], shown_total bigint, acknowledged text[]) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
DECLARE
  wanted integer := (SELECT count(DISTINCT x) FROM unnest(ids) AS x);
  waiting integer;
  total bigint;
  own integer;
  moved text;
  unread text;
  paid_since text;
  noted text[];
  unshown text;
BEGIN
  IF NOT pg_has_role(session_user, '${owner}', 'MEMBER') THEN
    RAISE EXCEPTION 'only an owner approves payouts' USING ERRCODE = 'insufficient_privilege';
  END IF;${ACCOUNT_LOCKS}
  PERFORM 1 FROM payouts WHERE id = ANY (ids) ORDER BY id FOR UPDATE;
  SELECT count(*), COALESCE(SUM(amount_minor), 0), count(*) FILTER (WHERE prepared_by = session_user)
    INTO waiting, total, own
    FROM payouts WHERE id = ANY (ids) AND status = 'awaiting_approval';
  IF wanted = 0 OR waiting <> wanted OR total IS DISTINCT FROM shown_total THEN
    RAISE EXCEPTION 'what waits for approval changed since it was shown' USING ERRCODE = 'PD001';
  END IF;
  IF own > 0 THEN
    RAISE EXCEPTION 'nobody approves a payout they prepared' USING ERRCODE = 'insufficient_privilege';
  END IF;${RETRY_CHAIN_CHECK}${PAYEE_CHECK}
  noted := ARRAY(SELECT c.payout_id::text || ' ' || c.kind FROM approval_concerns(ids) c);
  SELECT w.reference INTO unshown
    FROM (SELECT unnest(noted) AS concern EXCEPT SELECT unnest(COALESCE(acknowledged, '{}'))) n
    JOIN payouts w ON w.id = split_part(n.concern, ' ', 1)::uuid
   ORDER BY w.created_at, w.reference
   LIMIT 1;
  IF unshown IS NOT NULL THEN
    RAISE EXCEPTION 'what the book notes of % was not acknowledged', unshown
      USING ERRCODE = 'PD017', DETAIL = unshown;
  END IF;
  UPDATE payouts SET status = 'queued', approved_by = session_user, approved_at = now()
    WHERE id = ANY (ids);
  INSERT INTO payout_events (payout_id, kind, person, detail)
    SELECT i.x, 'approved', session_user, CASE WHEN a.kinds IS NOT NULL THEN jsonb_build_object('acknowledged', a.kinds) END
      FROM (SELECT DISTINCT unnest(ids) AS x) i
      LEFT JOIN (SELECT split_part(n, ' ', 1)::uuid AS id, jsonb_agg(split_part(n, ' ', 2) ORDER BY n) AS kinds
                   FROM unnest(noted) n GROUP BY 1) a ON a.id = i.x;
  RETURN wanted;
END $fn$;
REVOKE ALL ON FUNCTION payout_desk.approve(uuid[], bigint, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION payout_desk.approve(uuid[], bigint, text[]) TO ${owner};

-- The form every earlier desk and psql called: it acknowledges nothing.
CREATE OR REPLACE FUNCTION payout_desk.approve(ids uuid[], shown_total bigint) RETURNS integer
LANGUAGE plpgsql SET search_path = payout_desk, pg_temp AS $fn$
BEGIN
  RETURN payout_desk.approve(ids, shown_total, '{}'::text[]);
END $fn$;`

export const teamApproveConcernsSql = (owner: string, bookkeeper: string): string => `
${concernsSql(owner)}
GRANT EXECUTE ON FUNCTION payout_desk.approval_concerns(uuid[]) TO ${owner}, ${bookkeeper};
${approveSql(owner)}
`
