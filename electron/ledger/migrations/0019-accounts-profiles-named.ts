import type { Database } from 'better-sqlite3'

/**
 * Every gateway account a profile has named, now or before (review 65 F1). The rules that read "one
 * merchant account is one purse" (same-account.ts) took the profiles at the account as they are now: once
 * a profile was pointed at another merchant, what it had paid at the old one no longer counted there, so
 * the same amount to the same person through a profile still at the old account went without the question.
 * A payout's account is frozen on it when written (its account_key, migration 5), so every payout written
 * for an account is a payout of a profile that named the account then: kept here, by the profiles' own
 * triggers, and filled once from the profiles and from what their payouts were written for.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE profile_accounts (
      account_key TEXT NOT NULL,
      profile_id  TEXT NOT NULL,
      PRIMARY KEY (account_key, profile_id)
    ) STRICT, WITHOUT ROWID;

    INSERT OR IGNORE INTO profile_accounts (account_key, profile_id)
      SELECT provider || ' ' || base_url || ' ' || merchant_id, id FROM profiles;
    INSERT OR IGNORE INTO profile_accounts (account_key, profile_id)
      SELECT DISTINCT account_key, profile_id FROM payouts WHERE account_key IS NOT NULL;

    CREATE TRIGGER profile_accounts_named AFTER INSERT ON profiles BEGIN
      INSERT OR IGNORE INTO profile_accounts (account_key, profile_id)
        VALUES (NEW.provider || ' ' || NEW.base_url || ' ' || NEW.merchant_id, NEW.id);
    END;
    CREATE TRIGGER profile_accounts_renamed AFTER UPDATE OF provider, base_url, merchant_id ON profiles BEGIN
      INSERT OR IGNORE INTO profile_accounts (account_key, profile_id)
        VALUES (NEW.provider || ' ' || NEW.base_url || ' ' || NEW.merchant_id, NEW.id);
    END;
    CREATE TRIGGER profile_accounts_forgotten AFTER DELETE ON profiles BEGIN
      DELETE FROM profile_accounts WHERE profile_id = OLD.id;
    END;
  `)
}
