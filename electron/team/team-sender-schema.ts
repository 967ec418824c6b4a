/**
 * Team migration 5: only a desk holding a profile's gateway secret sends, asks and writes answers for it,
 * and PostgreSQL checks that, not only the app.
 *
 * - **The secret proves itself without leaving the desk.** Each desk derives a sender key from the secret
 *   (team/sender-key.ts: scrypt, salted with the profile's id); the profile keeps only the key's SHA-256,
 *   set by an owner. A profile's send lease is taken only with the key: a login without the secret (at
 *   `psql`, or a desk that never had it) cannot hold the sending, so cannot claim a payout or write what a
 *   gateway said. Until an owner has set it, nobody sends for the profile.
 * - **No answer without the lease.** observe_answer refuses a missing epoch (migration 3 took it as
 *   "not under a lease", which let any login move any payout: mark a paid one failed, and so free the
 *   day's limit). A gateway's callback is applied by a desk holding the sending, like any other answer.
 *   The exchanges kept beside them are written only by the login holding the sending or that claimed
 *   the payout (a desk fenced out mid-send keeps its answer in the log).
 * - **A new secret ends the old sending**: an owner changing the check moves the lease's epoch on, so a
 *   login that held the sending under the old secret writes nothing more with it.
 * - **Taking over a gone desk's lease** stays with the same login: another login waits for the lapse.
 * - **A reference is taken once per gateway account**, whichever profile names that account (as on a
 *   desk's own ledger): the gateway keeps one order per reference, and a second payout under it would be
 *   told the first one's answers.
 */
export const teamSenderSql = (owner: string, bookkeeper: string) => `
ALTER TABLE payout_desk.profiles ADD COLUMN sender_check text CHECK (sender_check ~ '^[0-9a-f]{64}$');
GRANT INSERT (sender_check), UPDATE (sender_check) ON payout_desk.profiles TO ${owner};

CREATE FUNCTION payout_desk.proves_secret(profile uuid, sender_key text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
DECLARE
  wanted text := (SELECT sender_check FROM profiles WHERE id = profile);
BEGIN
  IF wanted IS NULL OR sender_key IS NULL
     OR encode(sha256(convert_to(sender_key, 'UTF8')), 'hex') IS DISTINCT FROM wanted THEN
    RAISE EXCEPTION 'this desk does not hold the profile''s gateway secret' USING ERRCODE = 'PD005';
  END IF;
END $fn$;

CREATE FUNCTION payout_desk.take_send_lease(profile uuid, desk text, seconds integer, sender_key text)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
BEGIN
  PERFORM proves_secret(profile, sender_key);
  RETURN take_send_lease(profile, desk, seconds);
END $fn$;

CREATE FUNCTION payout_desk.take_send_lease_from(profile uuid, desk text, seconds integer, gone text,
  sender_key text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
BEGIN
  PERFORM proves_secret(profile, sender_key);
  PERFORM 1 FROM send_leases l WHERE l.profile_id = profile AND l.desk = gone
    AND (l.person = session_user OR l.until <= clock_timestamp());
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  RETURN take_send_lease_from(profile, desk, seconds, gone);
END $fn$;

-- The login holding the profile's sending (even just lapsed, while nobody took it), or that claimed the payout.
CREATE FUNCTION payout_desk.holds_profile_sending(payout uuid) RETURNS boolean
LANGUAGE sql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
  SELECT EXISTS (SELECT 1 FROM payouts p JOIN send_leases l ON l.profile_id = p.profile_id
                  WHERE p.id = payout AND l.person = session_user)
      OR EXISTS (SELECT 1 FROM payouts p WHERE p.id = payout AND p.claimed_by = session_user)
$fn$;

-- Migration 3's observe_payout and record_exchange stay as they are, callable now only through these.
CREATE FUNCTION payout_desk.observe_answer(payout uuid, epoch bigint, plan jsonb, exchange jsonb DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
BEGIN
  IF epoch IS NULL THEN
    RAISE EXCEPTION 'what a gateway said is written only under the profile''s sending' USING ERRCODE = 'PD003';
  END IF;
  RETURN observe_payout(payout, epoch, plan, exchange);
END $fn$;

CREATE FUNCTION payout_desk.keep_exchange(payout uuid, kind text, outcome text, exchange jsonb)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
BEGIN
  IF NOT holds_profile_sending(payout) THEN
    RAISE EXCEPTION 'an exchange is kept by the desk that sends for the profile' USING ERRCODE = 'PD003';
  END IF;
  PERFORM record_exchange(payout, kind, outcome, exchange);
END $fn$;

-- A new secret ends the sending of whoever held the profile's under the old one: its epoch no longer
-- writes, and the next lease is taken with the new key.
CREATE FUNCTION payout_desk.sender_check_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
BEGIN
  UPDATE send_leases SET epoch = epoch + 1, until = least(until, clock_timestamp()) WHERE profile_id = NEW.id;
  RETURN NULL;
END $fn$;
CREATE TRIGGER sender_check_changed AFTER UPDATE OF sender_check ON payout_desk.profiles
  FOR EACH ROW WHEN (OLD.sender_check IS DISTINCT FROM NEW.sender_check)
  EXECUTE FUNCTION payout_desk.sender_check_changed();

-- A reference once per gateway account (the account each payout was written for, frozen on it).
CREATE UNIQUE INDEX payouts_reference_per_account ON payout_desk.payouts
  ((account->>'provider'), (account->>'baseUrl'), (account->>'merchantId'), reference);

REVOKE ALL ON FUNCTION payout_desk.take_send_lease(uuid, text, integer),
  payout_desk.take_send_lease_from(uuid, text, integer, text),
  payout_desk.observe_payout(uuid, bigint, jsonb, jsonb), payout_desk.record_exchange(uuid, text, text, jsonb)
  FROM PUBLIC, ${owner}, ${bookkeeper};
REVOKE ALL ON FUNCTION payout_desk.proves_secret(uuid, text), payout_desk.holds_profile_sending(uuid),
  payout_desk.sender_check_changed(),
  payout_desk.take_send_lease(uuid, text, integer, text),
  payout_desk.take_send_lease_from(uuid, text, integer, text, text),
  payout_desk.observe_answer(uuid, bigint, jsonb, jsonb), payout_desk.keep_exchange(uuid, text, text, jsonb)
  FROM PUBLIC;
GRANT EXECUTE ON FUNCTION payout_desk.take_send_lease(uuid, text, integer, text),
  payout_desk.take_send_lease_from(uuid, text, integer, text, text),
  payout_desk.observe_answer(uuid, bigint, jsonb, jsonb), payout_desk.keep_exchange(uuid, text, text, jsonb)
  TO ${owner}, ${bookkeeper};
`
