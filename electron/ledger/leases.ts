import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import { computerId } from './computer-id.ts'
import type { Ledger } from './open-ledger.ts'
import { prepared } from './statements.ts'
import { unsynced } from './unsynced.ts'

/**
 * One owner per payout, across processes: whoever is about to talk to a gateway about a payout holds its
 * lease (owner, expiry) in the ledger. The window and the CLI share one ledger file, so the lease lives
 * there, not in memory. A crashed owner's lease simply runs out. A shared ledger server would hold the
 * same two columns and answer the same three questions (take, renew, release) over its own transactions.
 * Lease writes do not wait for the disk (unsynced.ts): a power cut or a system crash, the only things that
 * could lose one, also end every process that held one. A refresh's take and release were two of the
 * disk waits that held the window's thread.
 */

/**
 * This process on this machine (host name, process id, this engine, the computer's id): unique per
 * engine, so two engines in one process do not share leases.
 */
export const leaseOwnerId = (): string =>
  `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}:${computerId() ?? ''}`

/** The computer a lease owner (leaseOwnerId) runs on, by its host name, as people call it. */
export const computerOf = (owner: string): string => owner.split(':')[0] ?? ''
/**
 * Whether a lease owner runs on this computer: the same host name, and the same computer id. An owner
 * written before owners carried the id is another computer's whenever this one has an id: its process
 * cannot be looked for here, so its lease runs out instead of being taken over.
 */
export const onThisComputer = (owner: string): boolean => {
  const [host, , , id = ''] = owner.split(':')
  return host === hostname() && id === (computerId() ?? '')
}

/**
 * True when `owner` names a process of this machine that is no longer running (it crashed or was
 * killed): its leases are free at once instead of when they run out. A process of another machine, or
 * one that may still run, is never judged dead.
 */
export function ownerIsGone(owner: string): boolean {
  const pid = owner.split(':')[1]
  if (!onThisComputer(owner) || !pid || !/^\d+$/.test(pid) || Number(pid) === process.pid) return false
  try {
    process.kill(Number(pid), 0)
    return false
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

/**
 * Takes the lease if nobody holds it (it ran out, its process is gone, or it is already ours). Returns
 * false when another owner holds it: the caller leaves the payout alone.
 */
export function takeLease(db: Ledger, id: string, owner: string, now: number, leaseMs: number): boolean {
  const result = unsynced(db, () =>
    prepared(
      db,
      `UPDATE payouts SET lease_owner = ?, lease_until = ?
         WHERE id = ? AND (lease_owner IS NULL OR lease_until <= ? OR lease_owner = ?)`,
    ).run(owner, now + leaseMs, id, now, owner),
  )
  if (result.changes === 1) return true
  const holder = leaseHolder(db, id, now)
  if (!holder || !ownerIsGone(holder)) return false
  // Only if it is still that dead owner's: another process may have taken it over meanwhile.
  return (
    unsynced(db, () =>
      prepared(
        db,
        'UPDATE payouts SET lease_owner = ?, lease_until = ? WHERE id = ? AND lease_owner = ?',
      ).run(owner, now + leaseMs, id, holder),
    ).changes === 1
  )
}

/** Pushes our lease's expiry out while a request is in flight; false if it is no longer ours. */
export function renewLease(db: Ledger, id: string, owner: string, now: number, leaseMs: number): boolean {
  return (
    unsynced(db, () =>
      prepared(db, 'UPDATE payouts SET lease_until = ? WHERE id = ? AND lease_owner = ?').run(
        now + leaseMs,
        id,
        owner,
      ),
    ).changes === 1
  )
}

export function releaseLease(db: Ledger, id: string, owner: string): void {
  unsynced(db, () =>
    prepared(
      db,
      'UPDATE payouts SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?',
    ).run(id, owner),
  )
}

/** Who holds the lease now (null when nobody, or it ran out). */
export function leaseHolder(db: Ledger, id: string, now: number): string | null {
  return (
    (prepared(db, 'SELECT lease_owner FROM payouts WHERE id = ? AND lease_until > ?').pluck().get(id, now) as
      string | null | undefined) ?? null
  )
}
