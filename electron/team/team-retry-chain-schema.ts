import { approveSql } from './team-approve-payee-schema.ts'

/**
 * Team migration 16: a Retry is approved only while no payout it pays again, its original or any Retry
 * between (a Retry of a Retry), may have paid since. Migration 15 looked at the Retry's own original only:
 * the first payout failed, its Retry failed too, and a Retry of that one waited; the gateway then said the
 * first payout paid after all, and the waiting one was approved, as its own original was still plainly
 * failed (review 77 F1: paid twice). Every payout of the chain is locked, so no answer moves one meanwhile.
 */
export const RETRY_CHAIN_CHECK = `
  PERFORM 1 FROM payouts
   WHERE id IN (WITH RECURSIVE chain (id) AS (
                  SELECT w.retry_of FROM payouts w WHERE w.id = ANY (ids) AND w.retry_of IS NOT NULL
                  UNION
                  SELECT o.retry_of FROM chain c JOIN payouts o ON o.id = c.id WHERE o.retry_of IS NOT NULL)
                SELECT id FROM chain)
   ORDER BY id FOR UPDATE;
  WITH RECURSIVE chain (start, id) AS (
    SELECT w.id, w.retry_of FROM payouts w WHERE w.id = ANY (ids) AND w.retry_of IS NOT NULL
    UNION
    SELECT c.start, o.retry_of FROM chain c JOIN payouts o ON o.id = c.id WHERE o.retry_of IS NOT NULL)
  SELECT w.reference INTO paid_since
    FROM chain c JOIN payouts o ON o.id = c.id JOIN payouts w ON w.id = c.start
   WHERE o.status NOT IN ('failed', 'rejected', 'cancelled') OR o.attention IS NOT NULL
   ORDER BY w.created_at, w.reference
   LIMIT 1;
  IF paid_since IS NOT NULL THEN
    RAISE EXCEPTION 'the payout % pays again may have paid since', paid_since
      USING ERRCODE = 'PD008', DETAIL = paid_since;
  END IF;`

export const teamRetryChainSql = (owner: string): string => `
${approveSql(owner, 'CREATE OR REPLACE', true, RETRY_CHAIN_CHECK)}
`
