import ky, { isTimeoutError } from 'ky'
import type { Exchange } from './types.ts'

export type PostResult =
  | { kind: 'response'; status: number; body: string; exchange: Exchange }
  | { kind: 'timeout' | 'network'; exchange: Exchange }

/**
 * One POST to a gateway, never retried here: whether a repeat is safe is the caller's decision (a create
 * never is). Every outcome comes back with the verbatim exchange for the audit trail.
 */
export async function postToGateway(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<PostResult> {
  const requestHeaders = { 'content-type': 'application/json', ...headers }
  const request = { method: 'POST' as const, url, headers: requestHeaders, body }
  const started = performance.now()
  const exchange = (response: Exchange['response'], error: string | null): Exchange => ({
    request,
    response,
    error,
    durationMs: Math.round(performance.now() - started),
  })
  try {
    const res = await ky.post(url, {
      body,
      headers: requestHeaders,
      timeout: timeoutMs,
      retry: 0,
      throwHttpErrors: false,
      // Also bounds reading the body, which ky's per-attempt timeout does not cover for plain calls.
      signal: AbortSignal.timeout(timeoutMs),
    })
    const text = await res.text()
    return {
      kind: 'response',
      status: res.status,
      body: text,
      exchange: exchange({ status: res.status, body: text }, null),
    }
  } catch (error) {
    const timedOut =
      isTimeoutError(error) ||
      (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    if (timedOut) return { kind: 'timeout', exchange: exchange(null, detail) }
    return { kind: 'network', exchange: exchange(null, detail) }
  }
}

/** Parses a gateway's JSON answer; null when it is not a JSON object. */
export function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text)
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null
  } catch {
    return null
  }
}

export function asString(value: unknown): string | null {
  if (typeof value === 'string') return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return null
}

export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`
}
