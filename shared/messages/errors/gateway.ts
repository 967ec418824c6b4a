import { n, s, type MessageParams, type Wording } from '../wording.ts'

/**
 * What a gateway answered that stops a payout, with what to do: the advice in the person's language, the
 * gateway's own code and words beside it as they came ("(BluePay 21014: insufficient balance)").
 */
const IN_DOUBT = {
  en: 'The payout may or may not have been created; Payout Desk will check its status. Do not send it again.',
  'zh-CN': '这笔付款可能已创建，也可能没有；Payout Desk 会查询其状态。请不要再次发送。',
}

function tail(p: MessageParams, language: 'en' | 'zh-CN'): string {
  const code = s(p, 'code')
  const said = s(p, 'said')
  const detail =
    code || said
      ? language === 'en'
        ? ` (${s(p, 'gateway')}${code ? ` ${code}` : ''}${said ? `: ${said}` : ''})`
        : `（${s(p, 'gateway')}${code ? ` ${code}` : ''}${said ? `：${said}` : ''}）`
      : ''
  return `${detail}${n(p, 'inDoubt') ? (language === 'en' ? ' ' : '') + IN_DOUBT[language] : ''}`
}

/** One advice, worded for both languages, the gateway's details after it. */
const advice = (en: (g: string) => string, zh: (g: string) => string): Wording => ({
  en: (p) => `${en(s(p, 'gateway'))}${tail(p, 'en')}`,
  'zh-CN': (p) => `${zh(s(p, 'gateway'))}${tail(p, 'zh-CN')}`,
})

/** Advice that names where a profile is set: the window's menu, or the command that edits it. */
const setupAdvice = (
  en: (g: string, where: string) => string,
  zh: (g: string, where: string) => string,
): Wording => ({
  ...advice(
    (g) => en(g, 'Settings → Profiles'),
    (g) => zh(g, '“设置 → 配置”'),
  ),
  cli: advice(
    (g) => en(g, '`payout-desk profile edit NAME`'),
    (g) => zh(g, '`payout-desk profile edit NAME`'),
  ),
})

export const GATEWAY_ERRORS = {
  gwTimeout: advice(
    (g) => `${g} did not answer in time.`,
    (g) => `${g} 没有及时答复。`,
  ),
  gwNetwork: advice(
    (g) => `${g} could not be reached. Check the internet connection and the profile's address.`,
    (g) => `无法连接 ${g}。请检查网络连接和配置中的地址。`,
  ),
  gwRedirect: {
    en: (p) =>
      `${s(p, 'gateway')} answered with a redirect${s(p, 'location') ? ` to ${s(p, 'location')}` : ''} (HTTP ${s(p, 'status')}). Payout Desk does not follow redirects, so the request went no further than the profile's address; check that address with your gateway.${tail({ ...p, code: '', said: '' }, 'en')}`,
    'zh-CN': (p) =>
      `${s(p, 'gateway')} 答复了一个重定向${s(p, 'location') ? `（到 ${s(p, 'location')}）` : ''}（HTTP ${s(p, 'status')}）。Payout Desk 不跟随重定向，因此请求只到了配置中的地址；请与支付网关核对这个地址。${tail({ ...p, code: '', said: '' }, 'zh-CN')}`,
  },
  gwUnreadable: advice(
    (g) => `${g} sent an answer Payout Desk cannot read.`,
    (g) => `${g} 发来的答复 Payout Desk 无法读取。`,
  ),
  gwHttpError: {
    en: (p) =>
      `${s(p, 'gateway')} answered with an error (HTTP ${s(p, 'status')}).${tail({ ...p, code: '', said: '' }, 'en')}`,
    'zh-CN': (p) =>
      `${s(p, 'gateway')} 答复了一个错误（HTTP ${s(p, 'status')}）。${tail({ ...p, code: '', said: '' }, 'zh-CN')}`,
  },
  gwAcceptedNoStatus: advice(
    (g) => `${g} accepted the request but did not say what happened.`,
    (g) => `${g} 接受了请求，但没有说明结果。`,
  ),
  gwSystemProblem: advice(
    (g) => `${g} reported a system problem.`,
    (g) => `${g} 报告了系统问题。`,
  ),
  gwServerError: advice(
    (g) => `${g} reported a server error.`,
    (g) => `${g} 报告了服务器错误。`,
  ),
  gwNetworkOnItsSide: advice(
    (g) => `${g} reported a network error on its side.`,
    (g) => `${g} 报告其自身出现网络错误。`,
  ),
  gwUnknownCode: advice(
    (g) => `${g} answered with a code Payout Desk does not know.`,
    (g) => `${g} 答复了一个 Payout Desk 不认识的代码。`,
  ),
  gwWrongOrder: {
    en: (p) => `${s(p, 'gateway')} answered about ${s(p, 'echoed')} when asked about ${s(p, 'reference')}.`,
    'zh-CN': (p) => `询问 ${s(p, 'reference')} 时，${s(p, 'gateway')} 答复的却是 ${s(p, 'echoed')}。`,
  },
  gwCheckFailed: advice(
    (g) => `${g} could not answer the status check; it will be checked again.`,
    (g) => `${g} 无法答复状态查询；稍后会再次查询。`,
  ),
  gwNoBalance: advice(
    (g) => `${g} did not report a balance.`,
    (g) => `${g} 没有报告余额。`,
  ),
  gwBadSecret: setupAdvice(
    (g, where) => `${g} says the signature is wrong. Check the app secret in ${where}.`,
    (g, where) => `${g} 说签名不正确。请在${where}中检查应用密钥。`,
  ),
  gwBadKey: setupAdvice(
    (g, where) =>
      `${g} says the signature is wrong. Check the private key in ${where}, and that ${g} has its public half.`,
    (g, where) => `${g} 说签名不正确。请在${where}中检查私钥，并确认 ${g} 有对应的公钥。`,
  ),
  gwUnknownMerchantNo: setupAdvice(
    (g, where) => `${g} does not recognise this merchant number. Check it in ${where}.`,
    (g, where) => `${g} 不认识这个商户号。请在${where}中检查。`,
  ),
  gwUnknownAppId: setupAdvice(
    (g, where) => `${g} does not recognise the appId. Check it in ${where}.`,
    (g, where) => `${g} 不认识这个 appId。请在${where}中检查。`,
  ),
  gwMerchantUnavailable: advice(
    (g) => `${g} says the merchant account is unavailable. Contact ${g}.`,
    (g) => `${g} 说商户账户不可用。请联系 ${g}。`,
  ),
  gwFieldInvalid: advice(
    (g) => `${g} says a field is not valid. Check the beneficiary details.`,
    (g) => `${g} 说有字段无效。请检查收款人信息。`,
  ),
  gwRefusedPayout: advice(
    (g) => `${g} refused the payout. Check the beneficiary details.`,
    (g) => `${g} 拒绝了这笔付款。请检查收款人信息。`,
  ),
  gwChannelDisabled: advice(
    (g) =>
      `This pay method is not enabled for your ${g} account. Check the pay method and transfer code, or ask ${g}.`,
    (g) => `您的 ${g} 账户没有开通这种付款方式。请检查付款方式和转账代码，或询问 ${g}。`,
  ),
  gwClock: advice(
    (g) => `${g} refused the request's time. Check that this computer's clock is right.`,
    (g) => `${g} 拒绝了请求的时间。请检查这台电脑的时钟是否准确。`,
  ),
  gwExpired: advice(
    (g) => `${g} says the request expired. Check that this computer's clock is right.`,
    (g) => `${g} 说请求已过期。请检查这台电脑的时钟是否准确。`,
  ),
  gwAmountOverLimit: advice(
    (g) => `The amount is over the limit ${g} allows for this payout.`,
    (g) => `金额超过了 ${g} 对这笔付款的限额。`,
  ),
  gwAmountRefused: advice(
    (g) => `${g} refused the amount. Check the minimum and maximum for this area.`,
    (g) => `${g} 拒绝了这个金额。请检查此地区的最低和最高金额。`,
  ),
  gwAmountInvalid: advice(
    (g) => `${g} says the amount is not valid.`,
    (g) => `${g} 说金额无效。`,
  ),
  gwVolumeLimit: advice(
    (g) => `${g} says the volume limit is reached.`,
    (g) => `${g} 说已达到交易量上限。`,
  ),
  gwBankCodeList: advice(
    (g) => `${g} refused the bank code. Check it against your ${g} bank list.`,
    (g) => `${g} 拒绝了银行代码。请对照您的 ${g} 银行列表检查。`,
  ),
  gwBankCode: advice(
    (g) => `${g} does not recognise the bank code. Check the transfer code against your ${g} channel list.`,
    (g) => `${g} 不认识这个银行代码。请对照您的 ${g} 渠道列表检查转账代码。`,
  ),
  gwWalletCode: advice(
    (g) => `${g} does not recognise the wallet code. Check the transfer code against your ${g} channel list.`,
    (g) => `${g} 不认识这个钱包代码。请对照您的 ${g} 渠道列表检查转账代码。`,
  ),
  gwTransferCode: advice(
    (g) => `${g} does not recognise the transfer code. Check it against your ${g} channel list.`,
    (g) => `${g} 不认识这个转账代码。请对照您的 ${g} 渠道列表检查。`,
  ),
  gwBalanceLow: advice(
    (g) => `Your ${g} balance is too low for this payout. Top up, then send it again.`,
    (g) => `您的 ${g} 余额不足以支付这笔付款。请充值后再发送。`,
  ),
  gwIpRefused: advice(
    (g) => `${g} refused this computer's address. Ask ${g} to allow your IP address.`,
    (g) => `${g} 拒绝了这台电脑的地址。请让 ${g} 允许您的 IP 地址。`,
  ),
  gwPayMethod: advice(
    (g) => `${g} does not accept this pay method. Choose BANK, PROMPTPAY or EWALLET as your account allows.`,
    (g) => `${g} 不接受这种付款方式。请按您的账户权限选择 BANK、PROMPTPAY 或 EWALLET。`,
  ),
  gwRateLimited: advice(
    (g) => `${g} is limiting how fast payouts are sent. Wait a minute, then send again.`,
    (g) => `${g} 正在限制付款发送的速度。请等一分钟后再发送。`,
  ),
  gwCreateFailed: advice(
    (g) => `${g} could not create the payout.`,
    (g) => `${g} 无法创建这笔付款。`,
  ),
  gwCreationLimit: advice(
    (g) => `${g} says the creation limit is reached. Try again later.`,
    (g) => `${g} 说已达到创建上限。请稍后再试。`,
  ),
} satisfies Record<string, Wording>
