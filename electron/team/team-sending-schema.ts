/**
 * Team migration 2: sending from several desks, each payout exactly once. PostgreSQL keeps who may send
 * for a profile now, and what each desk has taken:
 *
 * - **A lease per profile** (`take_send_lease`): one desk sends for a profile at a time. Each time the
 *   lease passes to another desk, or comes back after it lapsed, its epoch goes up.
 * - **Claims** (`claim_for_submit`): the lease holder takes queued payouts (never one awaiting approval)
 *   with `FOR UPDATE SKIP LOCKED`, so a second worker of the desk, or an owner approving, is skipped
 *   rather than waited for or taken twice. The claim records the attempt, the person and the epoch.
 * - **Take-over** (`take_over_in_doubt`): what a desk took and never answered is not known to have
 *   left or not; the next holder takes it as unknown and asks the gateway, never claims it again.
 * - **Fencing** (`record_answer`): a gateway's answer is written only under the profile's current epoch.
 *   A desk that lost its lease (it hung, its network dropped, another desk took over and recovered its
 *   payouts) cannot write its late answer over the newer desk's.
 *
 * Nobody updates a payout directly (no UPDATE grant): these functions are the only way a status moves.
 */
export const teamSendingSql = (owner: string, bookkeeper: string) => `
ALTER TABLE payout_desk.payouts
  ADD COLUMN attempts       integer NOT NULL DEFAULT 0,
  ADD COLUMN claimed_by     text,
  ADD COLUMN claim_epoch    bigint,
  ADD COLUMN gateway_status text,
  ADD COLUMN updated_at     timestamptz;
CREATE INDEX payouts_queued ON payout_desk.payouts (profile_id, created_at) WHERE status = 'queued';

CREATE TABLE payout_desk.send_leases (
  profile_id uuid PRIMARY KEY REFERENCES payout_desk.profiles (id),
  desk       text NOT NULL,
  person     text NOT NULL,
  epoch      bigint NOT NULL,
  until      timestamptz NOT NULL
);

-- The profile's sending for this desk: its epoch, or NULL while another desk holds it.
CREATE FUNCTION payout_desk.take_send_lease(profile uuid, desk text, seconds integer) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
DECLARE
  lease send_leases%ROWTYPE;
  now_ timestamptz := clock_timestamp();
BEGIN
  IF seconds IS NULL OR seconds NOT BETWEEN 1 AND 600 THEN
    RAISE EXCEPTION 'a lease lasts 1 to 600 seconds' USING ERRCODE = 'check_violation';
  END IF;
  IF desk IS NULL OR length(desk) NOT BETWEEN 1 AND 200 THEN
    RAISE EXCEPTION 'a desk is named' USING ERRCODE = 'check_violation';
  END IF;
  PERFORM 1 FROM profiles WHERE id = profile;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no such profile' USING ERRCODE = 'foreign_key_violation';
  END IF;
  INSERT INTO send_leases VALUES (profile, desk, session_user, 0, now_) ON CONFLICT DO NOTHING;
  SELECT * INTO lease FROM send_leases WHERE profile_id = profile FOR UPDATE;
  IF lease.desk <> desk AND lease.until > now_ THEN
    RETURN NULL;
  END IF;
  -- Renewed in time by its holder: the same epoch. Taken over, or taken again after it lapsed: a new one,
  -- so whatever the desk before was doing can no longer write.
  IF NOT (lease.desk = desk AND lease.until > now_ AND lease.epoch > 0) THEN
    lease.epoch := lease.epoch + 1;
  END IF;
  UPDATE send_leases SET desk = take_send_lease.desk, person = session_user, epoch = lease.epoch,
    until = now_ + make_interval(secs => seconds)
    WHERE profile_id = profile;
  RETURN lease.epoch;
END $fn$;

-- Refuses unless the profile's sending is held now under this epoch (kept so until the transaction ends).
CREATE FUNCTION payout_desk.holds_sending(profile uuid, epoch bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
BEGIN
  PERFORM 1 FROM send_leases l
    WHERE l.profile_id = profile AND l.epoch = holds_sending.epoch AND l.until > clock_timestamp()
    FOR SHARE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'this desk does not hold the profile''s sending' USING ERRCODE = 'PD003';
  END IF;
END $fn$;

-- Up to \`most\` queued payouts of the profile, taken for sending under the lease's epoch, oldest first.
CREATE FUNCTION payout_desk.claim_for_submit(profile uuid, epoch bigint, most integer)
RETURNS TABLE (id uuid, reference text, amount_minor bigint, currency text, fields jsonb, attempts integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
BEGIN
  PERFORM holds_sending(profile, claim_for_submit.epoch);
  RETURN QUERY
    WITH picked AS (
      SELECT p.id FROM payouts p WHERE p.profile_id = profile AND p.status = 'queued'
        ORDER BY p.created_at, p.id LIMIT greatest(most, 0) FOR UPDATE SKIP LOCKED
    ), claimed AS (
      UPDATE payouts p SET status = 'submitting', attempts = p.attempts + 1, claimed_by = session_user,
        claim_epoch = claim_for_submit.epoch, updated_at = clock_timestamp()
        FROM picked WHERE p.id = picked.id
        RETURNING p.id, p.reference, p.amount_minor, p.currency, p.fields, p.attempts
    ), logged AS (
      INSERT INTO payout_events (payout_id, kind, person, detail)
        SELECT c.id, 'claimed', session_user, jsonb_build_object('epoch', claim_for_submit.epoch)
          FROM claimed c
    )
    SELECT * FROM claimed;
END $fn$;

-- What a desk took for sending under an earlier epoch and never answered (it died, or hung past its
-- lease): whether it left is not known, so it is never claimed again; the new holder takes it over as
-- unknown, under its own epoch, and asks the gateway by its reference before anything else.
CREATE FUNCTION payout_desk.take_over_in_doubt(profile uuid, epoch bigint)
RETURNS TABLE (id uuid, reference text, amount_minor bigint, currency text, fields jsonb, attempts integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
BEGIN
  PERFORM holds_sending(profile, take_over_in_doubt.epoch);
  RETURN QUERY
    WITH doubtful AS (
      SELECT p.id, p.claim_epoch FROM payouts p
        WHERE p.profile_id = profile AND p.status = 'submitting' AND p.claim_epoch < take_over_in_doubt.epoch
        FOR UPDATE SKIP LOCKED
    ), taken AS (
      UPDATE payouts p SET status = 'unknown', claimed_by = session_user,
        claim_epoch = take_over_in_doubt.epoch, updated_at = clock_timestamp()
        FROM doubtful WHERE p.id = doubtful.id
        RETURNING p.id, p.reference, p.amount_minor, p.currency, p.fields, p.attempts, doubtful.claim_epoch AS was
    ), logged AS (
      INSERT INTO payout_events (payout_id, kind, person, detail)
        SELECT t.id, 'taken-over', session_user,
               jsonb_build_object('epoch', take_over_in_doubt.epoch, 'was', t.was)
          FROM taken t
    )
    SELECT t.id, t.reference, t.amount_minor, t.currency, t.fields, t.attempts FROM taken t;
END $fn$;

-- A gateway's answer about a payout, written only under the profile's current epoch. A final payout
-- keeps its status (a late or contrary answer is logged for a person); returns the status it has now.
CREATE FUNCTION payout_desk.record_answer(payout uuid, epoch bigint, to_status text, said text)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
DECLARE
  p payouts%ROWTYPE;
  moves boolean;
BEGIN
  IF to_status IS NULL OR to_status NOT IN ('processing', 'unknown', 'succeeded', 'failed', 'rejected') THEN
    RAISE EXCEPTION 'an answer says processing, unknown, succeeded, failed or rejected'
      USING ERRCODE = 'check_violation';
  END IF;
  SELECT * INTO p FROM payouts WHERE id = payout FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no such payout' USING ERRCODE = 'foreign_key_violation';
  END IF;
  -- The fence: the lease's epoch now, whatever it was when this desk asked the gateway.
  PERFORM 1 FROM send_leases l WHERE l.profile_id = p.profile_id AND l.epoch = record_answer.epoch
    FOR SHARE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'this desk no longer holds the profile''s sending' USING ERRCODE = 'PD003';
  END IF;
  moves := p.status IN ('submitting', 'processing', 'unknown') AND p.attempts > 0;
  IF moves THEN
    UPDATE payouts SET status = to_status, gateway_status = said, updated_at = clock_timestamp()
      WHERE id = payout;
  END IF;
  INSERT INTO payout_events (payout_id, kind, person, detail)
    VALUES (payout, CASE WHEN moves THEN 'answer' ELSE 'late-answer' END, session_user,
      jsonb_build_object('epoch', epoch, 'from', p.status, 'said', to_status, 'gateway', said));
  RETURN CASE WHEN moves THEN to_status ELSE p.status END;
END $fn$;

REVOKE ALL ON payout_desk.send_leases FROM PUBLIC;
GRANT SELECT ON payout_desk.send_leases TO ${owner}, ${bookkeeper};
REVOKE ALL ON FUNCTION payout_desk.holds_sending(uuid, bigint), payout_desk.take_send_lease(uuid, text, integer),
  payout_desk.claim_for_submit(uuid, bigint, integer), payout_desk.take_over_in_doubt(uuid, bigint),
  payout_desk.record_answer(uuid, bigint, text, text)
  FROM PUBLIC;
GRANT EXECUTE ON FUNCTION payout_desk.take_send_lease(uuid, text, integer),
  payout_desk.claim_for_submit(uuid, bigint, integer), payout_desk.take_over_in_doubt(uuid, bigint),
  payout_desk.record_answer(uuid, bigint, text, text)
  TO ${owner}, ${bookkeeper};
`
