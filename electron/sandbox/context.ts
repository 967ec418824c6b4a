import type { KeyObject } from 'node:crypto'
import type { Endpoint } from './faults.ts'
import type { OrderBook, SandboxOrder } from './orders.ts'

export interface SandboxContext {
  book: OrderBook
  now: () => number
  settleAfterMs: number
  /** How far a request's timestamp may be from the sandbox clock. */
  timestampToleranceMs: number
  vexora: {
    merchantNo: string
    secret: string
    startingBalanceMinor: Record<string, number>
    /** Every merchant account the sandbox keeps (its first, `merchantNo`, and those opened since). */
    merchants: Set<string>
  }
  bluepay: {
    appId: string
    merchantPublicKey: KeyObject
    bluepayPrivateKey: KeyObject
    notifyUrl: string | null
    startingBalanceMinor: number
  }
  onCreated: (order: SandboxOrder) => void
}

export interface RouteReply {
  status: number
  contentType: string
  body: string
}

export interface RouteRequest {
  endpoint: Endpoint
  headers: Record<string, string | string[] | undefined>
  body: string
}

export const json = (value: unknown, status = 200): RouteReply => ({
  status,
  contentType: 'application/json',
  body: JSON.stringify(value),
})

/** "yyyy-MM-dd HH:mm:ss", the gateways' time format (sandbox time is UTC). */
export function gatewayTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19)
}
