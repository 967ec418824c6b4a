/**
 * Budgets for the callback listener, in fixed windows. Per source, at most `maxRequests` requests a
 * window (a flood from one sender slows down; the source is the socket's peer, or behind the person's
 * proxy the address it forwarded). Overall, at most `maxRefused` refused bodies a window are written to
 * the ledger: a refusal costs a write, so a flood of forged bodies is bounded as a whole, not per claimed
 * source, and still every body is verified, so a real callback is never turned away for it.
 */
export interface SourceLimits {
  windowMs: number
  maxRequests: number
  maxRefused: number
  /** Sources remembered at once; beyond it the oldest window is forgotten (memory stays bounded). */
  maxSources?: number
  now?: () => number
}

export interface SourceLimiter {
  /** Counts a request from `source`; false when that source is over its budget. */
  admit(source: string): boolean
  /** Whether a refused body may still be written to the ledger in this window. */
  mayRecordRefusal(): boolean
  /** Counts a refused body (one the engine rejected). */
  refused(): void
}

interface Window {
  start: number
  requests: number
}

export function createSourceLimiter(limits: SourceLimits): SourceLimiter {
  const now = limits.now ?? Date.now
  const maxSources = limits.maxSources ?? 10_000
  const windows = new Map<string, Window>()
  let refusals = { start: now(), count: 0 }
  const current = (source: string): Window => {
    const at = now()
    let w = windows.get(source)
    if (!w || at - w.start >= limits.windowMs) {
      windows.delete(source)
      if (windows.size >= maxSources) windows.delete(windows.keys().next().value as string)
      w = { start: at, requests: 0 }
      windows.set(source, w)
    }
    return w
  }
  const refusalWindow = () => {
    if (now() - refusals.start >= limits.windowMs) refusals = { start: now(), count: 0 }
    return refusals
  }
  return {
    admit(source) {
      const w = current(source)
      w.requests += 1
      return w.requests <= limits.maxRequests
    },
    mayRecordRefusal: () => refusalWindow().count < limits.maxRefused,
    refused() {
      refusalWindow().count += 1
    },
  }
}
