import { minorToDecimalString } from '../../../shared/money.ts'
import { vexoraArea, type VexoraArea } from '../../../shared/providers/vexora-areas.ts'
import { AppError } from '../../errors.ts'
import {
  dataFieldText,
  majorToDecimalAmount,
  majorToMinor,
  parseFlatJsonAsText,
  reportedAmount,
} from '../gateway-json.ts'
import { asString, joinUrl, parseJsonObject, postToGateway, type PostResult } from '../http.ts'
import {
  acceptedWithoutStatus,
  createInDoubt,
  refuseUnsent,
  requireValidFields,
  problem,
  transportProblem,
  unknownCreate,
} from '../problems.ts'
import type {
  CallbackResult,
  CreateOutcome,
  PayoutRequest,
  ProviderClient,
  ProviderConfig,
  QueryOutcome,
} from '../types.ts'
import { canonicalString, verifyVexoraSign, vexoraSign } from './sign.ts'
import { DUPLICATE_HINT, refusal, TOP_OK, TOP_REFUSED, vexoraState } from './status.ts'

/*
 * Safe readings where the docs are silent (vexora-api.md §7):
 * - A duplicate tradeNo is answered 8000 with a message saying so; we read it as "the gateway has it" and
 *   query, never as a refusal.
 * - A query has no documented "not found": 8000 on a query says nothing about the payout (the docs say so),
 *   so an unacknowledged Vexora payout stays in doubt until a query finds it or a person decides. It is
 *   never re-sent automatically.
 * - Timestamps are milliseconds; every value is sent as the exact string that was signed.
 */

const NAME = 'Vexora'

export interface VexoraClientOptions {
  now?: () => number
}

function area(id: string): VexoraArea {
  const found = vexoraArea(id)
  if (!found)
    throw new AppError('INVALID_INPUT', {
      key: 'areaUnsupported',
      params: { gateway: NAME, area: id },
    })
  return found
}

/** A payout's fields as the client sends them, or its refusal before any request leaves. */
export function vexoraFieldsChecked(areaId: string, fields: Readonly<Record<string, string>>) {
  const areaDef = area(areaId)
  return requireValidFields(areaDef.fields, fields, `${NAME} ${areaDef.id}`)
}

function envelope(
  result: PostResult,
): { code: string; msg: string; data: Record<string, unknown> | null } | null {
  if (result.kind !== 'response' || result.status < 200 || result.status >= 300) return null
  const body = parseJsonObject(result.body)
  const code = body && asString(body.code)
  if (!body || code === null) return null
  const data = body.data
  return {
    code,
    msg: asString(body.msg) ?? '',
    data:
      data !== null && typeof data === 'object' && !Array.isArray(data)
        ? (data as Record<string, unknown>)
        : null,
  }
}

// Vexora retries an unanswered callback for 24 hours and does not say whether a retry is signed anew,
// so a signed body is taken for a day (and a little); older ones, or ones from the future, are replays.
const CALLBACK_MAX_AGE_MS = 25 * 60 * 60_000
const CALLBACK_MAX_AHEAD_MS = 5 * 60_000

/** Why a callback's `timestamp` (ms, signed with the body) is refused, or null when it is fine or absent. */
/**
 * Vexora's signed string joins key=value pairs with nothing between them, so `...k1=v1timestamp=1700…`
 * reads the same whether `timestamp` is its own field or the tail of `v1`: an old callback's timestamp
 * can be folded into the field before it and a fresh one added, and the sign still matches. A value that
 * holds another signed key followed by `=` is refused; no real value (a name, an amount, a message) does.
 */
export function foldedKey(fields: Readonly<Record<string, string>>): string | null {
  const keys = [...new Set([...Object.keys(fields), 'timestamp'])].filter((k) => k !== 'sign')
  for (const [name, value] of Object.entries(fields)) {
    if (name === 'sign') continue
    const hit = keys.find((k) => value.includes(`${k}=`))
    if (hit) return hit
  }
  return null
}

export function callbackTimestampProblem(timestamp: string | undefined, now: number): string | null {
  // Without one a callback has no age at all, and could be replayed for ever.
  if (timestamp === undefined || timestamp === '') return 'the timestamp is missing'
  const at = Number(timestamp)
  if (!/^\d{10,13}$/.test(timestamp) || !Number.isSafeInteger(at)) return 'the timestamp is not a time'
  const ms = timestamp.length <= 10 ? at * 1_000 : at
  if (ms > now + CALLBACK_MAX_AHEAD_MS) return 'the timestamp is in the future'
  if (ms < now - CALLBACK_MAX_AGE_MS) return 'the timestamp is more than a day old'
  return null
}

export function createVexoraClient(
  config: ProviderConfig,
  secret: string,
  options: VexoraClientOptions = {},
): ProviderClient {
  const now = options.now ?? Date.now
  const areaDef = area(config.area)
  const headers = { merchantNo: config.merchantId }

  const post = (path: string, fields: Record<string, string>) => {
    const body = { ...fields, timestamp: String(now()) }
    const signed = { ...body, sign: vexoraSign(body, secret) }
    return postToGateway(
      joinUrl(config.baseUrl, `/v1/vexora/${path}`),
      JSON.stringify(signed),
      headers,
      config.timeoutMs,
    )
  }

  return {
    provider: 'vexora',
    currency: areaDef.currency,
    // Vexora requires a callback URL on every payout, even when the app only ever polls.
    cannotSend: config.notifyUrl ? null : { key: 'notifyUrlMissing', params: { gateway: NAME } },

    async create(request: PayoutRequest): Promise<CreateOutcome> {
      if (request.currency !== areaDef.currency) {
        throw new AppError('INVALID_INPUT', {
          key: 'gatewayCurrency',
          params: { gateway: `${NAME} ${areaDef.id}`, currency: areaDef.currency, given: request.currency },
        })
      }
      const values = vexoraFieldsChecked(areaDef.id, request.fields)
      const fields: Record<string, string> = {
        ...values,
        amount: minorToDecimalString(request.amountMinor, request.currency),
        tradeNo: request.reference,
      }
      if (!config.notifyUrl) {
        throw new AppError('INVALID_INPUT', { key: 'notifyUrlMissing', params: { gateway: NAME } })
      }
      fields.notifyUrl = config.notifyUrl
      const result = await post('disbursements', fields)
      refuseUnsent(result, NAME)
      const env = envelope(result)
      if (!env) return createInDoubt(result, NAME)
      if (env.code === TOP_OK) {
        const status = env.data && asString(env.data.status)
        if (!env.data || !status) {
          return acceptedWithoutStatus(result, NAME, env.code)
        }
        return {
          kind: 'accepted',
          gatewayId: asString(env.data.platFormTradeNo),
          state: vexoraState(status, asString(env.data.message)),
          exchange: result.exchange,
        }
      }
      if (env.code === TOP_REFUSED) {
        if (DUPLICATE_HINT.test(env.msg)) return { kind: 'exists', exchange: result.exchange }
        return { kind: 'rejected', ...refusal(env.msg), exchange: result.exchange }
      }
      // 5000 and any code we do not know: the request may have gone through.
      return {
        kind: 'unknown',
        ...unknownCreate('gateway_error', env.code, {
          key: 'gwSystemProblem',
          params: { gateway: NAME, code: env.code, said: env.msg },
        }),
        exchange: result.exchange,
      }
    },

    async query(reference: string): Promise<QueryOutcome> {
      const result = await post('queryPayOutResult', { tradeNo: reference })
      const env = envelope(result)
      if (!env) return { kind: 'inconclusive', ...transportProblem(result, NAME), exchange: result.exchange }
      const status = env.data && asString(env.data.status)
      if (env.code === TOP_OK && env.data && status) {
        const tradeNo = asString(env.data.tradeNo)
        if (tradeNo !== null && tradeNo !== reference) {
          return {
            kind: 'inconclusive',
            ...problem('malformed_response', env.code, {
              key: 'gwWrongOrder',
              params: { gateway: NAME, echoed: tradeNo, reference },
            }),
            exchange: result.exchange,
          }
        }
        return {
          kind: 'found',
          gatewayId: asString(env.data.platFormTradeNo),
          ...reportedAmount(env.data.amount ?? env.data.orderAmount, (v) =>
            majorToMinor(v, areaDef.currency),
          ),
          state: vexoraState(status, asString(env.data.message)),
          exchange: result.exchange,
        }
      }
      return {
        kind: 'inconclusive',
        ...problem(env.code === TOP_REFUSED ? 'other' : 'gateway_error', env.code, {
          key: 'gwCheckFailed',
          params: { gateway: NAME, code: env.code, said: env.msg },
        }),
        exchange: result.exchange,
      }
    },

    async balance() {
      const result = await post('queryBalance', {})
      const env = envelope(result)
      if (!env) return { kind: 'inconclusive', ...transportProblem(result, NAME), exchange: result.exchange }
      // Vexora writes the balance with four places ("9998989.1200"), IDR included: the fraction is kept.
      const text =
        env.code === TOP_OK && result.kind === 'response'
          ? dataFieldText(result.body, 'availableAmount')
          : null
      const available = text === null ? null : majorToDecimalAmount(text, areaDef.currency)
      if (text === null || available === null) {
        return {
          kind: 'inconclusive',
          ...problem(env.code === TOP_OK ? 'malformed_response' : 'gateway_error', env.code, {
            key: 'gwNoBalance',
            params: { gateway: NAME, code: env.code, said: env.msg },
          }),
          exchange: result.exchange,
        }
      }
      return {
        kind: 'ok',
        availableMinor: available.minor,
        availableDecimal: available.decimal,
        gatewayValue: text,
        currency: areaDef.currency,
        exchange: result.exchange,
      }
    },

    handleCallback(rawBody: string): CallbackResult {
      const fail = (
        reason: 'bad_signature' | 'malformed' | 'stale_timestamp',
        detail: string,
      ): CallbackResult => ({
        accepted: false,
        reason,
        detail,
        // Anything but "OK" makes Vexora retry, which is what we want for a body we could not take.
        reply: { status: 400, contentType: 'text/plain; charset=utf-8', body: 'FAIL' },
      })
      const fields = parseFlatJsonAsText(rawBody)
      if (!fields) return fail('malformed', 'the body is not a flat JSON object')
      if (!verifyVexoraSign(fields, secret)) return fail('bad_signature', 'the sign does not match the body')
      const folded = foldedKey(fields)
      if (folded) return fail('malformed', `a value holds "${folded}=": fields folded into one another`)
      const stale = callbackTimestampProblem(fields.timestamp, now())
      if (stale) return fail('stale_timestamp', stale)
      const reference = fields.tradeNo
      const status = fields.status
      if (!reference || !status) return fail('malformed', 'tradeNo or status is missing')
      return {
        accepted: true,
        event: {
          reference,
          gatewayId: fields.platFormTradeNo ?? null,
          ...reportedAmount(fields.amount, (v) => majorToMinor(v, areaDef.currency)),
          state: vexoraState(status, fields.message ?? null),
        },
        reply: { status: 200, contentType: 'text/plain; charset=utf-8', body: 'OK' },
        signed: canonicalString(fields),
      }
    },
  }
}
