/**
 * Team migration 8: a gateway's answer written in one call, not four (BEGIN, lock_payout, observe_answer,
 * COMMIT), so a payout sent from the team ledger waits on two writes: its claim and its answer.
 *
 * - **A claim says which version of the row it left** (`claim_payout_seen`): migration 3's claim_payout,
 *   unchanged, with the row's xmin after it; and none is made while the payout's gateway account is not
 *   the one its profile names (the desk then looks at the profile again and has a person decide) (PostgreSQL's mark of the transaction that wrote that
 *   version; any later write of the row, by anybody, gives it another: another desk's answer, a person's
 *   decision of migration 6). The claim is claim_payout's own, so its claim epoch and check time still
 *   make a person's decision wait while it holds (migration 6, PD014).
 * - **An answer judged against that version is written only onto that version** (`observe_seen`): under the
 *   row's lock, while its xmin is still the one the desk saw, it is migration 5's observe_answer (the same
 *   fence: the profile's sending held under the epoch, by this login; the same state machine). When the row
 *   moved on meanwhile it writes nothing and says so (NULL): the desk locks the row, reads it and judges
 *   the answer anew, as before.
 * - **The fence is observe_answer's, no more and no less**: the epoch and the login, not the lease's end.
 *   An answer of a desk whose lease lapsed, while nobody took the sending over (its epoch still the
 *   lease's), is written, as through observe_answer; once the sending was taken again (by any desk) or
 *   its secret changed, it is refused (PD003).
 */
export const teamAnswerSql = (owner: string, bookkeeper: string) => `
CREATE FUNCTION payout_desk.claim_payout_seen(payout uuid, epoch bigint, from_statuses text[], seconds integer)
RETURNS TABLE (seen text, claimed payout_desk.payouts)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
DECLARE
  taken uuid;
BEGIN
  -- Claimed only for the gateway account its profile names now: a desk's read of the profile may be a
  -- chunk of payouts old (sendEach), and an owner who moved it meanwhile has the payout wait for a person
  -- rather than leave for the account she left. Not held (FOR SHARE) while the claim is made: that would
  -- wait behind every open write of the profile's payouts (an import holds the profile's lock to its end).
  PERFORM 1 FROM payouts p JOIN profiles pr ON pr.id = p.profile_id
    WHERE p.id = payout AND p.account = jsonb_build_object('provider', pr.provider, 'area', pr.area,
      'environment', pr.environment, 'baseUrl', pr.base_url, 'merchantId', pr.merchant_id);
  IF NOT FOUND THEN
    RETURN;
  END IF;
  SELECT c.id INTO taken FROM claim_payout(payout, epoch, from_statuses, seconds) c;
  IF taken IS NULL THEN
    RETURN;
  END IF;
  -- A statement of its own: it sees the claim's write (one statement's snapshot would not).
  RETURN QUERY SELECT p.xmin::text, p FROM payouts p WHERE p.id = taken;
END $fn$;

CREATE FUNCTION payout_desk.observe_seen(payout uuid, epoch bigint, seen text, plan jsonb,
  exchange jsonb DEFAULT NULL) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
DECLARE
  now_seen text;
BEGIN
  -- Locked first: the version compared is the one written over.
  SELECT p.xmin::text INTO now_seen FROM payouts p WHERE p.id = payout FOR UPDATE;
  IF seen IS NULL OR now_seen IS DISTINCT FROM seen THEN
    RETURN NULL;
  END IF;
  RETURN observe_answer(payout, epoch, plan, exchange);
END $fn$;

REVOKE ALL ON FUNCTION payout_desk.claim_payout_seen(uuid, bigint, text[], integer),
  payout_desk.observe_seen(uuid, bigint, text, jsonb, jsonb)
  FROM PUBLIC;
GRANT EXECUTE ON FUNCTION payout_desk.claim_payout_seen(uuid, bigint, text[], integer),
  payout_desk.observe_seen(uuid, bigint, text, jsonb, jsonb)
  TO ${owner}, ${bookkeeper};
`
