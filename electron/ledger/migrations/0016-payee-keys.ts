import type { Database } from 'better-sqlite3'
import { payeeKeysOf } from '../../../shared/domain/payee-account.ts'
import type { ProviderId } from '../../../shared/domain/providers.ts'
import { payoutShape } from '../../../shared/providers/payout-shape.ts'

/**
 * The payouts the payee rule reads besides the directory: written, not yet learned, maybe paying. Among
 * them a failed or refused one the gateway contradicts (it says it has or paid it): never learned, it may
 * have paid its payee all the same.
 */
export const UNLEARNED_OPEN = `recipient_id IS NULL AND (
        status IN ('draft', 'queued', 'submitting', 'processing', 'unknown', 'needs_review')
        OR (status = 'cancelled' AND attempts > 0)
        OR (status IN ('failed', 'rejected') AND attention = 'contradiction'))`

export function up(db: Database): void {
  db.exec(`
    -- Whom a payout pays, as the payee rule compares payees (name key, and the bank and account fields
    -- as one text), so a New payout looks up the few unsent payouts to this name or account by index
    -- instead of reading every unsent payout's fields.
    ALTER TABLE payouts ADD COLUMN payee_name_key TEXT;
    ALTER TABLE payouts ADD COLUMN payee_account_key TEXT;
    DROP INDEX payouts_unlearned;
    CREATE INDEX payouts_unlearned_by_name ON payouts (profile_id, payee_name_key) WHERE ${UNLEARNED_OPEN};
    CREATE INDEX payouts_unlearned_by_account ON payouts (profile_id, payee_account_key) WHERE ${UNLEARNED_OPEN};

    -- A count of the directory's changes, whoever makes them: what a reader holding the directory across
    -- transactions (an import written in chunks) compares, where a time could repeat or step back.
    CREATE TABLE directory_changes (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL) STRICT;
    INSERT INTO directory_changes VALUES (1, 0);
    CREATE TRIGGER recipients_inserted AFTER INSERT ON recipients
      BEGIN UPDATE directory_changes SET n = n + 1; END;
    CREATE TRIGGER recipients_updated AFTER UPDATE ON recipients
      BEGIN UPDATE directory_changes SET n = n + 1; END;
    CREATE TRIGGER recipients_deleted AFTER DELETE ON recipients
      BEGIN UPDATE directory_changes SET n = n + 1; END;
  `)
  // Every payout the directory has not learned, whatever its status now: a failed one may yet be answered.
  const rows = db
    .prepare(
      `SELECT p.id, p.provider, coalesce(json_extract(p.account_json, '$.area'), pr.area) AS area,
              p.fields_json, p.account_no
         FROM payouts p JOIN profiles pr ON pr.id = p.profile_id WHERE p.recipient_id IS NULL`,
    )
    .iterate() as IterableIterator<{
    id: string
    provider: ProviderId
    area: string
    fields_json: string
    account_no: string
  }>
  const set = db.prepare('UPDATE payouts SET payee_name_key = ?, payee_account_key = ? WHERE id = ?')
  const keyed: [string, string, string][] = []
  for (const r of rows) {
    const shape = payoutShape(r.provider, r.area)
    if (!shape) continue
    const keys = payeeKeysOf(shape, JSON.parse(r.fields_json) as Record<string, string>, r.account_no)
    keyed.push([keys.name, keys.account, r.id])
  }
  for (const k of keyed) set.run(...k)
}
