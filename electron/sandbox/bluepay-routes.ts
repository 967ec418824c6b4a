import { minorToDecimalString } from '../../shared/money.ts'
import { BLUEPAY_FIELDS } from '../../shared/providers/bluepay-fields.ts'
import { validateFields } from '../../shared/providers/fields.ts'
import { parseJsonObject } from '../providers/http.ts'
import { verifyParam } from '../providers/bluepay/sign.ts'
import { gatewayTime, json, type RouteReply, type RouteRequest, type SandboxContext } from './context.ts'
import { outcomeFor, type OrderPhase, type SandboxOrder } from './orders.ts'

const MAX_AMOUNT_SATANG = 500_000_000 // THB 5,000,000.00, the sandbox's own per-payout limit
const ID_10_32 = /^[A-Za-z0-9_-]{10,32}$/

const fail = (code: number, message: string): RouteReply => json({ code, message, data: null })
const ok = (data: unknown): RouteReply => json({ code: 10000, message: 'Success', data })

export const BLUEPAY_STATUS: Record<
  OrderPhase,
  { status: string; failedCode?: number; failedMessage?: string }
> = {
  pending: { status: 'PENDING' },
  succeeded: { status: 'COMPLETED' },
  failed: { status: 'FAILED', failedCode: -10005, failedMessage: 'Destination Account Error' },
  review: { status: 'ON_HOLD' },
}

export function bluepayOrderData(ctx: SandboxContext, order: SandboxOrder) {
  const phase = ctx.book.phase(order)
  const { status, failedCode, failedMessage } = BLUEPAY_STATUS[phase]
  return {
    mchOrderId: order.reference,
    transactionId: order.gatewayId,
    amount: order.amountMinor,
    transactionStatus: status,
    createTime: gatewayTime(order.createdAt),
    returnTime: phase === 'pending' ? null : gatewayTime(order.settleAt),
    remark: order.fields.remark ?? null,
    ...(failedCode !== undefined ? { failedCode, failedMessage } : {}),
  }
}

function authenticate(ctx: SandboxContext, raw: string): { param: Record<string, unknown> } | RouteReply {
  const envelope = parseJsonObject(raw)
  if (
    !envelope ||
    typeof envelope.param !== 'string' ||
    typeof envelope.sign !== 'string' ||
    typeof envelope.appId !== 'string'
  ) {
    return fail(21002, 'Request param error: body must be {appId, param, sign}')
  }
  if (envelope.appId !== ctx.bluepay.appId) return fail(21003, 'Request appId error')
  if (!verifyParam(envelope.param, envelope.sign, ctx.bluepay.merchantPublicKey))
    return fail(21001, 'Request sign error')
  const param = parseJsonObject(envelope.param)
  if (!param) return fail(21002, 'Request param error: param must be a JSON object string')
  if (typeof param.timestamp !== 'number' || !Number.isInteger(param.timestamp)) {
    return fail(21008, 'Request timestamp error')
  }
  if (Math.abs(ctx.now() - param.timestamp) > ctx.timestampToleranceMs)
    return fail(21009, 'Request timestamp expired')
  return { param }
}

export function bluepayRoute(ctx: SandboxContext, req: RouteRequest): RouteReply {
  const auth = authenticate(ctx, req.body)
  if (!('param' in auth)) return auth
  const { param } = auth
  const { book } = ctx
  const available = () => ctx.bluepay.startingBalanceMinor - book.committed('bluepay', 'th')

  if (req.endpoint === 'balance') return ok({ balance: minorToDecimalString(available(), 'THB') })

  const mchOrderId = typeof param.mchOrderId === 'string' ? param.mchOrderId : ''
  if (req.endpoint === 'query') {
    const order = book.get('bluepay', 'th', mchOrderId)
    return order ? ok(bluepayOrderData(ctx, order)) : fail(21006, 'Merchant transaction not found')
  }

  if (!/^[A-Za-z0-9_-]{1,32}$/.test(mchOrderId)) return fail(21002, 'Request param error: mchOrderId')
  if (typeof param.idempotencyId !== 'string' || !ID_10_32.test(param.idempotencyId)) {
    return fail(21002, 'Request param error: idempotencyId')
  }
  book.countAttempt('bluepay', 'th', mchOrderId)
  if (book.get('bluepay', 'th', mchOrderId)) return fail(21007, 'Duplicate merchant order id')
  if (book.list().some((o) => o.provider === 'bluepay' && o.fields.idempotencyId === param.idempotencyId)) {
    return fail(21015, 'Duplicate idempotencyId')
  }
  const amount = param.amount
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0)
    return fail(21021, 'Amount invalid')
  if (amount > MAX_AMOUNT_SATANG) return fail(21010, 'Amount exceeds limit')
  const beneficiary: Record<string, string> = {}
  for (const def of BLUEPAY_FIELDS) {
    const value = param[def.key]
    if (typeof value === 'string') beneficiary[def.key] = value
    else if (value !== undefined && value !== null)
      return fail(21002, `Request param error: ${def.key} must be a string`)
  }
  const checked = validateFields(BLUEPAY_FIELDS, beneficiary)
  if (!checked.ok) return fail(21002, `Request param error: ${checked.errors.map((e) => e.field).join(', ')}`)
  if (amount > available()) return fail(21014, 'Merchant balance insufficient')

  const order = book.add(
    {
      provider: 'bluepay',
      area: 'th',
      reference: mchOrderId,
      amountMinor: amount,
      currency: 'THB',
      fields: { ...checked.values, idempotencyId: param.idempotencyId },
      outcome: outcomeFor(checked.values.accountNo ?? '', checked.values.accountName ?? ''),
      settleAt: ctx.now() + ctx.settleAfterMs,
      notifyUrl: ctx.bluepay.notifyUrl,
    },
    'D',
  )
  ctx.onCreated(order)
  return ok({
    mchOrderId,
    transactionId: order.gatewayId,
    transactionStatus: 'PENDING',
    transactionTime: gatewayTime(order.createdAt),
  })
}
