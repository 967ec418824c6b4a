import ky, { isTimeoutError } from 'ky'
import type { Exchange } from './types.ts'

export type PostResult =
  | { kind: 'response'; status: number; body: string; location: string | null; exchange: Exchange }
  | { kind: 'timeout' | 'network'; exchange: Exchange }
  /** The connection was refused or the host not found: not a byte of the request left this computer. */
  | { kind: 'unsent'; exchange: Exchange }

/** Errors that can only happen before a connection exists, so before any of the request was sent. */
const BEFORE_SENDING = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'])
/**
 * Errors that mean nothing was sent only while connecting: a route lost on a connection already open
 * (the request may have reached the gateway, its answer not us) reports them too, from a read or write.
 */
const WHILE_CONNECTING = new Set(['EHOSTUNREACH', 'ENETUNREACH'])

/**
 * The system error code behind a fetch failure that proves the request never left, looking through its
 * causes ("fetch failed" → ECONNREFUSED); null when any of it may have been sent.
 */
export function systemCode(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const { code, syscall } = e as { code?: unknown; syscall?: unknown }
    if (typeof code === 'string' && BEFORE_SENDING.has(code)) return code
    if (typeof code === 'string' && WHILE_CONNECTING.has(code) && syscall === 'connect') return code
    // An AggregateError (both address families refused) holds its reasons in `errors`.
    const inner = (e as { errors?: unknown[] }).errors
    if (Array.isArray(inner) && inner.length > 0 && inner.every((x) => systemCode(x) !== null))
      return systemCode(inner[0])
    e = (e as { cause?: unknown }).cause
  }
  return null
}

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
      // A redirect is never followed: it would carry the signed body, the account and the merchant number
      // to an address the profile does not name (even from https to plain http). It is an answer.
      redirect: 'manual',
    })
    const text = await res.text()
    return {
      kind: 'response',
      status: res.status,
      body: text,
      location: res.headers.get('location'),
      exchange: exchange({ status: res.status, body: text }, null),
    }
  } catch (error) {
    const timedOut =
      isTimeoutError(error) ||
      (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    if (timedOut) return { kind: 'timeout', exchange: exchange(null, detail) }
    const code = systemCode(error)
    if (code) return { kind: 'unsent', exchange: exchange(null, `${detail} (${code})`) }
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
