import type { KeyObject } from 'node:crypto'
import { BLUEPAY_FIELDS } from '../../../shared/providers/bluepay-fields.ts'
import { AppError } from '../../errors.ts'
import { minorToDecimalString } from '../../../shared/money.ts'
import {
  dataFieldText,
  integerMinor,
  majorToDecimalAmount,
  reportedAmount,
  type DecimalAmount,
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
import { parsePrivateKey, parsePublicKey, signParamOffThread, verifyParam } from './sign.ts'
import { bluepayState, CREATE_CODES, NOT_FOUND_CODES, problemFor, SUCCESS } from './status.ts'

/*
 * Safe readings where the docs are silent (bluepay-api.md §2, §8):
 * - timestamp is milliseconds; idempotencyId is the merchant reference, so a repeat of the same payout is
 *   the same order to BluePay twice over (21007 / 21015 both mean "it exists": query it).
 * - the balance (its unit is not published, bluepay-api.md §4 1.1, §6): a whole number is read as satang,
 *   like every amount BluePay does document (create, check and callbacks are "unit: cents"); a decimal
 *   with a point ("10000.00", as the same engine's ezpaytechs portal answers) can only be baht. When in
 *   doubt the smaller reading is the safe one for a balance check, and the raw value is shown beside it.
 * - a callback is refused when no BluePay public key is configured: an unverifiable callback is never
 *   applied.
 */

const NAME = 'BluePay'

/** A payout's fields as the client sends them, or its refusal before any request leaves. */
export const bluepayFieldsChecked = (fields: Readonly<Record<string, string>>) =>
  requireValidFields(BLUEPAY_FIELDS, fields, NAME)
const REFERENCE = /^[A-Za-z0-9_-]{10,32}$/

export interface BluePayClientOptions {
  now?: () => number
}

interface Envelope {
  code: number
  message: string
  data: Record<string, unknown> | null
}

function envelope(result: PostResult): Envelope | null {
  if (result.kind !== 'response' || result.status < 200 || result.status >= 300) return null
  const body = parseJsonObject(result.body)
  const code = body ? Number(body.code) : NaN
  if (!body || !Number.isInteger(code)) return null
  const data = body.data
  return {
    code,
    message: asString(body.message) ?? '',
    data:
      data !== null && typeof data === 'object' && !Array.isArray(data)
        ? (data as Record<string, unknown>)
        : null,
  }
}

/** See the header: digits alone are satang, a decimal point means baht. */
function readBalance(text: string): DecimalAmount | null {
  const trimmed = text.trim()
  if (/^\d+$/.test(trimmed)) {
    const minor = Number(trimmed)
    return Number.isSafeInteger(minor) ? { minor, decimal: minorToDecimalString(minor, 'THB') } : null
  }
  return majorToDecimalAmount(trimmed, 'THB')
}

function stateOf(data: Record<string, unknown>) {
  const status = asString(data.transactionStatus)
  return status === null
    ? null
    : bluepayState(status, asString(data.failedCode), asString(data.failedMessage))
}

export function createBluePayClient(
  config: ProviderConfig,
  privateKeyText: string,
  options: BluePayClientOptions = {},
): ProviderClient {
  const now = options.now ?? Date.now
  const privateKey = parsePrivateKey(privateKeyText)
  const gatewayKey: KeyObject | null = config.gatewayPublicKey
    ? parsePublicKey(config.gatewayPublicKey)
    : null

  const post = async (path: string, param: Record<string, unknown>) => {
    const paramText = JSON.stringify({ ...param, timestamp: now() })
    const body = JSON.stringify({
      appId: config.merchantId,
      param: paramText,
      sign: await signParamOffThread(paramText, privateKey),
    })
    return postToGateway(joinUrl(config.baseUrl, path), body, {}, config.timeoutMs)
  }

  return {
    provider: 'bluepay',
    currency: 'THB',
    // BluePay takes its callback URL from the merchant's account, not from each payout.
    cannotSend: null,

    async create(request: PayoutRequest): Promise<CreateOutcome> {
      if (request.currency !== 'THB')
        throw new AppError('INVALID_INPUT', {
          key: 'gatewayCurrency',
          params: { gateway: 'BluePay', currency: 'THB', given: request.currency },
        })
      if (!REFERENCE.test(request.reference)) {
        throw new AppError('INVALID_INPUT', { key: 'bluepayReference' })
      }
      const values = bluepayFieldsChecked(request.fields)
      const result = await post('/open-api/disbursement/transfer', {
        mchOrderId: request.reference,
        idempotencyId: request.reference,
        amount: request.amountMinor,
        ...values,
      })
      refuseUnsent(result, NAME)
      const env = envelope(result)
      if (!env) return createInDoubt(result, NAME)
      if (env.code === SUCCESS) {
        const state = env.data && stateOf(env.data)
        if (!env.data || !state) {
          return acceptedWithoutStatus(result, NAME, String(env.code))
        }
        return {
          kind: 'accepted',
          gatewayId: asString(env.data.transactionId),
          state,
          exchange: result.exchange,
        }
      }
      const meaning = CREATE_CODES[env.code]
      if (meaning?.kind === 'exists') return { kind: 'exists', exchange: result.exchange }
      if (meaning?.kind === 'rejected') {
        return {
          kind: 'rejected',
          ...problemFor(env.code, env.message, meaning.advice, meaning.reason),
          exchange: result.exchange,
        }
      }
      return {
        kind: 'unknown',
        ...unknownCreate(meaning?.reason ?? 'other', String(env.code), {
          key: meaning?.advice ?? 'gwUnknownCode',
          params: { gateway: NAME, code: String(env.code), said: env.message },
        }),
        exchange: result.exchange,
      }
    },

    async query(reference: string): Promise<QueryOutcome> {
      const result = await post('/open-api/disbursement/check', { mchOrderId: reference })
      const env = envelope(result)
      if (!env) return { kind: 'inconclusive', ...transportProblem(result, NAME), exchange: result.exchange }
      if (NOT_FOUND_CODES.has(env.code)) return { kind: 'not_found', exchange: result.exchange }
      const state = env.code === SUCCESS && env.data ? stateOf(env.data) : null
      if (env.data && state) {
        const echoed = asString(env.data.mchOrderId)
        if (echoed !== null && echoed !== reference) {
          return {
            kind: 'inconclusive',
            ...problem('malformed_response', String(env.code), {
              key: 'gwWrongOrder',
              params: { gateway: NAME, echoed, reference },
            }),
            exchange: result.exchange,
          }
        }
        return {
          kind: 'found',
          gatewayId: asString(env.data.transactionId),
          ...reportedAmount(env.data.amount, integerMinor),
          state,
          exchange: result.exchange,
        }
      }
      return {
        kind: 'inconclusive',
        ...problemFor(
          env.code,
          env.message,
          'gwCheckFailed',
          env.code === SUCCESS ? 'malformed_response' : 'gateway_error',
        ),
        exchange: result.exchange,
      }
    },

    async balance() {
      const result = await post('/open-api/account/balance', {})
      const env = envelope(result)
      if (!env) return { kind: 'inconclusive', ...transportProblem(result, NAME), exchange: result.exchange }
      const text =
        env.code === SUCCESS && result.kind === 'response' ? dataFieldText(result.body, 'balance') : null
      const available = text === null ? null : readBalance(text)
      if (text === null || available === null) {
        return {
          kind: 'inconclusive',
          ...problemFor(env.code, env.message, 'gwNoBalance', 'gateway_error'),
          exchange: result.exchange,
        }
      }
      return {
        kind: 'ok',
        availableMinor: available.minor,
        availableDecimal: available.decimal,
        gatewayValue: text,
        currency: 'THB',
        exchange: result.exchange,
      }
    },

    handleCallback(rawBody: string): CallbackResult {
      const fail = (reason: 'bad_signature' | 'malformed', detail: string): CallbackResult => ({
        accepted: false,
        reason,
        detail,
        reply: {
          status: 400,
          contentType: 'application/json',
          body: JSON.stringify({ code: 21001, message: detail }),
        },
      })
      const outer = parseJsonObject(rawBody)
      if (!outer || typeof outer.param !== 'string' || typeof outer.sign !== 'string') {
        return fail('malformed', 'the body is not {param, sign}')
      }
      if (!gatewayKey)
        return fail(
          'bad_signature',
          'no BluePay public key is configured, so the callback cannot be verified',
        )
      // Verified over the raw string as received, before anything reads it.
      if (!verifyParam(outer.param, outer.sign, gatewayKey))
        return fail('bad_signature', 'the sign does not match param')
      const param = parseJsonObject(outer.param)
      const reference = param && asString(param.mchOrderId)
      const state = param && stateOf(param)
      if (!param || !reference || !state)
        return fail('malformed', 'mchOrderId or transactionStatus is missing')
      return {
        accepted: true,
        event: {
          reference,
          gatewayId: asString(param.transactionId),
          ...reportedAmount(param.amount, integerMinor),
          state,
        },
        reply: {
          status: 200,
          contentType: 'application/json',
          body: JSON.stringify({ code: SUCCESS, message: 'Success' }),
        },
        signed: outer.param,
      }
    },
  }
}
