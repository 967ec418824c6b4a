import { isLoopbackUrl } from '../../shared/domain/loopback.ts'
import { minorToDecimalString } from '../../shared/money.ts'
import { validateFields } from '../../shared/providers/fields.ts'
import { VEXORA_AREAS, type VexoraArea } from '../../shared/providers/vexora-areas.ts'
import { majorToMinor, parseFlatJsonAsText } from '../providers/gateway-json.ts'
import { verifyVexoraSign } from '../providers/vexora/sign.ts'
import { json, type RouteReply, type RouteRequest, type SandboxContext } from './context.ts'
import { outcomeFor, type OrderPhase, type SandboxOrder } from './orders.ts'

/** Sandbox areas by URL segment: a Vexora profile's base URL is `<sandbox>/vexora/id` or `/vexora/th`. */
export const SANDBOX_VEXORA_AREAS: Record<string, VexoraArea> = { id: VEXORA_AREAS.ID, th: VEXORA_AREAS.TH }

// Strictness the real gateway documents or implies; the limits below are the sandbox's own.
const MAX_AMOUNT_MAJOR = 50_000_000
const TRADE_NO = /^[A-Za-z0-9_-]{1,32}$/

const refused = (msg: string): RouteReply =>
  json({ msg, code: '8000', timestamp: Date.now(), success: false, data: null })
const ok = (data: unknown): RouteReply =>
  json({ msg: 'success', code: '0000', timestamp: Date.now(), success: true, data })

export const VEXORA_STATUS: Record<OrderPhase, { status: string; message: string }> = {
  pending: { status: '0015', message: 'PAYING' },
  succeeded: { status: '0000', message: 'SUCCESS' },
  failed: { status: '00029', message: 'REJECTED_TRANSACTION' },
  // A code outside the documented set, so the app must route it to a person.
  review: { status: '0077', message: 'MANUAL_CHECK' },
}

function authenticate(
  ctx: SandboxContext,
  req: RouteRequest,
): { fields: Record<string, string> } | RouteReply {
  const merchantNo = req.headers.merchantno
  if (typeof merchantNo !== 'string' || !ctx.vexora.merchants.has(merchantNo))
    return refused('merchant not found: check the merchantNo header')
  const fields = parseFlatJsonAsText(req.body)
  if (!fields) return refused('request body must be a flat JSON object')
  if (!verifyVexoraSign(fields, ctx.vexora.secret)) return refused('sign error')
  const timestamp = Number(fields.timestamp)
  if (!/^\d{13}$/.test(fields.timestamp ?? '')) return refused('timestamp must be milliseconds')
  if (Math.abs(ctx.now() - timestamp) > ctx.timestampToleranceMs) return refused('timestamp expired')
  return { fields }
}

function orderData(ctx: SandboxContext, order: SandboxOrder) {
  const { status, message } = VEXORA_STATUS[ctx.book.phase(order)]
  return {
    tradeNo: order.reference,
    platFormTradeNo: order.gatewayId,
    // Indonesia's query answers with orderAmount as a decimal string, as the docs show.
    orderAmount: `${minorToDecimalString(order.amountMinor, order.currency)}${order.currency === 'IDR' ? '.00' : ''}`,
    status,
    message,
    remark: order.fields.remark ?? '',
  }
}

export function vexoraRoute(ctx: SandboxContext, areaKey: string, req: RouteRequest): RouteReply {
  const area = SANDBOX_VEXORA_AREAS[areaKey]
  if (!area) return json({ msg: 'not found', code: '404' }, 404)
  const auth = authenticate(ctx, req)
  if (!('fields' in auth)) return auth
  const { fields } = auth
  const { book } = ctx

  if (req.endpoint === 'balance') {
    const available = (ctx.vexora.startingBalanceMinor[areaKey] ?? 0) - book.committed('vexora', areaKey)
    // As the docs show it: JSON numbers with four places, IDR included ("availableAmount":9998989.1200).
    const fourPlaces = (minor: number) => {
      const [whole, fraction = ''] = minorToDecimalString(minor, area.currency).split('.')
      return `${whole}.${fraction.padEnd(4, '0')}`
    }
    const reply = ok({ availableAmount: 'A', freezeAmount: 'F', unsettledAmount: 'U' })
    return {
      ...reply,
      body: reply.body
        .replace('"availableAmount":"A"', `"availableAmount":${fourPlaces(available)}`)
        .replace('"freezeAmount":"F"', '"freezeAmount":0.0000')
        .replace('"unsettledAmount":"U"', '"unsettledAmount":0.0000'),
    }
  }

  const tradeNo = fields.tradeNo ?? ''
  if (req.endpoint === 'query') {
    const order = book.get('vexora', areaKey, tradeNo)
    return order ? ok(orderData(ctx, order)) : refused('order does not exist')
  }

  if (!TRADE_NO.test(tradeNo)) return refused('tradeNo invalid: 1-32 letters, digits, - or _')
  book.countAttempt('vexora', areaKey, tradeNo)
  if (book.get('vexora', areaKey, tradeNo)) return refused('duplicate tradeNo: order already exists')
  if (!fields.notifyUrl) return refused('notifyUrl is required')
  // The sandbox calls back only on this computer, never wherever a request (or a web page) points it.
  if (!isLoopbackUrl(fields.notifyUrl)) return refused('notifyUrl must be a loopback address in the sandbox')
  const amountMinor = majorToMinor(fields.amount, area.currency)
  if (amountMinor === null || amountMinor <= 0) return refused(`amount invalid for ${area.currency}`)
  if (area.minAmountMinor !== null && amountMinor < area.minAmountMinor) {
    return refused(`amount below minimum ${minorToDecimalString(area.minAmountMinor, area.currency)}`)
  }
  if (amountMinor > MAX_AMOUNT_MAJOR * 10 ** (area.currency === 'THB' ? 2 : 0))
    return refused('amount exceeds limit')
  const beneficiary: Record<string, string> = {}
  for (const def of area.fields)
    if (fields[def.key] !== undefined) beneficiary[def.key] = fields[def.key] as string
  const checked = validateFields(area.fields, beneficiary)
  if (!checked.ok) return refused(`param error: ${checked.errors.map((e) => e.field).join(', ')} invalid`)
  const available = (ctx.vexora.startingBalanceMinor[areaKey] ?? 0) - book.committed('vexora', areaKey)
  if (amountMinor > available) return refused('insufficient balance')

  const order = book.add(
    {
      provider: 'vexora',
      area: areaKey,
      reference: tradeNo,
      amountMinor,
      currency: area.currency,
      fields: checked.values,
      outcome: outcomeFor(checked.values[area.accountField] ?? '', checked.values[area.nameField] ?? ''),
      settleAt: ctx.now() + ctx.settleAfterMs,
      notifyUrl: fields.notifyUrl,
    },
    'VX',
  )
  ctx.onCreated(order)
  const { status, message } = VEXORA_STATUS.pending
  return ok({ tradeNo, platFormTradeNo: order.gatewayId, status, message, remark: fields.remark ?? '' })
}
