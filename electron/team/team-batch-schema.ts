/**
 * Team migration 4: files prepared as batches, as on a desk's own ledger.
 *
 * - **A batch** is one reviewed file written at once: its name and digest (the same file again is asked
 *   about), its profile, and who wrote it (the database's word, as for a payout). Append-only.
 * - **A payout joins only a batch of its own profile that its own login wrote**: nobody adds payouts to
 *   a colleague's batch, so an owner approving "the March payroll" approves what its preparer wrote.
 * - **What the person accepted** (a repeat, an account change) is written with the payout and kept in its
 *   'created' event, with the batch.
 * - **The day's total** a payout is judged against is summed once per transaction and profile, then
 *   carried from payout to payout: summing the day again for each of a 100,000-row file's payouts read
 *   the day's rows 100,000 times. Nobody but the trigger reads or writes the carried total, and the
 *   profile's lock it holds keeps every other desk's writes out until this transaction ends.
 */
export const teamBatchSql = (owner: string, bookkeeper: string) => `
CREATE TABLE payout_desk.batches (
  id          uuid PRIMARY KEY,
  profile_id  uuid NOT NULL REFERENCES payout_desk.profiles (id),
  file_name   text CHECK (length(file_name) BETWEEN 1 AND 500),
  file_sha256 text CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  created_by  text NOT NULL DEFAULT session_user,
  created_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX batches_by_file ON payout_desk.batches (profile_id, file_sha256);

CREATE FUNCTION payout_desk.batch_written() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  NEW.created_by := session_user;
  NEW.created_at := clock_timestamp();
  RETURN NEW;
END $fn$;
CREATE TRIGGER batch_written BEFORE INSERT ON payout_desk.batches
  FOR EACH ROW EXECUTE FUNCTION payout_desk.batch_written();
CREATE TRIGGER batches_append_only BEFORE UPDATE OR DELETE ON payout_desk.batches
  FOR EACH ROW EXECUTE FUNCTION payout_desk.append_only();
CREATE TRIGGER batches_no_truncate BEFORE TRUNCATE ON payout_desk.batches
  FOR EACH STATEMENT EXECUTE FUNCTION payout_desk.append_only();

ALTER TABLE payout_desk.payouts
  ADD COLUMN batch_id uuid REFERENCES payout_desk.batches (id),
  ADD COLUMN accepted jsonb CHECK (accepted IS NULL OR jsonb_typeof(accepted) = 'array');
CREATE INDEX payouts_by_batch ON payout_desk.payouts (batch_id) WHERE batch_id IS NOT NULL;

CREATE FUNCTION payout_desk.payout_batch() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
BEGIN
  IF NEW.batch_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM batches b
     WHERE b.id = NEW.batch_id AND b.profile_id = NEW.profile_id AND b.created_by = session_user) THEN
    RAISE EXCEPTION 'a payout joins only a batch of its profile that its own login wrote'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $fn$;
CREATE TRIGGER payout_batch BEFORE INSERT ON payout_desk.payouts
  FOR EACH ROW EXECUTE FUNCTION payout_desk.payout_batch();

CREATE OR REPLACE FUNCTION payout_desk.payout_logged() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
BEGIN
  INSERT INTO payout_events (payout_id, kind, person, detail)
    VALUES (NEW.id, 'created', session_user,
      jsonb_build_object('status', NEW.status)
        || jsonb_strip_nulls(jsonb_build_object('batch', NEW.batch_id, 'accepted', NEW.accepted)));
  RETURN NULL;
END $fn$;

CREATE TABLE payout_desk.day_totals (
  xact       xid8 NOT NULL,
  profile_id uuid NOT NULL,
  day_start  timestamptz NOT NULL,
  total      bigint NOT NULL,
  PRIMARY KEY (xact, profile_id, day_start)
);

CREATE OR REPLACE FUNCTION payout_desk.payout_written() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp
  SET timezone_abbreviations = 'Default' AS $fn$
DECLARE
  p profiles%ROWTYPE;
  today timestamptz;
  day_total bigint;
  written_at timestamptz;
  here xid8 := pg_current_xact_id();
BEGIN
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'payouts are written in READ COMMITTED transactions' USING ERRCODE = 'PD002';
  END IF;
  SELECT * INTO p FROM profiles WHERE id = NEW.profile_id FOR NO KEY UPDATE;
  IF NEW.currency <> p.currency THEN
    RAISE EXCEPTION 'payout currency % is not the profile''s %', NEW.currency, p.currency
      USING ERRCODE = 'check_violation';
  END IF;
  written_at := clock_timestamp();
  today := date_trunc('day', written_at AT TIME ZONE p.time_zone) AT TIME ZONE p.time_zone;
  SELECT d.total INTO day_total FROM day_totals d
    WHERE d.xact = here AND d.profile_id = NEW.profile_id AND d.day_start = today;
  IF NOT FOUND THEN
    -- Totals carried by transactions that have all ended: none is waiting on them.
    DELETE FROM day_totals d WHERE d.xact < pg_snapshot_xmin(pg_current_snapshot());
    SELECT COALESCE(SUM(amount_minor), 0) INTO day_total FROM payouts
      WHERE profile_id = NEW.profile_id AND created_at >= today
        AND status NOT IN ('failed', 'rejected', 'cancelled');
    INSERT INTO day_totals (xact, profile_id, day_start, total)
      VALUES (here, NEW.profile_id, today, day_total + NEW.amount_minor);
  ELSE
    UPDATE day_totals d SET total = d.total + NEW.amount_minor
      WHERE d.xact = here AND d.profile_id = NEW.profile_id AND d.day_start = today;
  END IF;
  NEW.prepared_by := session_user;
  NEW.approved_by := NULL;
  NEW.approved_at := NULL;
  NEW.created_at := written_at;
  NEW.status := CASE
    WHEN (p.per_payout_minor IS NOT NULL AND NEW.amount_minor > p.per_payout_minor)
      OR (p.per_day_minor IS NOT NULL AND day_total + NEW.amount_minor > p.per_day_minor)
    THEN 'awaiting_approval' ELSE 'queued' END;
  RETURN NEW;
END $fn$;

REVOKE ALL ON payout_desk.day_totals FROM PUBLIC;
REVOKE ALL ON payout_desk.batches FROM PUBLIC;
REVOKE ALL ON FUNCTION payout_desk.batch_written(), payout_desk.payout_batch() FROM PUBLIC;
GRANT SELECT, INSERT (id, profile_id, file_name, file_sha256) ON payout_desk.batches TO ${owner}, ${bookkeeper};
GRANT INSERT (batch_id, accepted) ON payout_desk.payouts TO ${owner}, ${bookkeeper};
`
