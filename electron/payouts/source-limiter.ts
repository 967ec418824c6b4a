/**
 * Per-source budgets for the callback listener, in fixed windows: a source may make `maxRequests`
 * requests per window, and after `maxRefused` refused ones (bodies that failed verification, which the
 * ledger records) it is turned away for the rest of the window. A gateway's own callbacks verify, so
 * only a sender of garbage meets the second limit; the first only slows a flood.
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
  /** Counts a refused request (one the engine rejected) against `source`. */
  refused(source: string): void
}

interface Window {
  start: number
  requests: number
  refused: number
}

export function createSourceLimiter(limits: SourceLimits): SourceLimiter {
  const now = limits.now ?? Date.now
  const maxSources = limits.maxSources ?? 10_000
  const windows = new Map<string, Window>()
  const current = (source: string): Window => {
    const at = now()
    let w = windows.get(source)
    if (!w || at - w.start >= limits.windowMs) {
      windows.delete(source)
      if (windows.size >= maxSources) windows.delete(windows.keys().next().value as string)
      w = { start: at, requests: 0, refused: 0 }
      windows.set(source, w)
    }
    return w
  }
  return {
    admit(source) {
      const w = current(source)
      w.requests += 1
      return w.requests <= limits.maxRequests && w.refused < limits.maxRefused
    },
    refused(source) {
      current(source).refused += 1
    },
  }
}
