/**
 * Team migration 12: a payout's profile and batch, and an event's payout, are checked once a statement,
 * not once a row.
 *
 * A foreign key checks each written row by itself: it looks its parent up and locks the parent's row,
 * so that nobody deletes the parent or changes its key before the write commits. A 100,000-row file
 * made 300,000 such checks (its profile, its batch, and the payout of its 'created' event). They
 * repeated the same two rows, or locked payouts written a moment before in the same statement. They
 * were a quarter of the server's time in writing a file.
 *
 * Now each statement's rows are checked together by an AFTER trigger (`foreign_key_violation`, as the
 * foreign key's refusal). Without the lock, the parents must never go away, and now they never do:
 * - a batch was already append-only (team migration 4);
 * - a payout or a profile is never deleted or truncated, and its id never changes;
 * - a payout never moves to another profile or batch (an event's payout was append-only already).
 *
 * Unlike the keys' system triggers, these are user triggers: the table's owner (the administrator who ran
 * `team init`) could switch them off with `ALTER TABLE … DISABLE TRIGGER USER`, as it could any other
 * rule of the book's; the people cannot.
 *
 * Each check asks EXISTS, which PostgreSQL plans for its first row: an index probe a row, even when the
 * statement the session's plan was made for wrote a whole book's events (a hash join there would read the
 * whole book again for each later payout's event).
 */
export const teamLinkSql = (): string => `
ALTER TABLE payout_desk.payouts DROP CONSTRAINT payouts_profile_id_fkey,
  DROP CONSTRAINT payouts_batch_id_fkey;
ALTER TABLE payout_desk.payout_events DROP CONSTRAINT payout_events_payout_id_fkey;

CREATE FUNCTION payout_desk.payouts_have_parents() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
BEGIN
  IF EXISTS (SELECT 1 FROM written w WHERE NOT EXISTS (SELECT 1 FROM profiles p WHERE p.id = w.profile_id))
     OR EXISTS (SELECT 1 FROM written w
                 WHERE w.batch_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM batches b WHERE b.id = w.batch_id))
  THEN
    RAISE EXCEPTION 'a payout names a profile or a batch the book does not have'
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $fn$;
-- First of the payouts' AFTER statement triggers (they fire in name order): a refused statement logs nothing.
CREATE TRIGGER payouts_have_parents AFTER INSERT ON payout_desk.payouts
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION payout_desk.payouts_have_parents();

CREATE FUNCTION payout_desk.events_have_payouts() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
BEGIN
  IF EXISTS (SELECT 1 FROM logged e WHERE NOT EXISTS (SELECT 1 FROM payouts p WHERE p.id = e.payout_id)) THEN
    RAISE EXCEPTION 'an event names a payout the book does not have' USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $fn$;
CREATE TRIGGER payout_events_have_payouts AFTER INSERT ON payout_desk.payout_events
  REFERENCING NEW TABLE AS logged FOR EACH STATEMENT EXECUTE FUNCTION payout_desk.events_have_payouts();
REVOKE ALL ON FUNCTION payout_desk.payouts_have_parents(), payout_desk.events_have_payouts() FROM PUBLIC;

-- What the foreign keys' locks held still: a parent stays, under the same id.
CREATE FUNCTION payout_desk.kept() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION '% are kept for good: the book''s payouts and events name them', TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END $fn$;
REVOKE ALL ON FUNCTION payout_desk.kept() FROM PUBLIC;
${keptFor('payouts')}${keptFor('profiles')}
-- Nor does a payout move to another profile or batch (review 62, F1): the keys checked such a change,
-- the AFTER INSERT triggers do not, and nothing of the book ever makes one.
CREATE TRIGGER payouts_links_kept BEFORE UPDATE OF profile_id, batch_id ON payout_desk.payouts
  FOR EACH ROW WHEN (NEW.profile_id IS DISTINCT FROM OLD.profile_id OR NEW.batch_id IS DISTINCT FROM OLD.batch_id)
  EXECUTE FUNCTION payout_desk.kept();
`

/** A table whose rows are never deleted or truncated, and keep their ids. */
const keptFor = (table: string) => `CREATE TRIGGER ${table}_kept BEFORE DELETE ON payout_desk.${table}
  FOR EACH ROW EXECUTE FUNCTION payout_desk.kept();
CREATE TRIGGER ${table}_not_truncated BEFORE TRUNCATE ON payout_desk.${table}
  FOR EACH STATEMENT EXECUTE FUNCTION payout_desk.kept();
CREATE TRIGGER ${table}_id_kept BEFORE UPDATE OF id ON payout_desk.${table}
  FOR EACH ROW WHEN (NEW.id IS DISTINCT FROM OLD.id) EXECUTE FUNCTION payout_desk.kept();
`
