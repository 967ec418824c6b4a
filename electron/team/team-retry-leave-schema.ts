/**
 * Team migration 17: a Retry is written, and leaves, only while no payout before it in its chain (its
 * original, and the originals of those, for a Retry of a Retry) may have paid since. Migration 16 judged
 * the chain at an owner's approval only, so ways were left to pay twice (reviews 77 and 78):
 *
 * - **Written.** A Retry of a Retry within the limits is never approved: migration 7's trigger looked at
 *   its own original alone, still plainly failed, while the first payout of the chain had been reported
 *   paid after all. Now the trigger walks the chain and refuses (`PD016`).
 * - **Leaving.** A Retry approved, or written within the limits, may wait queued for a desk holding the
 *   secret; or its first send was claimed and never answered (the desk died), and the gateway later says it
 *   never received it. A gateway answer meanwhile may say an earlier payout paid after all. The claim, the
 *   write ahead of every create request (a first send, a re-send after "not found", a person's Resend),
 *   now refuses such a Retry: one still queued never left and is cancelled, saying why (once the earlier
 *   payout is settled as not paid, a person pays it again); one that may have left is not sent again, says
 *   why, and is still asked about, so a person is asked once its re-sends would have run out.
 *
 * The check is in `claim_payout` itself, which `claim_payout_seen` (migration 8) calls, so no way to claim
 * skips it. The chain is locked nearest first (the payout, its original, that one's original…), the order
 * the trigger takes too, so the two never wait on each other crosswise (review 78 F5); and the trigger takes no lock of the chain
 * for a payout paid again already (the unique index refuses that write), so an approval, which locks the
 * chain of a waiting Retry by id (migration 16), never waits on it either. The walk is written
 * into both functions rather than a helper of its own: a helper created by another administrator login
 * than the one that created the book could not be called by the book's older functions (review 78 F4).
 * Migration 3's claim and migration 7's checks are kept word for word in what they do; a migration's text
 * must not follow later changes, so they are written out again.
 */

/** Sets `paid_since` when a payout before `start` in its chain may have paid; locks each, nearest first. */
const CHAIN_WALK = (start: string) => `
  earlier := ${start};
  steps := 0;
  WHILE earlier IS NOT NULL AND steps < 10000 LOOP
    SELECT * INTO e FROM payouts WHERE id = earlier FOR UPDATE;
    EXIT WHEN NOT FOUND;
    IF e.status NOT IN ('failed', 'rejected', 'cancelled') OR e.attention IS NOT NULL THEN
      paid_since := true;
    END IF;
    earlier := e.retry_of;
    steps := steps + 1;
  END LOOP;`

const CHAIN_VARS = `
  e payouts%ROWTYPE;
  earlier uuid;
  steps integer;
  paid_since boolean := false;`

export const teamRetryLeaveSql = (): string => `
CREATE OR REPLACE FUNCTION payout_desk.payout_retry() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
DECLARE
  o payouts%ROWTYPE;${CHAIN_VARS}
BEGIN
  IF NEW.retry_of IS NULL THEN
    RETURN NEW;
  END IF;
  SELECT * INTO o FROM payouts WHERE id = NEW.retry_of FOR UPDATE;
  IF FOUND AND o.moved_in THEN
    RAISE EXCEPTION 'a payout moved in from a desk is paid again on that desk only' USING ERRCODE = 'PD015';
  END IF;
  IF NOT FOUND OR o.status NOT IN ('failed', 'rejected', 'cancelled') OR o.attention IS NOT NULL
     OR o.profile_id <> NEW.profile_id OR o.amount_minor <> NEW.amount_minor OR o.currency <> NEW.currency
     OR o.fields <> NEW.fields OR o.account IS DISTINCT FROM NEW.account THEN
    RAISE EXCEPTION 'only a payout that did not pay is paid again, as it was, at its own account'
      USING ERRCODE = 'PD013';
  END IF;
  -- Paid again already: the unique index refuses this one. Its chain is not locked then: an approval or a
  -- claim of the Retry it has holds that chain, in an order of its own (review 78 F5).
  IF NOT EXISTS (SELECT 1 FROM payouts WHERE retry_of = o.id) THEN
    ${CHAIN_WALK('o.retry_of')}
  END IF;
  IF paid_since THEN
    RAISE EXCEPTION 'a payout % pays again may have paid since', o.reference
      USING ERRCODE = 'PD016', DETAIL = o.reference;
  END IF;
  RETURN NEW;
END $fn$;

CREATE OR REPLACE FUNCTION payout_desk.claim_payout(payout uuid, epoch bigint, from_statuses text[],
  seconds integer)
RETURNS SETOF payout_desk.payouts
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
DECLARE
  p payouts%ROWTYPE;
  now_ timestamptz := clock_timestamp();${CHAIN_VARS}
BEGIN
  IF from_statuses IS NULL OR cardinality(from_statuses) = 0
     OR NOT from_statuses <@ ARRAY['queued', 'unknown', 'submitting', 'needs_review'] THEN
    RAISE EXCEPTION 'a payout is sent from queued, or again from unknown, submitting or needs_review'
      USING ERRCODE = 'check_violation';
  END IF;
  IF seconds IS NULL OR seconds NOT BETWEEN 1 AND 600 THEN
    RAISE EXCEPTION 'a claim lasts 1 to 600 seconds' USING ERRCODE = 'check_violation';
  END IF;
  SELECT * INTO p FROM payouts WHERE id = payout FOR UPDATE;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  PERFORM holds_sending(p.profile_id, claim_payout.epoch);
  IF NOT p.status = ANY (from_statuses) THEN
    RETURN;
  END IF;
  IF p.retry_of IS NOT NULL THEN
    ${CHAIN_WALK('p.retry_of')}
    IF paid_since AND p.status = 'queued' THEN
      -- Never left: cancelled, never sent.
      UPDATE payouts SET status = 'cancelled', last_error = '{"key":"noteRetryEarlierMayHavePaid","params":{}}',
        next_check_at = NULL, updated_at = now_, version = version + 1
        WHERE id = payout;
      INSERT INTO payout_events (payout_id, kind, person, detail)
        VALUES (payout, 'transition', session_user, jsonb_build_object('from', 'queued', 'to', 'cancelled',
          'reason', 'earlier_may_have_paid', 'epoch', claim_payout.epoch));
      RETURN;
    ELSIF paid_since THEN
      -- It may have left: not sent again; still asked about, and said why.
      UPDATE payouts SET last_error = '{"key":"noteRetryEarlierMayHavePaidNotAgain","params":{}}',
        updated_at = now_
        WHERE id = payout AND last_error IS DISTINCT FROM '{"key":"noteRetryEarlierMayHavePaidNotAgain","params":{}}';
      RETURN;
    END IF;
  END IF;
  UPDATE payouts SET status = 'submitting', attempts = attempts + 1, claimed_by = session_user,
    claim_epoch = claim_payout.epoch, last_attempt_at = now_, updated_at = now_, version = version + 1,
    next_check_at = now_ + make_interval(secs => seconds)
    WHERE id = payout;
  INSERT INTO payout_events (payout_id, kind, person, detail)
    VALUES (payout, 'transition', session_user, jsonb_build_object('from', p.status, 'to', 'submitting',
      'attempt', p.attempts + 1, 'epoch', claim_payout.epoch));
  RETURN QUERY SELECT * FROM payouts WHERE id = payout;
END $fn$;
`
