import { allowedTransitions } from '../../shared/domain/state-machine.ts'

/**
 * Team migration 3: what the engine keeps about a payout (electron/ledger/engine-store.ts), kept by
 * PostgreSQL, so the same sending rules run on the team ledger as on a desk's own.
 *
 * - **The gateway account a payout is written for** is frozen on it at the write, from its profile (as the
 *   local ledger does): an owner who later points the profile at another merchant account does not move
 *   payouts written before.
 * - **What was learnt** (the gateway's id and words, the backoff, a call for a person) sits on the payout.
 *   Only `observe_payout` writes it, and only moves the state machine allows (the same list as
 *   shared/domain/state-machine.ts, copied into `transitions` by this migration). Under a send lease, an
 *   answer is written only while the lease's epoch holds: a desk that lost the profile's sending cannot
 *   write over what the next desk learnt.
 * - **A claim of one payout** (`claim_payout`), the write ahead of each create request: under the
 *   profile's lease and epoch, only from the statuses the engine names, never one awaiting approval.
 * - Gateway exchanges, callbacks and refused callbacks are appended to the payout's log (append-only).
 */
export const teamEngineSql = (owner: string, bookkeeper: string) => `
-- Migration 2's lease, held by a login as well as a desk name: the name and the epoch are readable by the
-- whole team, so another login naming this desk could otherwise renew (and take) its sending.
CREATE OR REPLACE FUNCTION payout_desk.take_send_lease(profile uuid, desk text, seconds integer) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
DECLARE
  lease send_leases%ROWTYPE;
  now_ timestamptz := clock_timestamp();
  mine boolean;
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
  mine := lease.desk = desk AND lease.person = session_user;
  IF NOT mine AND lease.until > now_ THEN
    RETURN NULL;
  END IF;
  -- Renewed in time by its holder: the same epoch. Taken over, or taken again after it lapsed: a new one,
  -- so whatever the desk before was doing can no longer write.
  IF NOT (mine AND lease.until > now_ AND lease.epoch > 0) THEN
    lease.epoch := lease.epoch + 1;
  END IF;
  UPDATE send_leases SET desk = take_send_lease.desk, person = session_user, epoch = lease.epoch,
    until = now_ + make_interval(secs => seconds)
    WHERE profile_id = profile;
  RETURN lease.epoch;
END $fn$;

-- The sending is held by the login that took it, not by whoever knows its epoch (anybody can read it).
CREATE OR REPLACE FUNCTION payout_desk.holds_sending(profile uuid, epoch bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
BEGIN
  PERFORM 1 FROM send_leases l
    WHERE l.profile_id = profile AND l.epoch = holds_sending.epoch AND l.until > clock_timestamp()
      AND l.person = session_user
    FOR SHARE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'this desk does not hold the profile''s sending' USING ERRCODE = 'PD003';
  END IF;
END $fn$;
-- Migration 2's batch claims and epoch-only answers are not what the desks use (claim_payout and
-- observe_payout are): nobody may call them any more.
REVOKE EXECUTE ON FUNCTION payout_desk.claim_for_submit(uuid, bigint, integer),
  payout_desk.take_over_in_doubt(uuid, bigint), payout_desk.record_answer(uuid, bigint, text, text)
  FROM ${owner}, ${bookkeeper};

ALTER TABLE payout_desk.payouts DROP CONSTRAINT payouts_status_check;
ALTER TABLE payout_desk.payouts ADD CONSTRAINT payouts_status_check
  CHECK (status IN ('awaiting_approval', 'queued', 'submitting', 'processing', 'unknown', 'needs_review',
                    'succeeded', 'failed', 'rejected', 'cancelled'));
ALTER TABLE payout_desk.payouts
  ADD COLUMN account          jsonb,
  ADD COLUMN gateway_id       text,
  ADD COLUMN gateway_message  text,
  ADD COLUMN reason           text,
  ADD COLUMN last_error       text,
  ADD COLUMN acknowledged     boolean NOT NULL DEFAULT false,
  ADD COLUMN check_failures   integer NOT NULL DEFAULT 0,
  ADD COLUMN last_attempt_at  timestamptz,
  ADD COLUMN last_checked_at  timestamptz,
  ADD COLUMN next_check_at    timestamptz,
  ADD COLUMN resends          integer NOT NULL DEFAULT 0,
  ADD COLUMN attention        text,
  ADD COLUMN attention_at     timestamptz,
  ADD COLUMN attention_detail jsonb,
  ADD COLUMN amount_ruling    text,
  ADD COLUMN version          integer NOT NULL DEFAULT 0;

ALTER TABLE payout_desk.profiles
  ADD COLUMN area               text CHECK (area ~ '^[A-Z]{2}$'),
  ADD COLUMN notify_url         text,
  ADD COLUMN gateway_public_key text;
UPDATE payout_desk.profiles SET area = CASE provider WHEN 'vexora' THEN 'ID' ELSE 'TH' END;
-- A profile written without an area takes its gateway's own (Vexora's Indonesia, BluePay's Thailand).
CREATE FUNCTION payout_desk.profile_area() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  NEW.area := COALESCE(NEW.area, CASE NEW.provider WHEN 'vexora' THEN 'ID' ELSE 'TH' END);
  RETURN NEW;
END $fn$;
CREATE TRIGGER profile_area BEFORE INSERT OR UPDATE ON payout_desk.profiles
  FOR EACH ROW EXECUTE FUNCTION payout_desk.profile_area();
ALTER TABLE payout_desk.profiles ALTER COLUMN area SET NOT NULL;
GRANT INSERT (area, notify_url, gateway_public_key), UPDATE (area, notify_url, gateway_public_key)
  ON payout_desk.profiles TO ${owner};

-- Frozen at the write, whatever the row said.
CREATE FUNCTION payout_desk.payout_account() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
BEGIN
  NEW.account := (SELECT jsonb_build_object('provider', p.provider, 'area', p.area,
      'environment', p.environment, 'baseUrl', p.base_url, 'merchantId', p.merchant_id)
    FROM profiles p WHERE p.id = NEW.profile_id);
  RETURN NEW;
END $fn$;
CREATE TRIGGER payout_account BEFORE INSERT ON payout_desk.payouts
  FOR EACH ROW EXECUTE FUNCTION payout_desk.payout_account();
UPDATE payout_desk.payouts p SET account = jsonb_build_object('provider', pr.provider, 'area', pr.area,
    'environment', pr.environment, 'baseUrl', pr.base_url, 'merchantId', pr.merchant_id)
  FROM payout_desk.profiles pr WHERE pr.id = p.profile_id;
CREATE INDEX payouts_by_reference ON payout_desk.payouts (reference);
-- A desk's offline copy is brought up to date from what changed lately.
CREATE INDEX payout_events_at ON payout_desk.payout_events (at);
-- History, newest first, a page at a time by keyset.
CREATE INDEX payouts_newest ON payout_desk.payouts (created_at DESC, id DESC);

CREATE TABLE payout_desk.transitions (
  from_status text NOT NULL,
  to_status   text NOT NULL,
  PRIMARY KEY (from_status, to_status)
);
INSERT INTO payout_desk.transitions VALUES
  ${allowedTransitions()
    .map(([from, to]) => `('${from}', '${to}')`)
    .join(',\n  ')};

CREATE TABLE payout_desk.callback_digests (
  digest    text PRIMARY KEY,
  payout_id uuid NOT NULL REFERENCES payout_desk.payouts (id),
  at        timestamptz NOT NULL DEFAULT clock_timestamp(),
  person    text NOT NULL DEFAULT session_user
);
CREATE TABLE payout_desk.callback_rejections (
  seq         bigserial PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT clock_timestamp(),
  person      text NOT NULL DEFAULT session_user,
  profile_id  uuid,
  reason      text NOT NULL,
  detail      text NOT NULL,
  body_prefix text NOT NULL,
  body_sha256 text NOT NULL,
  body_bytes  integer NOT NULL
);

-- Holds the payout's row until the transaction ends: what the desk judges an answer against is what it
-- then writes over (reading a row FOR UPDATE needs an UPDATE grant nobody has).
CREATE FUNCTION payout_desk.lock_payout(payout uuid) RETURNS SETOF payout_desk.payouts
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
BEGIN
  RETURN QUERY SELECT * FROM payouts WHERE id = payout FOR UPDATE;
END $fn$;

-- The write ahead of a create request: one payout, under the profile's lease and its epoch. Returns the
-- payout as claimed, or nothing when it may not be sent from where it is.
CREATE FUNCTION payout_desk.claim_payout(payout uuid, epoch bigint, from_statuses text[], seconds integer)
RETURNS SETOF payout_desk.payouts
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
DECLARE
  p payouts%ROWTYPE;
  now_ timestamptz := clock_timestamp();
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
  UPDATE payouts SET status = 'submitting', attempts = attempts + 1, claimed_by = session_user,
    claim_epoch = claim_payout.epoch, last_attempt_at = now_, updated_at = now_, version = version + 1,
    next_check_at = now_ + make_interval(secs => seconds)
    WHERE id = payout;
  INSERT INTO payout_events (payout_id, kind, person, detail)
    VALUES (payout, 'transition', session_user, jsonb_build_object('from', p.status, 'to', 'submitting',
      'attempt', p.attempts + 1, 'epoch', claim_payout.epoch));
  RETURN QUERY SELECT * FROM payouts WHERE id = payout;
END $fn$;

-- What a desk learnt about a payout (the gateway's answer, planned by observation-plan.ts on the row as
-- locked by lock_payout), written only as the state machine allows, and under a lease only while it holds;
-- with the gateway exchange it came from, kept in the same commit.
CREATE FUNCTION payout_desk.observe_payout(payout uuid, epoch bigint, plan jsonb, exchange jsonb DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
DECLARE
  p payouts%ROWTYPE;
  now_ timestamptz := clock_timestamp();
  to_ text := plan->>'to';
  verdict text := plan->>'verdict';
  moves boolean;
  attention_set boolean := COALESCE((plan->>'attentionSet')::boolean, false);
  attention_moves boolean;
  raise_ jsonb := plan->'raise';
BEGIN
  SELECT * INTO p FROM payouts WHERE id = payout FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no such payout' USING ERRCODE = 'foreign_key_violation';
  END IF;
  IF epoch IS NOT NULL THEN
    PERFORM 1 FROM send_leases l WHERE l.profile_id = p.profile_id AND l.epoch = observe_payout.epoch
      AND l.person = session_user FOR SHARE;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'this desk no longer holds the profile''s sending' USING ERRCODE = 'PD003';
    END IF;
  END IF;
  IF COALESCE((plan->>'byPerson')::boolean, false) THEN
    RAISE EXCEPTION 'a person''s decision is not written here' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF verdict IS NULL OR verdict NOT IN ('apply', 'same', 'ignore') THEN
    RAISE EXCEPTION 'an observation is applied, the same, or ignored' USING ERRCODE = 'check_violation';
  END IF;
  moves := verdict = 'apply';
  -- Only a claim (claim_payout, under the lease) puts a payout on its way.
  IF moves AND to_ = 'submitting' OR moves AND NOT EXISTS (SELECT 1 FROM transitions t WHERE t.from_status = p.status AND t.to_status = to_)
     OR NOT moves AND to_ IS DISTINCT FROM p.status THEN
    RAISE EXCEPTION 'the state machine does not move % to %', p.status, to_ USING ERRCODE = 'PD004';
  END IF;
  attention_moves := attention_set AND (raise_->>'reason') IS DISTINCT FROM p.attention;
  IF exchange IS NOT NULL THEN
    PERFORM record_exchange(payout, exchange->>'kind', exchange->>'outcome', exchange->'exchange');
  END IF;
  UPDATE payouts SET
    status = to_,
    gateway_id = COALESCE(gateway_id, plan->>'gatewayId'),
    gateway_status = CASE WHEN verdict = 'ignore' THEN gateway_status
                          ELSE COALESCE(plan->>'gatewayStatus', gateway_status) END,
    gateway_message = CASE WHEN verdict = 'ignore' THEN gateway_message
                           ELSE COALESCE(plan->>'gatewayMessage', gateway_message) END,
    reason = CASE WHEN verdict = 'ignore' THEN reason ELSE plan->>'reason' END,
    last_error = CASE WHEN (verdict = 'ignore' AND NOT attention_set) OR (plan->>'moot')::boolean
                      THEN last_error ELSE plan->>'lastError' END,
    acknowledged = acknowledged OR COALESCE((plan->>'acknowledged')::boolean, false),
    check_failures = greatest(COALESCE((plan->>'checkFailures')::integer, 0), 0),
    last_checked_at = CASE WHEN (plan->>'checked')::boolean THEN now_ ELSE last_checked_at END,
    next_check_at = CASE WHEN verdict = 'ignore' THEN next_check_at
                         ELSE to_timestamp((plan->>'nextCheckAt')::double precision / 1000) END,
    updated_at = CASE WHEN moves OR attention_moves THEN now_ ELSE updated_at END,
    resends = COALESCE((plan->>'resends')::integer, resends),
    -- Only a claimed attempt that never left gives its count back.
    attempts = attempts - CASE WHEN moves AND (plan->>'nothingLeft')::boolean AND p.status = 'submitting'
                                    AND to_ = 'queued' AND attempts > 0 THEN 1 ELSE 0 END,
    attention = CASE WHEN attention_set THEN raise_->>'reason' ELSE attention END,
    attention_at = CASE WHEN attention_moves THEN (CASE WHEN raise_ IS NULL OR raise_ = 'null' THEN NULL
                                                        ELSE now_ END)
                        ELSE attention_at END,
    attention_detail = CASE WHEN attention_set THEN NULLIF(raise_->'detail', 'null') ELSE attention_detail END,
    amount_ruling = COALESCE(plan->>'amountRuling', amount_ruling),
    version = version + CASE WHEN moves OR attention_moves THEN 1 ELSE 0 END
  WHERE id = payout;
  INSERT INTO payout_events (payout_id, kind, person, detail)
    VALUES (payout, CASE WHEN moves THEN 'transition' ELSE 'observation' END, session_user,
      jsonb_build_object('from', p.status, 'to', plan->>'observed', 'source', plan->>'source',
        'verdict', verdict, 'gatewayStatus', plan->>'gatewayStatus', 'reason', plan->>'reason',
        'epoch', epoch));
  RETURN to_;
END $fn$;

CREATE FUNCTION payout_desk.record_exchange(payout uuid, kind text, outcome text, exchange jsonb)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
BEGIN
  IF kind NOT IN ('create', 'query') THEN
    RAISE EXCEPTION 'an exchange is a create or a query' USING ERRCODE = 'check_violation';
  END IF;
  INSERT INTO payout_events (payout_id, kind, person, detail)
    VALUES (payout, kind, session_user, jsonb_build_object('outcome', outcome, 'exchange', exchange));
END $fn$;

CREATE FUNCTION payout_desk.record_callback(payout uuid, body text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
BEGIN
  INSERT INTO payout_events (payout_id, kind, person, detail)
    VALUES (payout, 'callback', session_user, jsonb_build_object('body', body));
END $fn$;

CREATE FUNCTION payout_desk.remember_callback(payout uuid, digest text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
BEGIN
  INSERT INTO callback_digests (digest, payout_id) VALUES (digest, payout) ON CONFLICT DO NOTHING;
END $fn$;

CREATE FUNCTION payout_desk.record_callback_rejection(profile uuid, reason text, detail text,
  body_prefix text, body_sha256 text, body_bytes integer) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
BEGIN
  INSERT INTO callback_rejections (profile_id, reason, detail, body_prefix, body_sha256, body_bytes)
    VALUES (profile, left(reason, 200), left(detail, 2000), left(body_prefix, 2000), body_sha256, body_bytes);
END $fn$;

-- A desk whose process is known to be gone (killed on this very computer, as its name says) leaves its
-- lease at once instead of when it lapses: the next desk takes it over under a new epoch, so whatever the
-- gone one had begun can no longer write. Taking it from a desk that is not gone costs that desk its
-- answers (refused, kept in the log) and sends nothing twice: claims check the payout's status.
CREATE FUNCTION payout_desk.take_send_lease_from(profile uuid, desk text, seconds integer, gone text)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
DECLARE
  lease send_leases%ROWTYPE;
BEGIN
  IF seconds IS NULL OR seconds NOT BETWEEN 1 AND 600 OR desk IS NULL OR length(desk) NOT BETWEEN 1 AND 200 THEN
    RAISE EXCEPTION 'a lease lasts 1 to 600 seconds, and a desk is named' USING ERRCODE = 'check_violation';
  END IF;
  SELECT * INTO lease FROM send_leases WHERE profile_id = profile FOR UPDATE;
  IF NOT FOUND OR lease.desk IS DISTINCT FROM gone OR gone = take_send_lease_from.desk THEN
    RETURN NULL;
  END IF;
  UPDATE send_leases SET desk = take_send_lease_from.desk, person = session_user, epoch = lease.epoch + 1,
    until = clock_timestamp() + make_interval(secs => seconds)
    WHERE profile_id = profile;
  RETURN lease.epoch + 1;
END $fn$;

-- The desk is done sending for the profile: another may take it at once instead of when it lapses.
CREATE FUNCTION payout_desk.release_send_lease(profile uuid, epoch bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
BEGIN
  UPDATE send_leases l SET until = least(l.until, clock_timestamp())
    WHERE l.profile_id = profile AND l.epoch = release_send_lease.epoch AND l.person = session_user;
END $fn$;

CREATE TRIGGER callback_digests_append_only BEFORE UPDATE OR DELETE ON payout_desk.callback_digests
  FOR EACH ROW EXECUTE FUNCTION payout_desk.append_only();
CREATE TRIGGER callback_rejections_append_only BEFORE UPDATE OR DELETE ON payout_desk.callback_rejections
  FOR EACH ROW EXECUTE FUNCTION payout_desk.append_only();

REVOKE ALL ON payout_desk.transitions, payout_desk.callback_digests, payout_desk.callback_rejections FROM PUBLIC;
GRANT SELECT ON payout_desk.transitions, payout_desk.callback_digests, payout_desk.callback_rejections
  TO ${owner}, ${bookkeeper};
REVOKE ALL ON FUNCTION payout_desk.lock_payout(uuid), payout_desk.claim_payout(uuid, bigint, text[], integer),
  payout_desk.observe_payout(uuid, bigint, jsonb, jsonb), payout_desk.record_exchange(uuid, text, text, jsonb),
  payout_desk.record_callback(uuid, text), payout_desk.remember_callback(uuid, text),
  payout_desk.record_callback_rejection(uuid, text, text, text, text, integer),
  payout_desk.release_send_lease(uuid, bigint), payout_desk.payout_account(), payout_desk.profile_area(),
  payout_desk.take_send_lease_from(uuid, text, integer, text)
  FROM PUBLIC;
GRANT EXECUTE ON FUNCTION payout_desk.lock_payout(uuid), payout_desk.claim_payout(uuid, bigint, text[], integer),
  payout_desk.observe_payout(uuid, bigint, jsonb, jsonb), payout_desk.record_exchange(uuid, text, text, jsonb),
  payout_desk.record_callback(uuid, text), payout_desk.remember_callback(uuid, text),
  payout_desk.record_callback_rejection(uuid, text, text, text, text, integer),
  payout_desk.release_send_lease(uuid, bigint), payout_desk.take_send_lease_from(uuid, text, integer, text)
  TO ${owner}, ${bookkeeper};
`
