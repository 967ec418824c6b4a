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
  disagreement boolean;
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
  IF action_ IN ('ask', 'resend') THEN
    IF to_ IS NOT NULL THEN
      RAISE EXCEPTION 'ask and resend move nothing here' USING ERRCODE = 'check_violation';
    END IF;
    INSERT INTO payout_events (payout_id, kind, person, detail)
      VALUES (payout, 'decision', session_user, jsonb_build_object('action', action_, 'note', note_,
        'reason', p.attention, 'version', p.version));
    RETURN p.version;
  END IF;
  disagreement := p.attention IN (${list(DISAGREEMENT_REASONS)});
  -- Each decision has its one outcome: none of them puts a payout on its way again (only resend does,
  -- through the desk's claim).
  allowed := CASE action_
    -- Not sent only while no gateway answer said it has the payout.
    WHEN 'not-sent' THEN NOT disagreement AND to_ = 'cancelled' AND NOT p.acknowledged
      AND p.status IN ('submitting', 'unknown')
    WHEN 'paid' THEN NOT disagreement AND to_ = 'succeeded' AND p.status NOT IN (${list(FINAL_STATUSES)})
    -- Keeping one side of a disagreement settles it either way, final or not.
    ELSE disagreement AND to_ IN ('processing', 'needs_review', 'unknown', 'succeeded', 'failed', 'rejected',
      'cancelled')
  END;
  IF NOT COALESCE(allowed, false) THEN
    RAISE EXCEPTION 'a person does not move % to % by %', p.status, to_, action_ USING ERRCODE = 'PD012';
  END IF;
  UPDATE payouts SET
    status = to_,
    gateway_id = COALESCE(gateway_id, decision->>'gatewayId'),
    last_error = decision->>'lastError',
    attention = NULL,
    attention_at = NULL,
    attention_detail = NULL,
    amount_ruling = CASE WHEN action_ = 'keep-gateway' THEN decision->>'amountRuling' ELSE amount_ruling END,
    next_check_at = CASE WHEN to_ IN (${list(FINAL_STATUSES)}) THEN NULL ELSE now_ END,
    updated_at = now_,
    version = version + 1
  WHERE id = payout;
  INSERT INTO payout_events (payout_id, kind, person, detail)
    VALUES (payout, 'decision', session_user, jsonb_build_object('action', action_, 'note', note_,
      'reason', p.attention, 'from', p.status, 'to', to_, 'gatewayId', decision->>'gatewayId',
      'version', p.version));
  RETURN p.version + 1;
END $fn$;

REVOKE ALL ON FUNCTION payout_desk.decide_payout(uuid, integer, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION payout_desk.decide_payout(uuid, integer, jsonb) TO ${owner}, ${bookkeeper};
`
