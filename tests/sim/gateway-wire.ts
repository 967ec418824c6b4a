import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto'
import type { ProviderId } from '../../shared/domain/providers.ts'
import { minorToDecimalString } from '../../shared/money.ts'
import { signParam, verifyParam } from '../../electron/providers/bluepay/sign.ts'
import { parseFlatJsonAsText } from '../../electron/providers/gateway-json.ts'
import { parseJsonObject } from '../../electron/providers/http.ts'
import { verifyVexoraSign, vexoraSign } from '../../electron/providers/vexora/sign.ts'
import {
  loadSandboxKeys,
  SANDBOX_BLUEPAY_APP_ID,
  SANDBOX_VEXORA,
} from '../../electron/sandbox/credentials.ts'
import type { GatewayOrder, Phase } from './gateway-books.ts'

/*
 * Both gateways' wire formats (vexora-api.md, bluepay-api.md), as the built-in sandbox speaks them and
 * with its public test credentials, so the app's built-in sandbox profiles (and the CLI's --sandbox-url)
 * talk to the scripted gateway unchanged. Signatures are checked and made with the app's own sign.ts.
 */

export type Endpoint = 'create' | 'query' | 'balance'

export interface WireRequest {
  provider: ProviderId
  endpoint: Endpoint
  /** The payout reference the request is about ('' for a balance). */
  reference: string
  amountMinor: number | null
  notifyUrl: string | null
}

export interface WireReply {
  status: number
  contentType: string
  body: string
}

const VEXORA_PATHS: Record<string, Endpoint> = {
  '/vexora/id/v1/vexora/disbursements': 'create',
  '/vexora/id/v1/vexora/queryPayOutResult': 'query',
  '/vexora/id/v1/vexora/queryBalance': 'balance',
}
const BLUEPAY_PATHS: Record<string, Endpoint> = {
  '/bluepay/open-api/disbursement/transfer': 'create',
  '/bluepay/open-api/disbursement/check': 'query',
  '/bluepay/open-api/account/balance': 'balance',
}

const keys = loadSandboxKeys()
const merchantPublicKey: KeyObject = createPublicKey(keys.merchantPublicKeyPem)
const bluepayPrivateKey: KeyObject = createPrivateKey(keys.bluepayPrivateKeyPem)

const json = (value: unknown, status = 200): WireReply => ({
  status,
  contentType: 'application/json',
  body: JSON.stringify(value),
})

/** Reads and verifies a request; a string is why it is refused (bad path, signature or body). */
export function readRequest(
  path: string,
  headers: Record<string, string | string[] | undefined>,
  body: string,
): WireRequest | { refuse: WireReply } | null {
  const vexora = VEXORA_PATHS[path]
  if (vexora) {
    const fields = parseFlatJsonAsText(body)
    if (
      headers.merchantno !== SANDBOX_VEXORA.merchantNo ||
      !fields ||
      !verifyVexoraSign(fields, SANDBOX_VEXORA.secret)
    )
      return { refuse: vexoraRefusal('sign error') }
    const amount = fields.amount === undefined ? null : Number(fields.amount)
    return {
      provider: 'vexora',
      endpoint: vexora,
      reference: fields.tradeNo ?? '',
      amountMinor: amount,
      notifyUrl: fields.notifyUrl ?? null,
    }
  }
  const bluepay = BLUEPAY_PATHS[path]
  if (!bluepay) return null
  const envelope = parseJsonObject(body)
  const param = typeof envelope?.param === 'string' ? parseJsonObject(envelope.param) : null
  if (
    !envelope ||
    !param ||
    envelope.appId !== SANDBOX_BLUEPAY_APP_ID ||
    typeof envelope.sign !== 'string' ||
    !verifyParam(envelope.param as string, envelope.sign, merchantPublicKey)
  )
    return { refuse: bluepayFailure(21001, 'Request sign error') }
  return {
    provider: 'bluepay',
    endpoint: bluepay,
    reference: typeof param.mchOrderId === 'string' ? param.mchOrderId : '',
    amountMinor: typeof param.amount === 'number' ? param.amount : null,
    notifyUrl: null,
  }
}

export const vexoraRefusal = (msg: string): WireReply =>
  json({ msg, code: '8000', timestamp: Date.now(), success: false, data: null })
const vexoraOk = (data: unknown): WireReply =>
  json({ msg: 'success', code: '0000', timestamp: Date.now(), success: true, data })
export const bluepayFailure = (code: number, message: string): WireReply =>
  json({ code, message, data: null })
const bluepayOk = (data: unknown): WireReply => json({ code: 10000, message: 'Success', data })

const VEXORA_STATUS: Record<Phase, { status: string; message: string }> = {
  pending: { status: '0015', message: 'PAYING' },
  succeeded: { status: '0000', message: 'SUCCESS' },
  failed: { status: '00029', message: 'REJECTED_TRANSACTION' },
  review: { status: '0077', message: 'MANUAL_CHECK' },
}
const BLUEPAY_STATUS: Record<Phase, string> = {
  pending: 'PENDING',
  succeeded: 'COMPLETED',
  failed: 'FAILED',
  review: 'ON_HOLD',
}

const time = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19)

/** Refusals of a create, per gateway: what a re-send (or, rarely, a first send) may be told. */
export const RESEND_REFUSALS: Record<ProviderId, readonly WireReply[]> = {
  vexora: [
    vexoraRefusal('timestamp expired'),
    vexoraRefusal('sign error'),
    vexoraRefusal('request too frequent'),
  ],
  bluepay: [
    bluepayFailure(21020, 'Rate limit exceeded'),
    bluepayFailure(21009, 'Request timestamp expired'),
    bluepayFailure(21001, 'Request sign error'),
  ],
}
export const FIRST_REFUSALS: Record<ProviderId, readonly WireReply[]> = {
  vexora: [vexoraRefusal('insufficient balance')],
  bluepay: [
    bluepayFailure(21014, 'Merchant balance insufficient'),
    bluepayFailure(21020, 'Rate limit exceeded'),
  ],
}

export const duplicateReply = (provider: ProviderId): WireReply =>
  provider === 'vexora'
    ? vexoraRefusal('duplicate tradeNo: order already exists')
    : bluepayFailure(21007, 'Duplicate merchant order id')

export const systemError = (provider: ProviderId): WireReply =>
  provider === 'vexora'
    ? json({ msg: 'system exception', code: '5000', timestamp: Date.now(), success: false, data: null })
    : bluepayFailure(21000, 'Server error, try again later')

export const notFound = (provider: ProviderId): WireReply =>
  provider === 'vexora'
    ? vexoraRefusal('order does not exist')
    : bluepayFailure(21006, 'Merchant transaction not found')

export const balanceReply = (provider: ProviderId): WireReply =>
  provider === 'vexora'
    ? vexoraOk({ availableAmount: 1_000_000_000, freezeAmount: 0, unsettledAmount: 0 })
    : bluepayOk({ balance: '10000000.00' })

export function createdReply(order: GatewayOrder): WireReply {
  return order.provider === 'vexora'
    ? vexoraOk({
        tradeNo: order.reference,
        platFormTradeNo: order.gatewayId,
        ...VEXORA_STATUS.pending,
        remark: '',
      })
    : bluepayOk({
        mchOrderId: order.reference,
        transactionId: order.gatewayId,
        transactionStatus: 'PENDING',
        transactionTime: time(order.takenAt),
      })
}

/** The amount as the gateway writes it, or a form that cannot be read for certain. */
function vexoraAmount(order: GatewayOrder, query: boolean): string {
  const text = minorToDecimalString(order.amountMinor, 'IDR')
  if (order.unreadableAmount) return query ? `${text}.50` : Number(text).toLocaleString('en-US')
  return query ? `${text}.00` : text
}
const bluepayAmount = (order: GatewayOrder): number | string =>
  order.unreadableAmount ? order.amountMinor + 0.5 : order.amountMinor

function bluepayData(order: GatewayOrder, phase: Phase) {
  return {
    mchOrderId: order.reference,
    transactionId: order.gatewayId,
    amount: bluepayAmount(order),
    transactionStatus: BLUEPAY_STATUS[phase],
    createTime: time(order.takenAt),
    returnTime: phase === 'pending' ? null : time(order.timeline[1]?.at ?? order.takenAt),
    remark: null,
    ...(phase === 'failed' ? { failedCode: -10005, failedMessage: 'Destination Account Error' } : {}),
  }
}

export function statusReply(order: GatewayOrder, phase: Phase): WireReply {
  return order.provider === 'vexora'
    ? vexoraOk({
        tradeNo: order.reference,
        platFormTradeNo: order.gatewayId,
        orderAmount: vexoraAmount(order, true),
        ...VEXORA_STATUS[phase],
        remark: '',
      })
    : bluepayOk(bluepayData(order, phase))
}

/** The signed body each gateway POSTs for an order in `phase`. */
export function callbackBody(order: GatewayOrder, phase: Phase): string {
  if (order.provider === 'vexora') {
    const fields: Record<string, string> = {
      platFormTradeNo: order.gatewayId,
      tradeNo: order.reference,
      amount: vexoraAmount(order, false),
      ...VEXORA_STATUS[phase],
      timestamp: String(Date.now()),
    }
    if (phase === 'succeeded') fields.successTime = time(Date.now())
    return JSON.stringify({ ...fields, sign: vexoraSign(fields, SANDBOX_VEXORA.secret) })
  }
  const data = bluepayData(order, phase)
  const param = JSON.stringify({
    ...data,
    eventName: phase === 'failed' ? 'disbursement.failed' : 'disbursement.success',
  })
  return JSON.stringify({ param, sign: signParam(param, bluepayPrivateKey) })
}

export function acknowledged(provider: ProviderId, status: number, text: string): boolean {
  if (status !== 200) return false
  return provider === 'vexora' ? text === 'OK' : parseJsonObject(text)?.code === 10000
}
