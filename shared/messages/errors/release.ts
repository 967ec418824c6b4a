import { n, s, type MessageParams, type Wording } from '../wording.ts'

/**
 * "Nothing was released", or, when `release --all` has let other groups go (params.group = 1), "this group
 * was not released": never a sentence that denies what was sent beside it.
 */
const nothing = (p: MessageParams) => (n(p, 'group') ? 'This group was not released' : 'Nothing was released')
const nothingZh = (p: MessageParams) => (n(p, 'group') ? '这一组未放行' : '没有放行任何付款')

/** Release limits, the owner's passphrase, and what waits for release. */
export const RELEASE_ERRORS = {
  passphraseNotSet: {
    en: () => 'No release passphrase is set for this profile. Set one with its limits.',
    'zh-CN': () => '此配置尚未设置放行密码。请在设置限额时一起设置。',
  },
  passphraseBusy: {
    en: () =>
      'Another release passphrase check for this profile is under way. Wait a few seconds, then try again.',
    'zh-CN': () => '此配置正在进行另一次放行密码校验。请等几秒后再试。',
  },
  passphraseWrong: {
    en: (p) => `That is not the release passphrase. ${nothing(p)}.`,
    'zh-CN': (p) => `放行密码不正确。${nothingZh(p)}。`,
  },
  passphraseTooShort: {
    en: (p) => `The release passphrase must be at least ${n(p, 'min')} characters long. Nothing was changed.`,
    'zh-CN': (p) => `放行密码至少要 ${n(p, 'min')} 个字符。未做任何更改。`,
  },
  passphraseCurrentNeeded: {
    en: () => 'Enter the current release passphrase to change limits or the passphrase.',
    'zh-CN': () => '要更改限额或密码，请输入当前的放行密码。',
  },
  passphraseWithLimits: {
    en: () => 'Set a release passphrase with the limits: it is what releases a held payout.',
    'zh-CN': () => '设置限额时请一起设置放行密码：放行被暂停的付款要用它。',
  },
  notTimeZone: {
    en: (p) => `"${s(p, 'zone')}" is not a time zone. Write it like Asia/Jakarta or Asia/Bangkok.`,
    'zh-CN': (p) => `“${s(p, 'zone')}”不是时区。请写成 Asia/Jakarta 或 Asia/Bangkok 这样的格式。`,
  },
  keychainNoSeal: {
    en: () => 'Payout Desk cannot reach the system keychain. Unlock it, then try again; nothing was changed.',
    'zh-CN': () => 'Payout Desk 无法访问系统钥匙串。请解锁后再试；未做任何更改。',
  },
  limitsChangedOutside: {
    en: () =>
      'The release limits of this profile were changed outside Payout Desk, so everything of it is held. Check the limits, set them again with the release passphrase, then release what waits.',
    'zh-CN': () =>
      '此配置的放行限额在 Payout Desk 之外被更改，因此其所有付款都被暂停。请检查限额，用放行密码重新设置，然后放行等待中的付款。',
  },
  releaseReviewChanged: {
    en: (p) => `What waits for release has changed since you reviewed it. ${nothing(p)}; look at it again.`,
    'zh-CN': (p) => `您审核之后，等待放行的内容有了变化。${nothingZh(p)}；请重新查看。`,
  },
  releaseNothingWaits: {
    en: () => 'Nothing of that waits for release any more.',
    'zh-CN': () => '这些已没有等待放行的付款。',
  },
  releaseSomeGone: {
    en: () => 'Some of these payouts no longer wait for release. Look at the list again.',
    'zh-CN': () => '其中有些付款已不再等待放行。请重新查看列表。',
  },
  releaseNothingOfBatch: {
    en: (p) => `Nothing of batch ${s(p, 'batch')} waits for release.`,
    'zh-CN': (p) => `批次 ${s(p, 'batch')} 中没有等待放行的付款。`,
  },
  gatewayBusyWithPayout: {
    en: () => 'Payout Desk is talking to the gateway about this payout right now. Try again in a moment.',
    'zh-CN': () => 'Payout Desk 正在就这笔付款与支付网关通信。请稍后再试。',
  },
  releasePayeeMoved: {
    en: (p) =>
      `${nothing(p)}. ${s(p, 'name')} is now known at ${s(p, 'old')}, but ${n(p, 'count') === 1 ? 'a payout' : `${n(p, 'count')} payouts`} waiting here (${s(p, 'references')}) would pay ${s(p, 'new')}, as written before that change. Cancel ${n(p, 'count') === 1 ? 'it' : 'them'} and pay ${s(p, 'name')} again at the account you mean.`,
    'zh-CN': (p) =>
      `${n(p, 'group') ? '这一组未放行' : '未放行任何付款'}。${s(p, 'name')} 的账户现在是 ${s(p, 'old')}，但这里等待中的 ${n(p, 'count')} 笔付款（${s(p, 'references')}）仍会付到变更前写入的 ${s(p, 'new')}。请取消这些付款，再按您确认的账户重新付给 ${s(p, 'name')}。`,
  },
  releaseRetryPaid: {
    en: (p) =>
      `${nothing(p)}. ${n(p, 'count') === 1 ? 'A Retry' : `${n(p, 'count')} Retries`} waiting here (${s(p, 'references')}) would pay again a payout the gateway may have paid after all, since ${n(p, 'count') === 1 ? 'it was' : 'they were'} written: released, the person could be paid twice. Decide on the first payout, then cancel the Retry if it was paid.`,
    'zh-CN': (p) =>
      `${nothingZh(p)}。这里等待中的 ${n(p, 'count')} 笔重新付款（${s(p, 'references')}）所重付的原付款，在此之后网关表示可能已经支付：放行后收款人可能被付两次。请先处理原付款，若已支付，请取消重新付款。`,
  },
} satisfies Record<string, Wording>
