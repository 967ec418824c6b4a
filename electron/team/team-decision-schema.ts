import { DISAGREEMENT_REASONS } from '../../shared/domain/attention.ts'
import { FINAL_STATUSES } from '../../shared/domain/payout-status.ts'

const list = (values: Iterable<string>) => [...values].map((v) => `'${v}'`).join(', ')

/**
 * Team migration: a person's decision about a payout that waits for one (Needs your decision), written by
 * PostgreSQL as the person who made it. Before it, nothing could settle a team payout in doubt: the
 * engine's `observe_payout` refuses a person's word.
 *
 * - **Only what the person saw.** The payout's version as shown must still be its version, and it must
 *   still wait for a decision; otherwise nothing is written (PD010, PD011).
 * - **Each decision has its one outcome** (shared/domain/state-machine.ts `personMay`, and the choices
 *   of payouts/attention-queue.ts): "not sent" cancels, and only a payout no gateway answer said it has;
 *   "paid" succeeds, never a final payout; keeping one side settles a disagreement (the gateway said
 *   one thing, then another) either way. None of them puts a payout on its way again (PD012): a
 *   `psql` session cannot queue an in-doubt payout to be sent twice.
 * - **A decision that changes what the ledger says about the money carries a note** of what the person
 *   checked. Ask and resend write only the decision: the desk holding the profile's secret then asks or
 *   sends under its lease, as every gateway exchange is written.
 * - **Never while a desk is sending it**: a payout claimed for a request whose claim or sending still
 *   holds is the gateway's to answer first (PD014); a "not sent" then would leave a payout that may be
 *   paid cancelled and never asked about again.
 * - **What the decision writes is the ledger's, not the caller's**: the status a kept side stands for,
 *   the amount the gateway said, the words of the last problem, all from the payout as stored; a
 *   gateway's id only with "paid", and never one another payout has.
 * - Ask and resend only where they are offered, and only by a login holding the profile's sending (the
 *   desk that then asks or sends).
 * - Every decision is an event of the payout, with its person (the connected login) and note.
 */
export const teamDecisionSql = (owner: string, bookkeeper: string) => `
CREATE FUNCTION payout_desk.decide_payout(payout uuid, seen_version integer, decision jsonb)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
DECLARE
  p payouts%ROWTYPE;
  now_ timestamptz := clock_timestamp();
  action_ text := decision->>'action';
  note_ text := NULLIF(btrim(COALESCE(decision->>'note', '')), '');
  to_ text := decision->>'to';
  gateway_id_ text := NULLIF(btrim(COALESCE(decision->>'gatewayId', '')), '');
  disagreement boolean;
  unconfirmed boolean;
  allowed boolean;
BEGIN
  IF action_ IS NULL OR action_ NOT IN ('ask', 'resend', 'not-sent', 'paid', 'keep-gateway', 'keep-ledger') THEN
    RAISE EXCEPTION 'a decision is ask, resend, not-sent, paid, keep-gateway or keep-ledger'
      USING ERRCODE = 'check_violation';
  END IF;
  IF length(COALESCE(note_, '')) > 500 THEN
    RAISE EXCEPTION 'a decision''s note holds at most 500 characters' USING ERRCODE = 'check_violation';
  END IF;
  IF action_ <> 'ask' AND note_ IS NULL THEN
    RAISE EXCEPTION 'a decision that changes what the ledger says carries a note of what was checked'
      USING ERRCODE = 'check_violation';
  END IF;
  IF gateway_id_ IS NOT NULL AND (action_ <> 'paid' OR length(gateway_id_) > 64) THEN
    RAISE EXCEPTION 'a gateway''s id (64 characters at most) goes only with paid' USING ERRCODE = 'check_violation';
  END IF;
  SELECT * INTO p FROM payouts WHERE id = payout FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no such payout' USING ERRCODE = 'no_data_found';
  END IF;
  IF seen_version IS DISTINCT FROM p.version THEN
    RAISE EXCEPTION 'the payout changed since it was shown' USING ERRCODE = 'PD010';
  END IF;
  IF p.attention IS NULL THEN
    RAISE EXCEPTION 'the payout needs no decision' USING ERRCODE = 'PD011';
  END IF;
  -- A request of it may be at the gateway right now: its answer comes first.
  IF p.status = 'submitting' AND (p.next_check_at > now_ OR EXISTS (
      SELECT 1 FROM send_leases l WHERE l.profile_id = p.profile_id AND l.epoch = p.claim_epoch
         AND l.until > now_)) THEN
    RAISE EXCEPTION 'a desk is sending this payout right now' USING ERRCODE = 'PD014';
  END IF;
  disagreement := p.attention IN (${list(DISAGREEMENT_REASONS)});
  unconfirmed := NOT p.acknowledged AND p.status IN ('unknown', 'submitting');
  IF action_ IN ('ask', 'resend') THEN
    -- Offered as payouts/attention-queue.ts offers them, to the desk that holds the sending and then asks
    -- or sends under it.
    IF to_ IS NOT NULL OR disagreement OR p.status IN (${list(FINAL_STATUSES)})
       OR (action_ = 'resend' AND (NOT unconfirmed OR p.attention IN ('unknown_status', 'account_changed')))
       OR (action_ = 'ask' AND p.attention = 'account_changed') THEN
      RAISE EXCEPTION 'a person does not % this payout now', action_ USING ERRCODE = 'PD012';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM send_leases l WHERE l.profile_id = p.profile_id AND l.person = session_user
                     AND l.until > now_) THEN
      RAISE EXCEPTION 'only the desk holding the profile''s sending asks or sends again'
        USING ERRCODE = 'PD005';
    END IF;
    INSERT INTO payout_events (payout_id, kind, person, detail)
      VALUES (payout, 'decision', session_user, jsonb_build_object('action', action_, 'note', note_,
        'reason', p.attention, 'version', p.version));
    RETURN p.version;
  END IF;
  -- Each decision has its one outcome, read from the payout as stored: none of them puts a payout on its
  -- way again (only resend does, through the desk's claim).
  allowed := CASE action_
    -- Not sent only while no gateway answer said it has the payout.
    WHEN 'not-sent' THEN NOT disagreement AND unconfirmed AND to_ = 'cancelled' AND p.attention <> 'unknown_status'
    WHEN 'paid' THEN NOT disagreement AND to_ = 'succeeded' AND p.status NOT IN (${list(FINAL_STATUSES)})
      AND (gateway_id_ IS NULL OR NOT EXISTS (
        SELECT 1 FROM payouts o WHERE o.gateway_id = gateway_id_ AND o.id <> p.id))
    -- Keeping one side of a disagreement settles it as that side said, final or not.
    WHEN 'keep-gateway' THEN disagreement AND to_ = COALESCE(p.attention_detail->>'gatewayState', p.status)
    ELSE disagreement AND to_ = COALESCE(p.attention_detail->'ledger'->>'status', p.status)
  END AND to_ NOT IN ('draft', 'awaiting_approval', 'queued', 'submitting');
  IF NOT COALESCE(allowed, false) THEN
    RAISE EXCEPTION 'a person does not move % to % by %', p.status, to_, action_ USING ERRCODE = 'PD012';
  END IF;
  UPDATE payouts SET
    status = to_,
    gateway_id = COALESCE(gateway_id, gateway_id_),
    -- The words the desks show for it (shared/messages/stored-text.ts), of what the person decided.
    last_error = '{"key":"noteDecided","params":' || json_build_object('action', action_, 'note', note_)::text || '}',
    attention = NULL,
    attention_at = NULL,
    attention_detail = NULL,
    amount_ruling = CASE WHEN action_ = 'keep-gateway' THEN p.attention_detail->'gateway'->>'amountText'
                         ELSE amount_ruling END,
    next_check_at = CASE WHEN to_ IN (${list(FINAL_STATUSES)}) THEN NULL ELSE now_ END,
    updated_at = now_,
    version = version + 1
  WHERE id = payout;
  INSERT INTO payout_events (payout_id, kind, person, detail)
    VALUES (payout, 'decision', session_user, jsonb_build_object('action', action_, 'note', note_,
      'reason', p.attention, 'from', p.status, 'to', to_, 'gatewayId', gateway_id_, 'version', p.version));
  RETURN p.version + 1;
END $fn$;

REVOKE ALL ON FUNCTION payout_desk.decide_payout(uuid, integer, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION payout_desk.decide_payout(uuid, integer, jsonb) TO ${owner}, ${bookkeeper};
`
