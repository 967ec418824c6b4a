import { PENDING_STATUSES } from '../../shared/domain/payout-status.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import type { Engine, RefreshResult } from './engine.ts'
import { dueForCheck, idsWithStatus } from '../ledger/payout-store.ts'

export interface PollerStatus {
  online: boolean
  /** Plain words for the window when checks are paused. */
  message: string | null
}

export interface PollerOptions {
  db: Ledger
  engine: Engine
  /** How often due payouts are looked for (each payout has its own backoff on top). */
  intervalMs?: number
  concurrency?: number
  /** How long to wait before trying again once the gateway seems unreachable. */
  offlineRetryMs?: number
  onStatus?: (status: PollerStatus) => void
  onError?: (id: string, error: unknown) => void
}

const UNREACHABLE = new Set(['network', 'timeout'])

/** Runs `work` over `ids`, `concurrency` at a time, collecting results in order. */
async function pool<T>(
  ids: readonly string[],
  concurrency: number,
  work: (id: string) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array<T>(ids.length)
  let next = 0
  const lane = async () => {
    while (next < ids.length) {
      const i = next++
      results[i] = await work(ids[i] as string)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, lane))
  return results
}

/**
 * Background status checks of payouts that are not final, each at its own persisted next-check time.
 * When the gateway cannot be reached the poller stops asking for a while and says so, instead of
 * hammering a dead connection; manual refreshes bypass the backoff.
 */
export function createPoller(options: PollerOptions) {
  const { db, engine } = options
  let intervalMs = options.intervalMs ?? 2_000
  const concurrency = options.concurrency ?? 4
  const offlineRetryMs = options.offlineRetryMs ?? 30_000
  let status: PollerStatus = { online: true, message: null }
  let timer: NodeJS.Timeout | null = null
  // Mutable flags in one object: they change while a tick awaits.
  const life = { running: false, stopped: true }
  const isStopped = () => life.stopped

  const setStatus = (next: PollerStatus) => {
    if (next.online === status.online && next.message === status.message) return
    status = next
    options.onStatus?.(status)
  }

  async function check(ids: readonly string[]): Promise<(RefreshResult | null)[]> {
    const results = await pool(ids, concurrency, async (id) => {
      try {
        return await engine.refresh(id)
      } catch (error) {
        options.onError?.(id, error)
        return null
      }
    })
    const answered = results.some((r) => r && r.kind !== 'inconclusive')
    const unreachable = results.some((r) => r?.kind === 'inconclusive' && UNREACHABLE.has(r.reason))
    if (answered) setStatus({ online: true, message: null })
    else if (unreachable) {
      setStatus({
        online: false,
        message:
          'The gateway cannot be reached, so status checks are paused; they resume by themselves. Your ledger is still here.',
      })
    }
    return results
  }

  async function tick(): Promise<void> {
    if (life.running || life.stopped) return
    life.running = true
    try {
      await check(dueForCheck(db, Date.now(), concurrency * 5))
    } finally {
      life.running = false
      if (!isStopped()) timer = setTimeout(() => void tick(), status.online ? intervalMs : offlineRetryMs)
    }
  }

  return {
    start(): void {
      if (!life.stopped) return
      life.stopped = false
      void tick()
    },
    stop(): void {
      life.stopped = true
      if (timer) clearTimeout(timer)
      timer = null
    },
    /** How often due payouts are looked for from now on; the next wait already uses it. */
    setIntervalMs(ms: number): void {
      intervalMs = ms
      if (timer && !life.running) {
        clearTimeout(timer)
        timer = setTimeout(() => void tick(), status.online ? intervalMs : offlineRetryMs)
      }
    },
    status: () => status,
    /** Checks these payouts now, whatever their backoff. */
    refreshNow: (ids: readonly string[]) => check(ids),
    /** Checks every payout that is not final (processing, in doubt, needs review). */
    refreshAllPending: () => check(idsWithStatus(db, PENDING_STATUSES)),
  }
}

export type Poller = ReturnType<typeof createPoller>
