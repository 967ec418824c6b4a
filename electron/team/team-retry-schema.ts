/**
 * Team migration 7: paying again a payout that did not pay (Retry, or Pay again after "not sent"), as a
 * new payout linked to the one it pays again.
 *
 * - **Once.** One payout is paid again by one new payout, whichever desks or clicks ask at the same time
 *   (a unique index on `retry_of`): a second Retry writes nothing.
 * - **The same payout, nothing else.** The new one has the original's profile, amount, currency and
 *   fields, and its gateway account is still the one the original was written for; the original did not
 *   pay (failed, rejected or cancelled) and nobody has a question open about it. A `psql` session cannot
 *   dress a payout to another account up as a Retry, or mark a payout as retried to stop its Retry.
 * - **Not what came from a desk.** A payout `team import-ledger` carried in is still in that desk's own
 *   ledger, whose Retry knows nothing of the team's: it is paid again there only, or it could be twice.
 * - Whether the gateway definitely did not pay it is the desk's question to the gateway, asked under the
 *   profile's sending before this is written (actions/team-retry.ts); what exceeds a limit waits for an
 *   owner like any other payout.
 */
export const teamRetrySql = (owner: string, bookkeeper: string) => `
ALTER TABLE payout_desk.payouts ADD COLUMN retry_of uuid REFERENCES payout_desk.payouts (id);
-- Carried in from a desk's own ledger by team import-ledger: the desk keeps its copy, and its own Retry.
ALTER TABLE payout_desk.payouts ADD COLUMN moved_in boolean NOT NULL DEFAULT false;
CREATE UNIQUE INDEX payouts_one_retry ON payout_desk.payouts (retry_of) WHERE retry_of IS NOT NULL;

CREATE FUNCTION payout_desk.payout_retry() RETURNS trigger
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
  RETURN NEW;
END $fn$;
-- After payout_written (triggers of one kind fire in name order), which sets the new payout's account.
CREATE TRIGGER payout_written_retry BEFORE INSERT ON payout_desk.payouts
  FOR EACH ROW EXECUTE FUNCTION payout_desk.payout_retry();
REVOKE ALL ON FUNCTION payout_desk.payout_retry() FROM PUBLIC;
GRANT INSERT (retry_of) ON payout_desk.payouts TO ${owner}, ${bookkeeper};
`
