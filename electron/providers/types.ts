import type { GatewayReason } from '../../shared/domain/gateway-reasons.ts'
import type { ProviderId } from '../../shared/domain/providers.ts'
import type { ErrorText } from '../../shared/messages/errors.ts'
import type { CurrencyCode } from '../../shared/money.ts'

/**
 * What every gateway looks like to the rest of the app. Each provider folder (vexora/, bluepay/) has the
 * same files: sign.ts, status.ts, client.ts (requests and callbacks), index.ts. Outcomes say what is *known*:
 * "unknown" and "inconclusive" mean the gateway may or may not have the payout, never that it failed.
 */

export interface ProviderConfig {
  baseUrl: string
  /** Vexora merchantNo header / BluePay appId. */
  merchantId: string
  /** Vexora area id (e.g. "ID"); BluePay has one ("TH"). */
  area: string
  notifyUrl: string | null
  /** BluePay's public key for callbacks (PEM or base64); not a secret. */
  gatewayPublicKey: string | null
  timeoutMs: number
}

export interface PayoutRequest {
  reference: string
  amountMinor: number
  currency: CurrencyCode
  /** The validated beneficiary fields, exactly as they will be sent. */
  fields: Readonly<Record<string, string>>
}

/** One HTTP round trip, kept verbatim for the audit trail. Holds no secret (signatures are not secrets). */
export interface Exchange {
  request: { method: 'POST'; url: string; headers: Record<string, string>; body: string }
  response: { status: number; body: string } | null
  error: string | null
  durationMs: number
}

export type NormalizedState = 'processing' | 'succeeded' | 'failed' | 'needs_review'

export interface GatewayState {
  state: NormalizedState
  /** The gateway's own status string ("0015", "COMPLETED"…). */
  gatewayStatus: string
  gatewayMessage: string | null
  failureCode: string | null
}

export interface GatewayProblem {
  reason: GatewayReason
  /** The gateway's code, or the transport error's name, for the details line. */
  gatewayCode: string | null
  /** What happened and what to do, as a key each door words in its person's language. */
  note: ErrorText
  /** The same in English, for logs and the audit trail. */
  message: string
}

export type CreateOutcome =
  | { kind: 'accepted'; gatewayId: string | null; state: GatewayState; exchange: Exchange }
  /** The gateway refused the request; nothing was created, so a corrected payout may be sent anew. */
  | ({ kind: 'rejected'; exchange: Exchange } & GatewayProblem)
  /** The gateway already has a payout under this reference: ask it, never send again. */
  | { kind: 'exists'; exchange: Exchange }
  /** We do not know whether the gateway created it (timeout, reset, 5xx, "system error"). */
  | ({ kind: 'unknown'; exchange: Exchange } & GatewayProblem)

export type QueryOutcome =
  | ({
      kind: 'found'
      gatewayId: string | null
      state: GatewayState
      exchange: Exchange
    } & ReportedAmount)
  /** The gateway says it has no payout under this reference. */
  | { kind: 'not_found'; exchange: Exchange }
  /** The query itself failed; it says nothing about the payout. */
  | ({ kind: 'inconclusive'; exchange: Exchange } & GatewayProblem)

export interface GatewayBalance {
  /** Whole minor units; a fraction beyond the currency's places is cut off (what can be counted on). */
  availableMinor: number
  /** The exact amount in major units, fraction kept ("9998989.12" IDR); what is shown. */
  availableDecimal: string
  /** The balance exactly as the gateway wrote it ("9998989.1200", "1000000"), shown beside it. */
  gatewayValue: string
  currency: CurrencyCode
}

export type BalanceOutcome =
  | ({ kind: 'ok'; exchange: Exchange } & GatewayBalance)
  | ({ kind: 'inconclusive'; exchange: Exchange } & GatewayProblem)

/**
 * The amount a gateway reports, read exactly: `amountText` is what it wrote (null when it wrote none),
 * `amountMinor` the same in minor units, or null when it cannot be read for certain ("100,000", a
 * fraction IDR does not have). Written but unreadable is not the same as absent: a person looks at it.
 */
export interface ReportedAmount {
  amountMinor: number | null
  amountText: string | null
}

export interface CallbackEvent extends ReportedAmount {
  reference: string
  gatewayId: string | null
  state: GatewayState
}

export interface HttpReply {
  status: number
  contentType: string
  body: string
}

export type CallbackResult =
  | {
      accepted: true
      event: CallbackEvent
      reply: HttpReply
      /**
       * Exactly what the gateway's signature covers (Vexora's signed string, BluePay's `param`). A replay
       * repeats it whatever it does to the JSON around it (spacing, key order, an empty field, the sign's
       * case), so callbacks are remembered by this, not by the body's bytes.
       */
      signed: string
    }
  | {
      accepted: false
      reason: 'bad_signature' | 'malformed' | 'stale_timestamp'
      detail: string
      reply: HttpReply
    }

export interface ProviderClient {
  readonly provider: ProviderId
  readonly currency: CurrencyCode
  /**
   * Why `create` would refuse every payout before a request leaves (a setting the gateway requires is
   * missing), as a message key; null when it can send. Lets a caller refuse a whole batch up front.
   */
  readonly cannotSend: ErrorText | null
  create(request: PayoutRequest): Promise<CreateOutcome>
  query(reference: string): Promise<QueryOutcome>
  balance(): Promise<BalanceOutcome>
  /** Verifies and reads a callback body exactly as received; the reply is what the gateway expects. */
  handleCallback(rawBody: string): CallbackResult
}
