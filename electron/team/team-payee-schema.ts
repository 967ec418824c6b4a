import type pg from 'pg'
import { payeeKeysOf } from '../../shared/domain/payee-account.ts'
import { PROVIDERS, type ProviderId } from '../../shared/domain/providers.ts'
import { payoutShape } from '../../shared/providers/payout-shape.ts'
import { VEXORA_AREAS } from '../../shared/providers/vexora-areas.ts'
import { writePayoutsSql } from './team-write-schema.ts'

/**
 * Team migration 10: each payout keeps whom it pays, as keys (its payee's name key, the account number's
 * when it names nobody, and its account key), so checking a file reads the payees the file names and the
 * accounts it pays, not every payee the profile ever paid. The keys are the directory's own rule
 * (payeeKeysOf), computed by the book itself in write_payouts from the fields payee_rules names (a name
 * beyond ASCII by the desk's word); a Retry takes its original's, a ledger moved in brings its own, and
 * people may write none. A payout written without them (by hand, with `psql`) is read by every check,
 * whole, as every payout was before: a key that is missing never hides a payee. The payouts written before this
 * migration get their keys from it (fillPayeeKeys, in its transaction), in payout_payees only: rewriting
 * a million payout rows took four minutes, writing their keys apart takes seconds.
 *
 * The keys are looked up in payout_payees, a table of their own that is only ever written once per
 * payout, and not by indexes on the payouts: every claim and answer rewrites a payout's row (its status
 * is in the partial indexes' conditions), and each index of the payouts table is written again each time
 * (two more indexes there made a claim and its answer a sixth slower on the server). The payouts table
 * keeps only the index of payouts written without keys, which a keyed payout is never in. The statement
 * trigger writes payout_payees for every insert but one made with triggers off, which only the
 * administrator can do (a restore of a dump carries payout_payees with it).
 */
export const teamPayeeSql = (owner: string, bookkeeper: string): string => `
-- before_payee_keys: true for every payout already written (a default PostgreSQL keeps once, rewriting
-- nothing), whose keys fillPayeeKeys writes to payout_payees; false for any written from now on.
ALTER TABLE payout_desk.payouts ADD COLUMN payee_name_key text, ADD COLUMN payee_account_key text,
  ADD COLUMN before_payee_keys boolean NOT NULL DEFAULT true;
ALTER TABLE payout_desk.payouts ALTER COLUMN before_payee_keys SET DEFAULT false;
CREATE INDEX payouts_payee_unkeyed ON payout_desk.payouts (profile_id)
  WHERE payee_account_key IS NULL AND NOT before_payee_keys;
-- One row per keyed payout, written with it (payouts_payees below): no key of it changes later.
CREATE TABLE payout_desk.payout_payees (
  payout_id   uuid PRIMARY KEY,
  profile_id  uuid NOT NULL,
  name_key    text,
  account_key text NOT NULL
);
CREATE INDEX payout_payees_name ON payout_desk.payout_payees (profile_id, name_key)
  WHERE name_key IS NOT NULL;
CREATE INDEX payout_payees_account ON payout_desk.payout_payees (profile_id, account_key);
CREATE FUNCTION payout_desk.payouts_payees() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
BEGIN
  INSERT INTO payout_payees (payout_id, profile_id, name_key, account_key)
    SELECT w.id, w.profile_id, w.payee_name_key, w.payee_account_key FROM written w
     WHERE w.payee_account_key IS NOT NULL;
  RETURN NULL;
END $fn$;
CREATE TRIGGER payouts_payees AFTER INSERT ON payout_desk.payouts
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION payout_desk.payouts_payees();
-- A payout paid again pays whom its original paid (migration 7 holds their fields equal): its keys are
-- the original's. After payout_written_retry (triggers of one kind fire in name order). An original
-- without keys leaves the payout as written: without keys (a person may write none), or with the keys a
-- ledger moved in brings (its original may be in the same statement, not yet in payout_payees).
CREATE FUNCTION payout_desk.payout_retry_keys() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = payout_desk, pg_temp AS $fn$
DECLARE
  k payout_payees%ROWTYPE;
BEGIN
  SELECT * INTO k FROM payout_payees WHERE payout_id = NEW.retry_of;
  IF FOUND THEN
    NEW.payee_name_key := k.name_key;
    NEW.payee_account_key := k.account_key;
  END IF;
  RETURN NEW;
END $fn$;
CREATE TRIGGER payout_written_retry_keys BEFORE INSERT ON payout_desk.payouts
  FOR EACH ROW WHEN (NEW.retry_of IS NOT NULL) EXECUTE FUNCTION payout_desk.payout_retry_keys();
${payeeRulesSql()}
REVOKE ALL ON payout_desk.payout_payees, payout_desk.payee_rules FROM PUBLIC;
REVOKE ALL ON FUNCTION payout_desk.payouts_payees(), payout_desk.payout_retry_keys() FROM PUBLIC;
GRANT SELECT ON payout_desk.payout_payees, payout_desk.payee_rules TO ${owner}, ${bookkeeper};
${writePayoutsSql('CREATE OR REPLACE', true)}
`

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`

/**
 * The fields that name a payee and make its account, for each gateway and area this version pays, as
 * the desks' shapes say (shared/providers/payout-shape.ts): write_payouts computes keys from them.
 */
function payeeRulesSql(): string {
  const rows: string[] = []
  for (const provider of PROVIDERS)
    for (const area of new Set(['TH', ...Object.keys(VEXORA_AREAS)])) {
      const shape = payoutShape(provider, area)
      if (!shape) continue
      const account = [...shape.bankFields, shape.accountField].sort()
      // write_payouts reads two name fields and three account fields at most.
      if (shape.nameFields.length > 2 || account.length > 3)
        throw new Error(`${provider} ${area}: more payee fields than write_payouts reads`)
      const list = (names: readonly string[]) => `ARRAY[${names.map(literal).join(', ')}]::text[]`
      rows.push(
        `(${literal(provider)}, ${literal(area)}, ${list(shape.nameFields)}, ${literal(shape.accountField)}, ${list(account)})`,
      )
    }
  return `CREATE TABLE payout_desk.payee_rules (
  provider       text NOT NULL,
  area           text NOT NULL,
  name_fields    text[] NOT NULL,
  account_field  text NOT NULL,
  account_fields text[] NOT NULL,
  PRIMARY KEY (provider, area)
);
INSERT INTO payout_desk.payee_rules VALUES
  ${rows.join(',\n  ')};`
}

interface FillRow {
  id: string
  profile_id: string
  fields: Record<string, string>
  provider: ProviderId
  area: string
}

/** Payouts given their keys in one round (a million payouts are two hundred rounds). */
const FILL_ROUND = 5_000

/**
 * Writes to payout_payees the keys of the payouts written before team migration 10, computed here as a
 * desk computes them when it writes: run by `team init`, as the administrator, in the migration's
 * transaction (until it commits, no check reads the book without them). Returns how many were keyed.
 */
export async function fillPayeeKeys(c: pg.ClientBase): Promise<number> {
  let filled = 0
  let after: string | null = null
  for (;;) {
    const { rows }: { rows: FillRow[] } = await c.query<FillRow>(
      `SELECT p.id, p.profile_id, p.fields, pr.provider, pr.area
         FROM payout_desk.payouts p JOIN payout_desk.profiles pr ON pr.id = p.profile_id
        WHERE p.before_payee_keys AND ($1::uuid IS NULL OR p.id > $1) ORDER BY p.id LIMIT ${FILL_ROUND}`,
      [after],
    )
    if (rows.length === 0) return filled
    after = rows.at(-1)?.id ?? after
    const keyed: { id: string; profile: string; name: string; account: string }[] = []
    // A gateway this version cannot pay has no rule for its payees: such payouts are read whole, should
    // their profile be given an area it can.
    const ruleless: string[] = []
    for (const r of rows) {
      const shape = payoutShape(r.provider, r.area)
      if (shape) keyed.push({ id: r.id, profile: r.profile_id, ...payeeKeysOf(shape, r.fields) })
      else ruleless.push(r.id)
    }
    if (ruleless.length > 0)
      await c.query('UPDATE payout_desk.payouts SET before_payee_keys = false WHERE id = ANY ($1)', [
        ruleless,
      ])
    await c.query(
      `INSERT INTO payout_desk.payout_payees (payout_id, profile_id, name_key, account_key)
         SELECT k.id, k.profile, k.name, k.account
           FROM jsonb_to_recordset($1::jsonb) AS k(id uuid, profile uuid, name text, account text)`,
      [JSON.stringify(keyed)],
    )
    filled += keyed.length
  }
}
