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
 *   profile's lock it holds keeps every other desk's writes out until this transaction ends. Without a
 *   daily limit there is no total to carry.
 * - **One trigger per payout, one per statement**: the payout's account (migration 3's trigger) and its
 *   batch are checked by the trigger that already holds its profile, and the 'created' events of one
 *   statement are written by one statement.
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

-- Every payout's 'created' event, with its batch and what its person accepted: one statement per
-- statement that wrote payouts (a 100,000-row file is one insert of events, not 100,000).
DROP TRIGGER payout_logged ON payout_desk.payouts;
CREATE FUNCTION payout_desk.payouts_logged() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
BEGIN
  INSERT INTO payout_events (payout_id, kind, person, detail)
    SELECT w.id, 'created', session_user,
           jsonb_build_object('status', w.status)
             || jsonb_strip_nulls(jsonb_build_object('batch', w.batch_id, 'accepted', w.accepted))
      FROM written w ORDER BY w.created_at, w.id;
  RETURN NULL;
END $fn$;
CREATE TRIGGER payouts_logged AFTER INSERT ON payout_desk.payouts
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION payout_desk.payouts_logged();

CREATE TABLE payout_desk.day_totals (
  xact       xid8 NOT NULL,
  profile_id uuid NOT NULL,
  n          bigint NOT NULL,
  day_start  timestamptz NOT NULL,
  day_end    timestamptz NOT NULL,
  total      bigint NOT NULL,
  PRIMARY KEY (xact, profile_id, n)
);

-- The profile's day around a moment, with the abbreviations a session cannot redefine (any login may SET
-- timezone_abbreviations, and AT TIME ZONE reads an abbreviation there first). A function's own SET costs
-- each call dearly, so only the first payout of a day and transaction asks.
CREATE FUNCTION payout_desk.day_around(at timestamptz, zone text, OUT day_start timestamptz,
  OUT day_end timestamptz)
LANGUAGE sql STABLE SET timezone_abbreviations = 'Default' AS $fn$
  SELECT date_trunc('day', at AT TIME ZONE zone) AT TIME ZONE zone,
         (date_trunc('day', at AT TIME ZONE zone) + interval '1 day') AT TIME ZONE zone
$fn$;

${payoutWrittenSql('bigint')}

REVOKE ALL ON payout_desk.day_totals FROM PUBLIC;
REVOKE ALL ON payout_desk.batches FROM PUBLIC;
DROP TRIGGER payout_account ON payout_desk.payouts;
REVOKE ALL ON FUNCTION payout_desk.batch_written(), payout_desk.payouts_logged(),
  payout_desk.day_around(timestamptz, text) FROM PUBLIC;
GRANT SELECT, INSERT (id, profile_id, file_name, file_sha256) ON payout_desk.batches TO ${owner}, ${bookkeeper};
GRANT INSERT (batch_id, accepted) ON payout_desk.payouts TO ${owner}, ${bookkeeper};
`

/**
 * The row trigger's judgement of one payout (migration 4; migration 9 makes the day's total a numeric):
 * its profile's lock, currency and batch, its frozen account, and the day's total carried within the
 * transaction.
 */
export const payoutWrittenSql = (
  dayTotal: 'bigint' | 'numeric',
) => `CREATE OR REPLACE FUNCTION payout_desk.payout_written() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
DECLARE
  p profiles%ROWTYPE;
  d day_totals%ROWTYPE;
  day_total ${dayTotal};
  written_at timestamptz;
  here xid8;
BEGIN
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'payouts are written in READ COMMITTED transactions' USING ERRCODE = 'PD002';
  END IF;
  SELECT * INTO p FROM profiles WHERE id = NEW.profile_id FOR NO KEY UPDATE;
  IF NEW.currency <> p.currency THEN
    RAISE EXCEPTION 'payout currency % is not the profile''s %', NEW.currency, p.currency
      USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.batch_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM batches b
     WHERE b.id = NEW.batch_id AND b.profile_id = NEW.profile_id AND b.created_by = session_user) THEN
    RAISE EXCEPTION 'a payout joins only a batch of its profile that its own login wrote'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  -- Migration 3's payout_account, here with the profile already read.
  NEW.account := jsonb_build_object('provider', p.provider, 'area', p.area, 'environment', p.environment,
    'baseUrl', p.base_url, 'merchantId', p.merchant_id);
  written_at := clock_timestamp();
  day_total := 0;
  -- Without a daily limit no day's total is needed.
  IF p.per_day_minor IS NOT NULL THEN
    here := pg_current_xact_id();
    -- Carried forward by a row per payout, never by updating one row: a row updated 100,000 times in one
    -- transaction leaves a chain of versions each later lookup walks.
    SELECT * INTO d FROM day_totals t WHERE t.xact = here AND t.profile_id = NEW.profile_id
      ORDER BY t.n DESC LIMIT 1;
    IF FOUND AND written_at >= d.day_start AND written_at < d.day_end THEN
      day_total := d.total;
    ELSE
      IF NOT FOUND THEN
        -- This profile's totals carried by transactions that have all ended. Only this profile's: its lock
        -- keeps other writers of it out, and another profile's rows, deleted here, would hold its first
        -- writer until this transaction ends.
        DELETE FROM day_totals t
          WHERE t.profile_id = NEW.profile_id AND t.xact < pg_snapshot_xmin(pg_current_snapshot());
      END IF;
      SELECT a.day_start, a.day_end INTO d.day_start, d.day_end FROM day_around(written_at, p.time_zone) a;
      d.n := COALESCE(d.n, 0);
      SELECT COALESCE(SUM(amount_minor), 0) INTO day_total FROM payouts
        WHERE profile_id = NEW.profile_id AND created_at >= d.day_start
          AND status NOT IN ('failed', 'rejected', 'cancelled');
    END IF;
    INSERT INTO day_totals (xact, profile_id, n, day_start, day_end, total)
      VALUES (here, NEW.profile_id, d.n + 1, d.day_start, d.day_end, day_total + NEW.amount_minor);
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
END $fn$;`
