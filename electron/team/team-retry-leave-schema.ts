/**
 * Team migration 17: a Retry is written, and leaves, only while no payout before it in its chain (its
 * original, and the originals of those, for a Retry of a Retry) may have paid since. Migration 16 judged
 * the chain at an owner's approval only, so two ways were left to pay twice (review 77):
 *
 * - **Written.** A Retry of a Retry within the limits is never approved: migration 7's trigger looked at
 *   its own original alone, still plainly failed, while the first payout of the chain had been reported
 *   paid after all. Now the trigger walks the chain and refuses (`PD016`).
 * - **Leaving.** A Retry approved, or written within the limits, may wait queued for a desk holding the
 *   secret; a gateway answer meanwhile may say an earlier payout paid after all. The claim now cancels such
 *   a Retry instead of sending it, saying why: it never left, so nothing is lost, and once the earlier
 *   payout is settled as not paid, a person pays it again.
 *
 * The chain is locked (`FOR UPDATE`, in id order, after the payout itself: the order approve() takes), so
 * no answer moves a payout of it while this is judged. Migration 7's and 8's checks are kept, word for word
 * in what they refuse; a migration's text must not follow later changes, so they are written out again.
 */
export const teamRetryLeaveSql = (): string => `
-- Whether a payout before this one in its chain of Retries may have paid: no longer known not to have paid,
-- or waiting for a person. Every such payout is locked first.
CREATE FUNCTION payout_desk.earlier_may_have_paid(payout uuid) RETURNS boolean
LANGUAGE plpgsql SET search_path = payout_desk, pg_temp AS $fn$
DECLARE
  earlier uuid[];
BEGIN
  WITH RECURSIVE chain (id) AS (
    SELECT p.retry_of FROM payouts p WHERE p.id = payout AND p.retry_of IS NOT NULL
    UNION
    SELECT e.retry_of FROM chain c JOIN payouts e ON e.id = c.id WHERE e.retry_of IS NOT NULL)
  SELECT array_agg(id) INTO earlier FROM chain;
  IF earlier IS NULL THEN
    RETURN false;
  END IF;
  PERFORM 1 FROM payouts WHERE id = ANY (earlier) ORDER BY id FOR UPDATE;
  RETURN EXISTS (SELECT 1 FROM payouts WHERE id = ANY (earlier)
                    AND (status NOT IN ('failed', 'rejected', 'cancelled') OR attention IS NOT NULL));
END $fn$;
REVOKE ALL ON FUNCTION payout_desk.earlier_may_have_paid(uuid) FROM PUBLIC;

CREATE OR REPLACE FUNCTION payout_desk.payout_retry() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
DECLARE
  o payouts%ROWTYPE;
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
  IF earlier_may_have_paid(o.id) THEN
    RAISE EXCEPTION 'a payout % pays again may have paid since', o.reference
      USING ERRCODE = 'PD016', DETAIL = o.reference;
  END IF;
  RETURN NEW;
END $fn$;

CREATE OR REPLACE FUNCTION payout_desk.claim_payout_seen(payout uuid, epoch bigint, from_statuses text[],
  seconds integer)
RETURNS TABLE (seen text, claimed payout_desk.payouts)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
DECLARE
  taken uuid;
  r payouts%ROWTYPE;
BEGIN
  -- Claimed only for the gateway account its profile names now (migration 8).
  PERFORM 1 FROM payouts p JOIN profiles pr ON pr.id = p.profile_id
    WHERE p.id = payout AND p.account = jsonb_build_object('provider', pr.provider, 'area', pr.area,
      'environment', pr.environment, 'baseUrl', pr.base_url, 'merchantId', pr.merchant_id);
  IF NOT FOUND THEN
    RETURN;
  END IF;
  -- A Retry that never left (queued), of which an earlier payout may have paid since: cancelled, never sent.
  SELECT * INTO r FROM payouts p WHERE p.id = payout AND p.retry_of IS NOT NULL AND p.status = 'queued'
    FOR UPDATE;
  IF FOUND AND 'queued' = ANY (from_statuses) AND earlier_may_have_paid(payout) THEN
    PERFORM holds_sending(r.profile_id, claim_payout_seen.epoch);
    UPDATE payouts SET status = 'cancelled', last_error = '{"key":"noteRetryEarlierMayHavePaid","params":{}}',
      next_check_at = NULL, updated_at = clock_timestamp(), version = version + 1
      WHERE id = payout;
    INSERT INTO payout_events (payout_id, kind, person, detail)
      VALUES (payout, 'transition', session_user, jsonb_build_object('from', 'queued', 'to', 'cancelled',
        'reason', 'earlier_may_have_paid', 'epoch', claim_payout_seen.epoch));
    RETURN;
  END IF;
  SELECT c.id INTO taken FROM claim_payout(payout, epoch, from_statuses, seconds) c;
  IF taken IS NULL THEN
    RETURN;
  END IF;
  -- A statement of its own: it sees the claim's write (one statement's snapshot would not).
  RETURN QUERY SELECT p.xmin::text, p FROM payouts p WHERE p.id = taken;
END $fn$;
`
