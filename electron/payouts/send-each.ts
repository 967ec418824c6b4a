import type { PayoutStatus } from '../../shared/domain/payout-status.ts'
import type { EngineStore } from '../ledger/engine-store.ts'
import type { EnginePayout } from '../ledger/payout-store.ts'
import type { ProfileRecord } from '../ledger/profiles-repo.ts'

export interface SendEachOptions {
  concurrency?: number
  /** Told once about each payout: done with (whatever became of it), or the error its send ended in. */
  onSettled?: (id: string, error?: unknown) => void
}

/** Payouts read ahead per worker: enough that a read is rare, few enough that what is read is fresh. */
const READ_AHEAD = 4
/**
 * Payouts a worker has begun at once when claims ride on answers: one on its way or being answered, and
 * two whose leases and secrets are read meanwhile (a keychain read takes longer than a gateway's answer
 * on loopback, and a claim ready too late goes alone). Still one at the gateway at a time.
 */
const BEGUN_AT_ONCE = 3

/**
 * Sends queued payouts, each as the engine's `send` would, `concurrency` at a time; but reads them a chunk
 * at a time, and each profile once a chunk, instead of each payout and its profile on its own: on a ledger
 * across a network (the team's) those are two round trips a payout, as many as its claim and its answer.
 * What was read may be a moment old when the payout's turn comes. Only whether it is queued is taken from
 * it: the claim, under the lease, decides whether it still may leave, as for any send.
 */
export async function sendEach(
  engine: {
    store: Pick<EngineStore, 'payouts' | 'profile' | 'claimAfter'>
    sendRead: (payout: EnginePayout, profile: Promise<ProfileRecord | null>) => Promise<PayoutStatus>
    /** Quitting, or stopped: no payout is begun any more; those begun get their answers. */
    closing?: () => boolean
  },
  ids: readonly string[],
  options: SendEachOptions = {},
): Promise<void> {
  const concurrency = Math.max(1, options.concurrency ?? 4)
  // Each once: a payout listed twice would wait to claim after its own answer.
  const pending = [...new Set(ids)]
  const ready: EnginePayout[] = []
  let profiles = new Map<string, Promise<ProfileRecord | null>>()
  let reading: Promise<void> | null = null

  const profileOf = (id: string) => {
    let found = profiles.get(id)
    if (!found) {
      found = engine.store.profile(id)
      // Awaited only by a send that reaches its claim: one that never does (another desk holds the
      // payout) leaves a failed read unheard, which would end a command's process.
      found.catch(() => undefined)
      profiles.set(id, found)
    }
    return found
  }

  async function read(): Promise<void> {
    const chunk = pending.splice(0, concurrency * READ_AHEAD)
    let read: EnginePayout[] = []
    try {
      const order = new Map(chunk.map((id, i) => [id, i]))
      // In the order listed (the oldest first), whatever order the ledger answered in.
      read = (await engine.store.payouts(chunk)).sort(
        (a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0),
      )
      // Gone since it was listed: done with.
      const found = new Set(read.map((p) => p.id))
      for (const id of chunk) if (!found.has(id)) options.onSettled?.(id)
    } catch (error) {
      // Each is told once: not sent, with why.
      for (const id of chunk) options.onSettled?.(id, error)
    }
    // A profile is read again for each chunk: an owner's change of it is seen within a chunk's sending.
    profiles = new Map()
    ready.push(...read)
  }

  async function next(): Promise<EnginePayout | undefined> {
    if (engine.closing?.()) return undefined
    while (ready.length === 0 && (pending.length > 0 || reading)) {
      reading ??= read().finally(() => (reading = null))
      await reading
    }
    return ready.shift()
  }

  async function sendOne(payout: EnginePayout): Promise<void> {
    try {
      await engine.sendRead(payout, profileOf(payout.profileId))
      options.onSettled?.(payout.id)
    } catch (error) {
      options.onSettled?.(payout.id, error)
    }
  }

  /**
   * Sends one payout after another. With a store that sends a claim along with an answer (the team's), a
   * worker's next payout begins while the one before is on its way: its lease is taken and its secret read
   * meanwhile, and its claim waits for the answer before it, to go in the same call. A worker still has
   * one payout at the gateway at a time: the next is claimed only with or after the answer before it.
   */
  async function worker(): Promise<void> {
    const claimAfter = engine.store.claimAfter?.bind(engine.store)
    const begun: { id: string; done: Promise<void> }[] = []
    for (let payout = await next(); payout; payout = await next()) {
      // Sent, or being sent, by another desk or process since it was listed: left as it is.
      if (payout.status !== 'queued') {
        options.onSettled?.(payout.id)
        continue
      }
      if (!claimAfter) {
        await sendOne(payout)
        continue
      }
      const before = begun.at(-1)
      if (before) claimAfter(payout.id, before.id, before.done)
      begun.push({ id: payout.id, done: sendOne(payout) })
      if (begun.length >= BEGUN_AT_ONCE) await begun.shift()?.done
    }
    for (const { done } of begun) await done
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
}
