import type { Database } from 'better-sqlite3'

export function up(db: Database): void {
  db.exec(`
    -- Who talks to the gateway about this payout right now (one process of one machine), and until when.
    -- Taken in the same IMMEDIATE transaction as a claim, renewed while a request is in flight, released
    -- after; an expired lease belongs to nobody.
    ALTER TABLE payouts ADD COLUMN lease_owner TEXT;
    ALTER TABLE payouts ADD COLUMN lease_until INTEGER;
    -- When the last create request left, and how many re-sends "not found" has caused so far.
    ALTER TABLE payouts ADD COLUMN last_attempt_at INTEGER;
    ALTER TABLE payouts ADD COLUMN resends INTEGER NOT NULL DEFAULT 0;
    -- Raised when a person must decide (shared/domain/attention.ts); the two sides of a disagreement.
    ALTER TABLE payouts ADD COLUMN attention TEXT;
    ALTER TABLE payouts ADD COLUMN attention_at INTEGER;
    ALTER TABLE payouts ADD COLUMN attention_json TEXT;
    -- An amount text the gateway reports that a person has already ruled on: not raised again.
    ALTER TABLE payouts ADD COLUMN amount_ruling TEXT;
    -- Grows whenever the status or the attention changes: a person's decision names the version they saw.
    ALTER TABLE payouts ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
    -- The gateway account the payout was written for (provider, area, environment, base URL, merchant),
    -- frozen with the reference: queries and re-sends go there, whatever the profile says later.
    ALTER TABLE payouts ADD COLUMN account_json TEXT;
    ALTER TABLE payouts ADD COLUMN account_key TEXT;
    -- The window's key for one confirmed payout: the same key twice is the same payout.
    ALTER TABLE payouts ADD COLUMN idempotency_key TEXT;

    CREATE UNIQUE INDEX payouts_by_idempotency_key ON payouts (idempotency_key)
      WHERE idempotency_key IS NOT NULL;
    CREATE INDEX payouts_needing_attention ON payouts (attention_at) WHERE attention IS NOT NULL;
    -- A reference is unique per gateway account, not only per profile (two profiles can name one account).
    CREATE UNIQUE INDEX payouts_reference_per_account ON payouts (account_key, reference)
      WHERE account_key IS NOT NULL;
  `)
  // Payouts still open are frozen to the account their profile names today; final ones are never
  // contacted again. Only open rows are touched, so a large ledger upgrades in moments.
  db.exec(`
    UPDATE payouts SET
      account_json = (SELECT json_object('provider', pr.provider, 'area', pr.area,
          'environment', pr.environment, 'baseUrl', pr.base_url, 'merchantId', pr.merchant_id)
        FROM profiles pr WHERE pr.id = payouts.profile_id),
      account_key = (SELECT pr.provider || ' ' || pr.base_url || ' ' || pr.merchant_id
        FROM profiles pr WHERE pr.id = payouts.profile_id)
    WHERE status IN ('draft', 'queued', 'submitting', 'processing', 'unknown', 'needs_review')
      AND NOT EXISTS (SELECT 1 FROM payouts o, profiles pr
        WHERE pr.id = payouts.profile_id AND o.account_key = pr.provider || ' ' || pr.base_url || ' ' || pr.merchant_id
          AND o.reference = payouts.reference);
  `)
}
