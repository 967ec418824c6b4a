import type { Database } from 'better-sqlite3'

export function up(db: Database): void {
  db.exec(`
    -- The window writes a large import in short transactions (electron/import/commit-in-chunks.ts). Until
    -- its last step its batch is 'importing': nothing of it can be sent or released, and if the import
    -- fails or its process dies, what it wrote is removed again. The audit trail stays append-only for
    -- every payout that was ever part of a real batch: only the events of an importing batch's payouts
    -- can be deleted, and a batch is 'importing' only from birth (never again once published).
    DROP TRIGGER payout_events_no_delete;
    CREATE TRIGGER payout_events_no_delete BEFORE DELETE ON payout_events
      WHEN NOT EXISTS (SELECT 1 FROM payouts p JOIN batches b ON b.id = p.batch_id
                        WHERE p.id = OLD.payout_id AND b.state = 'importing')
    BEGIN SELECT RAISE(ABORT, 'payout_events is append-only'); END;
    CREATE TRIGGER batches_importing_only_at_birth BEFORE UPDATE OF state ON batches
      WHEN NEW.state = 'importing' AND OLD.state IS NOT 'importing'
    BEGIN SELECT RAISE(ABORT, 'a published batch cannot become an import again'); END;
  `)
}
