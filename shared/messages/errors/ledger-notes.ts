import { s, statusIn, type MessageParams, type Wording } from '../wording.ts'

const ACTION_EN: Readonly<Record<string, string>> = {
  ask: 'asked the gateway again',
  resend: 'sent it again under the same reference',
  'not-sent': 'marked it as not sent (checked with the gateway: it never received it)',
  paid: 'marked it as paid (checked with the gateway)',
  'keep-gateway': "kept the gateway's answer",
  'keep-ledger': "kept the ledger's record",
}
const ACTION_ZH: Readonly<Record<string, string>> = {
  ask: '再次询问了支付网关',
  resend: '以同一参考号重新发送',
  'not-sent': '标记为未发送（已向支付网关核实：网关从未收到）',
  paid: '标记为已付（已向支付网关核实）',
  'keep-gateway': '采用了支付网关的答复',
  'keep-ledger': '保留了账本的记录',
}
const withNote = (p: MessageParams, colon: string, end: string) =>
  s(p, 'note') ? `${colon}${s(p, 'note')}` : end

/** What the ledger notes as a payout's last problem or decision: worded by each door when shown. */
export const LEDGER_NOTES = {
  noteAccountMoved: {
    en: () =>
      'Its profile now names another gateway account than the one this payout was sent to, so it is not asked about there.',
    'zh-CN': () => '它的配置现在指向另一个网关账户，与这笔付款发送时不同，因此不会在那里查询它。',
  },
  noteReferenceExists: {
    en: () => 'The gateway already has this reference; asking it for the status.',
    'zh-CN': () => '支付网关已有这个参考号；正在查询其状态。',
  },
  noteWaitingDecision: {
    en: (p) => `Waiting for your decision; the gateway now says ${s(p, 'status')}.`,
    'zh-CN': (p) => `等待您的决定；支付网关现在的答复是 ${s(p, 'status')}。`,
  },
  noteUnknownStatus: {
    en: (p) => `The gateway answered with a status Payout Desk does not know (${s(p, 'status')}).`,
    'zh-CN': (p) => `支付网关答复了一个 Payout Desk 不认识的状态（${s(p, 'status')}）。`,
  },
  noteAmountUnreadable: {
    en: (p) =>
      `The gateway reports the amount as "${s(p, 'said')}", which cannot be read for certain (the ledger sent ${s(p, 'currency')} ${s(p, 'sent')}). Check this payout with the gateway.`,
    'zh-CN': (p) =>
      `支付网关报告的金额是“${s(p, 'said')}”，无法确定地读取（账本发送的是 ${s(p, 'currency')} ${s(p, 'sent')}）。请向支付网关核实这笔付款。`,
  },
  noteAmountMismatch: {
    en: (p) =>
      `The gateway reports ${s(p, 'currency')} ${s(p, 'said')} instead of ${s(p, 'sent')}. Check this payout with the gateway.`,
    'zh-CN': (p) =>
      `支付网关报告的金额是 ${s(p, 'currency')} ${s(p, 'said')}，而不是 ${s(p, 'sent')}。请向支付网关核实这笔付款。`,
  },
  noteReversal: {
    en: (p) =>
      `The gateway now reports this paid payout as failed (${s(p, 'status')}). Check with the gateway whether the money came back.`,
    'zh-CN': (p) => `支付网关现在报告这笔已付的付款失败（${s(p, 'status')}）。请向支付网关核实钱是否已退回。`,
  },
  noteContradiction: {
    en: (p) =>
      `The gateway reports ${s(p, 'status')} for a payout the ledger has as ${statusIn(p, 'ledger', 'en')}. Check it with the gateway before paying it again.`,
    'zh-CN': (p) =>
      `支付网关对这笔付款的答复是 ${s(p, 'status')}，而账本记录为“${statusIn(p, 'ledger', 'zh-CN')}”。再付之前请先向支付网关核实。`,
  },
  noteResendRefused: {
    en: (p) =>
      `The gateway refused the re-send (${s(p, 'said')}). An earlier attempt may still be paid, so it keeps being checked.`,
    'zh-CN': (p) => `支付网关拒绝了重新发送（${s(p, 'said')}）。之前的一次发送可能仍会付出，因此会继续查询。`,
  },
  noteNotShownYet: {
    en: () => 'The gateway does not show this payout yet; it is asked again before anything is re-sent.',
    'zh-CN': () => '支付网关还查不到这笔付款；重新发送之前会再次查询。',
  },
  noteResending: {
    en: () => 'The gateway never received this payout; sending it again under the same reference.',
    'zh-CN': () => '支付网关从未收到这笔付款；正在以同一参考号重新发送。',
  },
  noteConfirmedThenGone: {
    en: () => 'The gateway no longer finds a payout it confirmed before; check it with the gateway.',
    'zh-CN': () => '支付网关找不到它之前确认过的这笔付款；请向支付网关核实。',
  },
  noteStillMissing: {
    en: () =>
      'The gateway still does not have this payout after it was sent again; check it with the gateway.',
    'zh-CN': () => '重新发送后支付网关仍然没有这笔付款；请向支付网关核实。',
  },
  noteDecided: {
    en: (p) => `You ${ACTION_EN[s(p, 'action')] ?? s(p, 'action')}${withNote(p, ': ', '.')}`,
    'zh-CN': (p) => `您${ACTION_ZH[s(p, 'action')] ?? s(p, 'action')}${withNote(p, '：', '。')}`,
  },
  noteCancelledHeld: {
    en: () => 'Cancelled while it waited for release.',
    'zh-CN': () => '在等待放行时被取消。',
  },
  noteCancelledUnsent: {
    en: () => 'Cancelled before it was sent.',
    'zh-CN': () => '在发送前被取消。',
  },
  noteRetryEarlierMayHavePaid: {
    en: () =>
      'Not sent: it pays again an earlier payout that the gateway may have paid after all, so the person could have been paid twice. Settle that earlier payout first; if it did not pay, pay this one again with Retry.',
    'zh-CN': () =>
      '未发送：它重付的更早一笔付款，网关表示可能已经支付，再付一次收款人可能被付两次。请先处理那笔更早的付款；如果它确实未支付，再用“重试”付这一笔。',
  },
  noteRetryEarlierMayHavePaidNotAgain: {
    en: () =>
      'Not sent again: it pays again an earlier payout that the gateway may have paid after all. Settle that earlier payout first; this one is still asked about, and waits for you if the gateway never received it.',
    'zh-CN': () =>
      '未再次发送：它重付的更早一笔付款，网关表示可能已经支付。请先处理那笔更早的付款；这一笔仍会继续向网关查询，如果网关从未收到它，会等待您处理。',
  },
  noteNotLetGo: {
    en: () =>
      'Not sent: this payout does not carry the release seal Payout Desk gives what it lets go, so it was changed outside Payout Desk or has waited since an update. The owner can review it and release it.',
    'zh-CN': () =>
      '未发送：这笔付款没有 Payout Desk 放行时加的放行封印，可能在 Payout Desk 之外被更改过，或是从更新前一直等待至今。负责人可以查看后放行。',
  },
} satisfies Record<string, Wording>
