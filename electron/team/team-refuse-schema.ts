/**
 * Team migration 19: an owner refuses what waits for approval (review 83 N6). Until it, a payout over a
 * limit waited until somebody approved it: an owner could only leave it there, and a waiting payout to
 * the wrong account kept the book's payee rule (migration 15, PD006) refusing the payee's honest payout
 * for as long as it waited. A solo desk cancels what waits for its release; the team's book now does too.
 *
 * `refuse(ids, total)` cancels exactly the payouts an owner was shown, with the total she was shown, all
 * still waiting (PD001 if any changed since); her own as well as others' (refusing moves no money).
 * Nothing refused was ever sent: it waited, and only approved or queued payouts are claimed. The
 * 'refused' event names the owner. A bookkeeper refuses nothing, at a desk or at `psql`.
 *
 * What an owner refused is not paid again by a Retry (PD018): a Retry says "it did not go through", and
 * this one did not go because she said no. Paying that payee after all is a new payout, judged as any.
 */
export const teamRefuseSql = (owner: string): string => `
CREATE FUNCTION payout_desk.refuse(ids uuid[], shown_total bigint) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
DECLARE
  wanted integer := (SELECT count(DISTINCT x) FROM unnest(ids) AS x);
  waiting integer;
  total bigint;
BEGIN
  IF NOT pg_has_role(session_user, '${owner}', 'MEMBER') THEN
    RAISE EXCEPTION 'only an owner refuses payouts' USING ERRCODE = 'insufficient_privilege';
  END IF;
  -- In the order an approval takes them: a refusal and an approval of the same payouts wait on each
  -- other, and the second finds them no longer waiting.
  PERFORM 1 FROM payouts WHERE id = ANY (ids) ORDER BY id FOR UPDATE;
  SELECT count(*), COALESCE(SUM(amount_minor), 0) INTO waiting, total
    FROM payouts WHERE id = ANY (ids) AND status = 'awaiting_approval';
  IF wanted = 0 OR waiting <> wanted OR total IS DISTINCT FROM shown_total THEN
    RAISE EXCEPTION 'what waits for approval changed since it was shown' USING ERRCODE = 'PD001';
  END IF;
  UPDATE payouts SET status = 'cancelled' WHERE id = ANY (ids);
  INSERT INTO payout_events (payout_id, kind, person, detail)
    SELECT DISTINCT x, 'refused', session_user,
           jsonb_build_object('from', 'awaiting_approval', 'to', 'cancelled')
      FROM unnest(ids) AS x;
  RETURN wanted;
END $fn$;
REVOKE ALL ON FUNCTION payout_desk.refuse(uuid[], bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION payout_desk.refuse(uuid[], bigint) TO ${owner};

CREATE FUNCTION payout_desk.payout_retry_not_refused() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
DECLARE
  refused_as text;
BEGIN
  -- The lock a refusal holds until it commits, which payout_retry took already (this trigger is named to
  -- fire after it and after payout_written: the profile's lock, then the payout's, as before): read
  -- without it, a refusal in flight was not seen, and the Retry found its payout "cancelled", which may
  -- be paid again (review 85 F1; review 86 F4: fired first, it took them the other way round).
  PERFORM 1 FROM payouts WHERE id = NEW.retry_of FOR UPDATE;
  SELECT o.reference INTO refused_as FROM payouts o
   WHERE o.id = NEW.retry_of
     AND EXISTS (SELECT 1 FROM payout_events e WHERE e.payout_id = o.id AND e.kind = 'refused');
  IF refused_as IS NOT NULL THEN
    RAISE EXCEPTION 'an owner refused %: it is not paid again', refused_as
      USING ERRCODE = 'PD018', DETAIL = refused_as;
  END IF;
  RETURN NEW;
END $fn$;
CREATE TRIGGER payout_written_retry_refused BEFORE INSERT ON payout_desk.payouts
  FOR EACH ROW WHEN (NEW.retry_of IS NOT NULL) EXECUTE FUNCTION payout_desk.payout_retry_not_refused();
`
