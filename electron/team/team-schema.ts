/**
 * The team ledger's schema on PostgreSQL, and who may do what in it. PostgreSQL enforces the roles, not
 * the app: a person is a database login in one of two groups, and a bookkeeper connected with `psql`
 * can do no more than through Payout Desk.
 *
 * - Both read the whole book (one team, one book) and write payouts, with only the columns that say what
 *   to pay: who prepared it, its status and its approval are set by the database (column grants and a
 *   SECURITY DEFINER trigger), so nobody writes a payout as somebody else or as approved.
 * - Over a profile's limit (per payout, or the day's total in the profile's time zone), a payout waits for
 *   approval; only an owner approves (`payout_desk.approve`), never what they prepared, and only exactly
 *   what was shown (the same payouts, the same total).
 * - Only an owner adds or changes a profile (its gateway account, its limits).
 * - The audit logs (payouts', profiles') record the connected person with every event and are
 *   append-only for everybody, the administrator's TRUNCATE included.
 * - A payout is written in a READ COMMITTED transaction (refused otherwise), so the day's total it is
 *   judged against is read after the profile's lock, with every other desk's payouts in it.
 *
 * Each migration runs once, in order, in one transaction; `team_meta.schema_version` says which ran.
 */

import type pg from 'pg'
import { teamAnswerSql } from './team-answer-schema.ts'
import { approveSql, teamApprovePayeeSql } from './team-approve-payee-schema.ts'
import { teamRetryChainSql } from './team-retry-chain-schema.ts'
import { teamApproveConcernsSql } from './team-approve-concerns-schema.ts'
import { teamRetryLeaveSql } from './team-retry-leave-schema.ts'
import { teamWriteSql } from './team-write-schema.ts'
import { teamLinkSql } from './team-link-schema.ts'
import { teamPayeeControlSql } from './team-payee-control-schema.ts'
import { teamPayeeInvisibleSql } from './team-payee-invisible-schema.ts'
import { teamPayeeNameSql } from './team-payee-name-schema.ts'
import { fillPayeeKeys, teamPayeeSql } from './team-payee-schema.ts'
import { teamBatchSql } from './team-batch-schema.ts'
import { teamDecisionSql } from './team-decision-schema.ts'
import { teamEngineSql } from './team-engine-schema.ts'
import { teamRetrySql } from './team-retry-schema.ts'
import { teamRefuseSql } from './team-refuse-schema.ts'
import { teamSenderSql } from './team-sender-schema.ts'
import { teamSendingSql } from './team-sending-schema.ts'

export const OWNER_GROUP = 'payout_desk_owner'
export const BOOKKEEPER_GROUP = 'payout_desk_bookkeeper'

export interface TeamMigration {
  version: number
  name: string
  sql: string
  /** What the migration's SQL cannot do itself, done after it in the same transaction (as the administrator). */
  then?: (c: pg.ClientBase) => Promise<unknown>
}

const v1 = `
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${OWNER_GROUP}') THEN
    CREATE ROLE ${OWNER_GROUP} NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${BOOKKEEPER_GROUP}') THEN
    CREATE ROLE ${BOOKKEEPER_GROUP} NOLOGIN;
  END IF;
END $$;

CREATE TABLE payout_desk.profiles (
  id               uuid PRIMARY KEY,
  name             text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
  provider         text NOT NULL CHECK (provider IN ('vexora', 'bluepay')),
  environment      text NOT NULL CHECK (environment IN ('sandbox', 'production')),
  base_url         text NOT NULL,
  merchant_id      text NOT NULL,
  currency         text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  per_payout_minor bigint CHECK (per_payout_minor >= 0),
  per_day_minor    bigint CHECK (per_day_minor >= 0),
  time_zone        text NOT NULL DEFAULT 'Asia/Jakarta',
  changed_by       text NOT NULL DEFAULT session_user,
  changed_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE payout_desk.payouts (
  id           uuid PRIMARY KEY,
  profile_id   uuid NOT NULL REFERENCES payout_desk.profiles (id),
  reference    text NOT NULL CHECK (reference ~ '^[A-Za-z0-9_-]{1,64}$'),
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  currency     text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  fields       jsonb NOT NULL,
  status       text NOT NULL DEFAULT 'queued'
               CHECK (status IN ('awaiting_approval', 'queued', 'submitting', 'processing', 'unknown',
                                 'succeeded', 'failed', 'rejected', 'cancelled')),
  prepared_by  text NOT NULL DEFAULT session_user,
  approved_by  text,
  approved_at  timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (profile_id, reference)
);
CREATE INDEX payouts_by_profile_day ON payout_desk.payouts (profile_id, created_at);
CREATE INDEX payouts_awaiting ON payout_desk.payouts (profile_id) WHERE status = 'awaiting_approval';

CREATE TABLE payout_desk.payout_events (
  seq       bigserial PRIMARY KEY,
  payout_id uuid NOT NULL REFERENCES payout_desk.payouts (id),
  at        timestamptz NOT NULL DEFAULT now(),
  kind      text NOT NULL,
  person    text NOT NULL DEFAULT session_user,
  detail    jsonb
);
CREATE INDEX payout_events_by_payout ON payout_desk.payout_events (payout_id, seq);

-- Who prepared a payout, and whether it waits, is the database's word: whatever the row said.
CREATE FUNCTION payout_desk.payout_written() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp
  SET timezone_abbreviations = 'Default' AS $fn$
DECLARE
  p profiles%ROWTYPE;
  day_start timestamptz;
  day_total bigint;
  written_at timestamptz;
BEGIN
  -- The day's total is read after the lock below: only a READ COMMITTED snapshot taken then sees it all.
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'payouts are written in READ COMMITTED transactions' USING ERRCODE = 'PD002';
  END IF;
  -- One writer per profile at a time, so two desks cannot both fit under the same day's limit: a row lock
  -- only this function (and an owner's UPDATE) takes, not an advisory key anybody could hold.
  SELECT * INTO p FROM profiles WHERE id = NEW.profile_id FOR NO KEY UPDATE;
  IF NEW.currency <> p.currency THEN
    RAISE EXCEPTION 'payout currency % is not the profile''s %', NEW.currency, p.currency
      USING ERRCODE = 'check_violation';
  END IF;
  -- The moment of writing, not the transaction's start: a transaction opened yesterday writes today.
  written_at := clock_timestamp();
  day_start := date_trunc('day', written_at AT TIME ZONE p.time_zone) AT TIME ZONE p.time_zone;
  SELECT COALESCE(SUM(amount_minor), 0) INTO day_total FROM payouts
    WHERE profile_id = NEW.profile_id AND created_at >= day_start
      AND status NOT IN ('failed', 'rejected', 'cancelled');
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
CREATE TRIGGER payout_written BEFORE INSERT ON payout_desk.payouts
  FOR EACH ROW EXECUTE FUNCTION payout_desk.payout_written();

CREATE FUNCTION payout_desk.payout_logged() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
BEGIN
  INSERT INTO payout_events (payout_id, kind, person, detail)
    VALUES (NEW.id, 'created', session_user, jsonb_build_object('status', NEW.status));
  RETURN NULL;
END $fn$;
CREATE TRIGGER payout_logged AFTER INSERT ON payout_desk.payouts
  FOR EACH ROW EXECUTE FUNCTION payout_desk.payout_logged();

CREATE FUNCTION payout_desk.profile_changed() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  NEW.changed_by := session_user;
  NEW.changed_at := now();
  RETURN NEW;
END $fn$;
CREATE TRIGGER profile_changed BEFORE INSERT OR UPDATE ON payout_desk.profiles
  FOR EACH ROW EXECUTE FUNCTION payout_desk.profile_changed();

-- Every change of a profile (its account, its limits) is kept with the person and what it was before:
-- an owner may change her limits alone, but not unseen.
CREATE TABLE payout_desk.profile_events (
  seq        bigserial PRIMARY KEY,
  profile_id uuid NOT NULL REFERENCES payout_desk.profiles (id),
  at         timestamptz NOT NULL DEFAULT clock_timestamp(),
  person     text NOT NULL DEFAULT session_user,
  old        jsonb,
  new        jsonb NOT NULL
);
CREATE FUNCTION payout_desk.profile_logged() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
BEGIN
  INSERT INTO profile_events (profile_id, person, old, new)
    VALUES (NEW.id, session_user, CASE WHEN TG_OP = 'UPDATE' THEN to_jsonb(OLD) END, to_jsonb(NEW));
  RETURN NULL;
END $fn$;
CREATE TRIGGER profile_logged AFTER INSERT OR UPDATE ON payout_desk.profiles
  FOR EACH ROW EXECUTE FUNCTION payout_desk.profile_logged();

CREATE FUNCTION payout_desk.append_only() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'insufficient_privilege';
END $fn$;
CREATE TRIGGER payout_events_append_only BEFORE UPDATE OR DELETE ON payout_desk.payout_events
  FOR EACH ROW EXECUTE FUNCTION payout_desk.append_only();
CREATE TRIGGER payout_events_no_truncate BEFORE TRUNCATE ON payout_desk.payout_events
  FOR EACH STATEMENT EXECUTE FUNCTION payout_desk.append_only();
CREATE TRIGGER profile_events_append_only BEFORE UPDATE OR DELETE ON payout_desk.profile_events
  FOR EACH ROW EXECUTE FUNCTION payout_desk.append_only();
CREATE TRIGGER profile_events_no_truncate BEFORE TRUNCATE ON payout_desk.profile_events
  FOR EACH STATEMENT EXECUTE FUNCTION payout_desk.append_only();

-- An owner's approval of exactly what was shown: these payouts, this total, none of them the owner's own.
${approveSql(OWNER_GROUP, 'CREATE', false)}

REVOKE ALL ON SCHEMA payout_desk FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA payout_desk FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA payout_desk FROM PUBLIC;
GRANT USAGE ON SCHEMA payout_desk TO ${OWNER_GROUP}, ${BOOKKEEPER_GROUP};
GRANT SELECT ON ALL TABLES IN SCHEMA payout_desk TO ${OWNER_GROUP}, ${BOOKKEEPER_GROUP};
GRANT INSERT (id, profile_id, reference, amount_minor, currency, fields) ON payout_desk.payouts
  TO ${OWNER_GROUP}, ${BOOKKEEPER_GROUP};
GRANT INSERT (id, name, provider, environment, base_url, merchant_id, currency, per_payout_minor,
              per_day_minor, time_zone),
      UPDATE (name, environment, base_url, merchant_id, per_payout_minor, per_day_minor, time_zone)
  ON payout_desk.profiles TO ${OWNER_GROUP};
GRANT EXECUTE ON FUNCTION payout_desk.approve(uuid[], bigint) TO ${OWNER_GROUP};
`

export const TEAM_MIGRATIONS: readonly TeamMigration[] = [
  { version: 1, name: 'roles-and-approvals', sql: v1 },
  { version: 2, name: 'sending-claims-and-fencing', sql: teamSendingSql(OWNER_GROUP, BOOKKEEPER_GROUP) },
  { version: 3, name: 'the-engines-store', sql: teamEngineSql(OWNER_GROUP, BOOKKEEPER_GROUP) },
  { version: 4, name: 'batches', sql: teamBatchSql(OWNER_GROUP, BOOKKEEPER_GROUP) },
  { version: 5, name: 'senders-prove-the-secret', sql: teamSenderSql(OWNER_GROUP, BOOKKEEPER_GROUP) },
  { version: 6, name: 'people-decide', sql: teamDecisionSql(OWNER_GROUP, BOOKKEEPER_GROUP) },
  { version: 7, name: 'paying-again', sql: teamRetrySql(OWNER_GROUP, BOOKKEEPER_GROUP) },
  { version: 8, name: 'answers-in-one-call', sql: teamAnswerSql(OWNER_GROUP, BOOKKEEPER_GROUP) },
  { version: 9, name: 'files-written-in-one-set', sql: teamWriteSql(OWNER_GROUP, BOOKKEEPER_GROUP) },
  // Migration 10 was written again in place (review 58: the book computes the keys) in the session that
  // added it, before any of its forms landed: no book ran its first form. A landed migration is never
  // edited; its successor is a new one.
  {
    version: 10,
    name: 'payees-by-key',
    sql: teamPayeeSql(OWNER_GROUP, BOOKKEEPER_GROUP),
    then: fillPayeeKeys,
  },
  { version: 11, name: 'payee-names-folded-by-the-book', sql: teamPayeeNameSql() },
  { version: 12, name: 'links-checked-once-a-statement', sql: teamLinkSql() },
  { version: 13, name: 'payee-names-without-invisibles-read-whole', sql: teamPayeeInvisibleSql() },
  { version: 14, name: 'payee-names-without-controls-read-whole', sql: teamPayeeControlSql() },
  { version: 15, name: 'approvals-judge-the-payee', sql: teamApprovePayeeSql(OWNER_GROUP) },
  { version: 16, name: 'retries-judged-by-their-whole-chain', sql: teamRetryChainSql(OWNER_GROUP) },
  {
    version: 17,
    name: 'retries-written-and-sent-only-while-their-chain-did-not-pay',
    sql: teamRetryLeaveSql(),
  },
  {
    version: 18,
    name: 'approvals-acknowledge-what-the-book-notes',
    sql: teamApproveConcernsSql(OWNER_GROUP, BOOKKEEPER_GROUP),
  },
  { version: 19, name: 'owners-refuse-what-waits', sql: teamRefuseSql(OWNER_GROUP) },
]

export const latestTeamVersion = (): number => TEAM_MIGRATIONS.at(-1)?.version ?? 0
