import type pg from 'pg'
import { teamPayeeKeys } from '../../shared/domain/payee-account.ts'
import type { ProviderId } from '../../shared/domain/providers.ts'
import { payoutShape } from '../../shared/providers/payout-shape.ts'
import { writePayoutsSql } from './team-write-schema.ts'

/**
 * Team migration 10: each payout keeps whom it pays, as keys (its payee's name key, null when it names
 * nobody, and its account key), so checking a file reads the payees the file names and the accounts it
 * pays, not every payee the profile ever paid. The keys are the directory's own (teamPayeeKeys), computed
 * by the desk that writes the payout: write_payouts takes them with each row, a Retry and a ledger moved
 * in write them too. A payout written without them (by hand, with `psql`, or before this migration and
 * not filled yet) is read by every check, whole, as every payout was before: a key that is missing never
 * hides a payee.
 */
export const teamPayeeSql = (owner: string, bookkeeper: string): string => `
ALTER TABLE payout_desk.payouts ADD COLUMN payee_name_key text, ADD COLUMN payee_account_key text;
CREATE INDEX payouts_payee_name ON payout_desk.payouts (profile_id, payee_name_key)
  WHERE payee_name_key IS NOT NULL;
CREATE INDEX payouts_payee_account ON payout_desk.payouts (profile_id, payee_account_key)
  WHERE payee_account_key IS NOT NULL;
CREATE INDEX payouts_payee_unkeyed ON payout_desk.payouts (profile_id) WHERE payee_account_key IS NULL;
${writePayoutsSql('CREATE OR REPLACE', true)}
GRANT INSERT (payee_name_key, payee_account_key) ON payout_desk.payouts TO ${owner}, ${bookkeeper};
`

/** Payouts given their keys in one round (a million payouts are a few hundred rounds). */
const FILL_ROUND = 5_000

/**
 * Gives the payouts written before migration 10 (or by hand since) their payee keys, computed here as a
 * desk computes them when it writes: run by `team init`, as the administrator, in its transaction.
 * Returns how many were filled.
 */
export async function fillPayeeKeys(c: pg.ClientBase): Promise<number> {
  let filled = 0
  let after = '00000000-0000-0000-0000-000000000000'
  for (;;) {
    const { rows } = await c.query<{
      id: string
      fields: Record<string, string>
      provider: ProviderId
      area: string
    }>(
      `SELECT p.id, p.fields, pr.provider, pr.area
         FROM payout_desk.payouts p JOIN payout_desk.profiles pr ON pr.id = p.profile_id
        WHERE p.payee_account_key IS NULL AND p.id > $1 ORDER BY p.id LIMIT ${FILL_ROUND}`,
      [after],
    )
    if (rows.length === 0) return filled
    after = rows.at(-1)?.id ?? after
    const keyed = rows.flatMap((r) => {
      const shape = payoutShape(r.provider, r.area)
      // A gateway this version cannot pay has no rule for its payees: left to be read whole.
      return shape ? [{ id: r.id, ...teamPayeeKeys(shape, r.fields) }] : []
    })
    await c.query(
      `UPDATE payout_desk.payouts p SET payee_name_key = k.name, payee_account_key = k.account
         FROM jsonb_to_recordset($1::jsonb) AS k(id uuid, name text, account text) WHERE p.id = k.id`,
      [JSON.stringify(keyed)],
    )
    filled += keyed.length
  }
}
