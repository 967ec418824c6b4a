import { persist } from '../ledger/busy-retry.ts'
import type { EngineStore } from '../ledger/engine-store.ts'
import { releaseLease, renewLease, takeLease } from '../ledger/leases.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import {
  callbackSeen,
  claimForSubmit,
  confirmedSinglesLeftQueued,
  findByReference,
  idsWithStatus,
  loadPayout,
  observe,
  payoutAtAccount,
  recordCallback,
  recordCallbackRejection,
  recordExchange,
  rememberCallback,
} from '../ledger/payout-store.ts'
import { getProfile } from '../ledger/profiles-repo.ts'
import { mayLeave } from './release-seals.ts'

/**
 * The engine's store on the local SQLite ledger. Reads answer at once; every write waits out another
 * process's write lock on a timer (persist), never on the thread that draws the window. The release seal
 * (may this payout leave?) is asked inside the claim's transaction.
 */
export function sqliteEngineStore(db: Ledger, now: () => number): EngineStore {
  const write = <T>(work: () => T) => persist(db, work)
  const read = <T>(work: () => T) => Promise.resolve().then(work)
  return {
    profile: (id) => read(() => getProfile(db, id)),
    payout: (id) => read(() => loadPayout(db, id)),
    payouts: (ids) => read(() => ids.flatMap((id) => loadPayout(db, id) ?? [])),
    payoutByReference: (profileId, reference) => read(() => findByReference(db, profileId, reference)),
    payoutAtAccount: (account, reference) => read(() => payoutAtAccount(db, account, reference)),
    idsWithStatus: (statuses) => read(() => idsWithStatus(db, statuses)),
    confirmedSinglesLeftQueued: () => read(() => confirmedSinglesLeftQueued(db)),

    takeLease: (id, owner, ms) => write(() => takeLease(db, id, owner, now(), ms)),
    renewLease: (id, owner, ms) => write(() => renewLease(db, id, owner, now(), ms)),
    releaseLease: (id, owner) => write(() => releaseLease(db, id, owner)),
    claimForSubmit: (id, from, lease) =>
      write(() => claimForSubmit(db, id, from, now(), lease, (payoutId) => mayLeave(db, payoutId))),

    observe: (id, observation, answer) =>
      write(() =>
        answer
          ? db.transaction(() => {
              recordExchange(db, id, answer.kind, answer.exchange, answer.outcome, now())
              return observe(db, id, observation, now())
            })()
          : observe(db, id, observation, now()),
      ),
    recordExchange: (id, answer) =>
      write(() => recordExchange(db, id, answer.kind, answer.exchange, answer.outcome, now())),

    callbackSeen: (signed) => read(() => callbackSeen(db, signed)),
    recordCallback: (id, rawBody) => write(() => recordCallback(db, id, rawBody, now())),
    rememberCallback: (id, signed) => write(() => rememberCallback(db, id, signed, now())),
    recordCallbackRejection: (profileId, reason, detail, body) =>
      write(() => recordCallbackRejection(db, profileId, reason, detail, body, now())),
  }
}
