import type pg from 'pg'
import { ownerIsGone } from '../ledger/leases.ts'

/**
 * The engine's payout leases on the team ledger (team migrations 2, 3 and 5): a payout's lease is its
 * profile's send lease (one desk sends for a profile at a time), with that lease's epoch. This desk takes
 * the profile's lease once for all the payouts it works on, and its claims and answers carry the epoch it
 * was taken under: once another desk has taken the sending over, they are refused (PD003).
 */
export interface TeamSendLeases {
  /**
   * Joins or takes the sending of the payout's profile for `holder` (the payout's id, or a callback's own
   * name, so that a callback never takes over a send's entry).
   */
  take: (id: string, owner: string, ms: number, holder?: string) => Promise<boolean>
  renew: (id: string, owner: string, ms: number) => Promise<boolean>
  release: (holder: string) => Promise<void>
  /** The epoch `holder` works under; undefined when not under a lease. */
  epochOf: (holder: string) => string | undefined
  /** A payout's profile, as a read of the payout says: its lease is then taken without asking. */
  know: (id: string, profileId: string) => void
}

export const seconds = (ms: number) => Math.min(600, Math.max(1, Math.ceil(ms / 1000)))

export function teamSendLeases(
  pool: pg.Pool,
  senderKey: (profileId: string) => Promise<string | null>,
): TeamSendLeases {
  /**
   * The profile's send lease this desk holds, the payouts it holds it for, and until when (this desk's
   * clock, counted from before it asked: never later than the server's).
   */
  const leases = new Map<string, { epoch: string; ids: Set<string>; until: number }>()
  /**
   * One lease operation per profile at a time: a release (the desk's last payout of the profile done)
   * running beside a take would end the lease just taken, and the desk would fence out its own answers.
   */
  const queues = new Map<string, Promise<unknown>>()
  function serially<T>(profileId: string, work: () => Promise<T>): Promise<T> {
    const run = (queues.get(profileId) ?? Promise.resolve()).then(work, work)
    const tail = run.catch(() => undefined)
    queues.set(profileId, tail)
    void tail.then(() => queues.get(profileId) === tail && queues.delete(profileId))
    return run
  }
  /** The epoch each payout this desk works on was taken under; absent when not under a lease. */
  const epochOf = new Map<string, string>()
  const profileOf = new Map<string, string>()

  async function sendLease(profileId: string, owner: string, ms: number): Promise<string | null> {
    const key = await senderKey(profileId)
    // Without the secret the ledger would refuse (PD005): the sending is another desk's.
    if (key === null) return null
    const { rows } = await pool.query<{ epoch: string | null }>(
      'SELECT payout_desk.take_send_lease($1, $2, $3, $4)::text AS epoch',
      [profileId, owner, seconds(ms), key],
    )
    const epoch = rows[0]?.epoch ?? null
    if (epoch !== null) return epoch
    // Held by a desk of this computer whose process is gone (it crashed, or was killed): taken over now
    // rather than when its lease lapses, as the desk's own ledger does.
    const holder = await pool.query<{ desk: string }>(
      'SELECT desk FROM payout_desk.send_leases WHERE profile_id = $1',
      [profileId],
    )
    const gone = holder.rows[0]?.desk
    if (!gone || !ownerIsGone(gone)) return null
    const taken = await pool.query<{ epoch: string | null }>(
      'SELECT payout_desk.take_send_lease_from($1, $2, $3, $4, $5)::text AS epoch',
      [profileId, owner, seconds(ms), gone, key],
    )
    return taken.rows[0]?.epoch ?? null
  }

  /**
   * A payout's profile never changes: asked once per payout, unless a read of the payout told it already
   * (the last few thousand kept).
   */
  const profileOfKnown = new Map<string, string>()
  function know(id: string, profileId: string) {
    if (profileOfKnown.size >= 5_000) profileOfKnown.clear()
    profileOfKnown.set(id, profileId)
  }
  async function profileOfPayout(id: string): Promise<string | undefined> {
    const known = profileOfKnown.get(id)
    if (known) return known
    const { rows } = await pool.query<{ profile_id: string }>(
      'SELECT profile_id FROM payout_desk.payouts WHERE id = $1',
      [id],
    )
    const found = rows[0]?.profile_id
    if (found) know(id, found)
    return found
  }

  async function take(id: string, owner: string, ms: number, holder = id): Promise<boolean> {
    const profileId = await profileOfPayout(id)
    if (!profileId) return false
    return serially(profileId, async () => {
      let held = leases.get(profileId)
      // Held for long enough still: this payout joins it without asking the server again.
      if (!held || held.until - Date.now() < ms / 2) {
        const asked = Date.now()
        const epoch = await sendLease(profileId, owner, ms)
        if (epoch === null) return false
        if (held?.epoch !== epoch) leases.set(profileId, (held = { epoch, ids: new Set(), until: 0 }))
        held.until = asked + ms
      }
      held.ids.add(holder)
      epochOf.set(holder, held.epoch)
      profileOf.set(holder, profileId)
      return true
    })
  }

  async function renew(id: string, owner: string, ms: number): Promise<boolean> {
    const profileId = profileOf.get(id)
    if (!profileId) return false
    return serially(profileId, async () => {
      const asked = Date.now()
      const epoch = await sendLease(profileId, owner, ms)
      const held = leases.get(profileId)
      if (held && epoch === held.epoch) held.until = asked + ms
      return epoch !== null && epoch === epochOf.get(id)
    })
  }

  async function release(id: string): Promise<void> {
    const profileId = profileOf.get(id)
    const epoch = epochOf.get(id)
    epochOf.delete(id)
    profileOf.delete(id)
    if (!profileId) return
    await serially(profileId, async () => {
      const held = leases.get(profileId)
      if (!held || held.epoch !== epoch) return
      held.ids.delete(id)
      if (held.ids.size > 0) return
      leases.delete(profileId)
      await pool.query('SELECT payout_desk.release_send_lease($1, $2)', [profileId, epoch])
    })
  }

  return {
    take,
    renew,
    release,
    epochOf: (holder) => epochOf.get(holder),
    know,
  }
}
