import { count, fieldProblems, n, s, statusIn, type Wording } from '../wording.ts'

const minutes = (value: number) => count(value, 'minute')

/** Refusals about paying: amounts, references, Retry, Pay again, decisions and batches. */
export const PAYOUT_ERRORS = {
  amountEmpty: { en: () => 'Enter an amount.', 'zh-CN': () => '请输入金额。' },
  amountFormat: {
    en: () => 'Write the amount as digits, like 1,250,000 or 500.20.',
    'zh-CN': () => '请用数字填写金额，例如 1,250,000 或 500.20。',
  },
  amountDecimals: {
    en: (p) =>
      n(p, 'decimals') === 0
        ? `${s(p, 'currency')} amounts have no decimal places.`
        : `${s(p, 'currency')} amounts have at most ${n(p, 'decimals')} decimal places.`,
    'zh-CN': (p) =>
      n(p, 'decimals') === 0
        ? `${s(p, 'currency')} 金额不能有小数。`
        : `${s(p, 'currency')} 金额最多 ${n(p, 'decimals')} 位小数。`,
  },
  amountNotPositive: { en: () => 'The amount must be more than zero.', 'zh-CN': () => '金额必须大于零。' },
  amountTooLarge: { en: () => 'That amount is too large.', 'zh-CN': () => '金额太大。' },
  amountBelowMinimum: {
    en: (p) => `The smallest payout this gateway accepts is ${s(p, 'currency')} ${s(p, 'minimum')}.`,
    'zh-CN': (p) => `此支付网关接受的最小付款金额是 ${s(p, 'currency')} ${s(p, 'minimum')}。`,
  },
  detailsNotValid: {
    en: (p) => `Some details are missing or not valid: ${fieldProblems(p, 'fields', 'en')}.`,
    'zh-CN': (p) => `有些信息缺失或无效：${fieldProblems(p, 'fields', 'zh-CN')}。`,
  },
  referenceRule: {
    en: (p) =>
      `A reference must be ${n(p, 'min') === 1 ? 'up to 32' : `${n(p, 'min')} to 32`} letters, digits, "-" or "_".`,
    'zh-CN': (p) =>
      `参考号必须是${n(p, 'min') === 1 ? '最多 32 个' : ` ${n(p, 'min')} 到 32 个`}字母、数字、“-”或“_”。`,
  },
  referenceTaken: {
    en: (p) => `Reference ${s(p, 'reference')} was already used with this gateway account. Use a new one.`,
    'zh-CN': (p) => `参考号 ${s(p, 'reference')} 已在此网关账户中用过。请换一个新的。`,
  },
  confirmationReused: {
    en: (p) =>
      `This confirmation (or reference) was already used for another payout, ${s(p, 'reference')}, with other details. Nothing was sent; start a new payout.`,
    'zh-CN': (p) =>
      `这个确认（或参考号）已用于另一笔信息不同的付款 ${s(p, 'reference')}。未发送任何付款；请新建一笔付款。`,
  },
  profileGoneChoose: {
    en: () => 'That profile no longer exists. Choose another one.',
    'zh-CN': () => '该配置已不存在。请选择其他配置。',
  },
  payoutProfileGone: {
    en: () => 'The profile of this payout no longer exists.',
    'zh-CN': () => '这笔付款的配置已不存在。',
  },
  payAgainUseRetry: {
    en: (p) =>
      `${s(p, 'reference')} did not pay: pay it again with Retry, which first asks the gateway what became of it.`,
    'zh-CN': (p) => `${s(p, 'reference')} 没有付成：请用“重试”再付，它会先向支付网关确认这笔付款的结果。`,
    cli: {
      en: (p) =>
        `${s(p, 'reference')} did not pay: pay it again with \`payout-desk retry ${s(p, 'reference')}\`, which first asks the gateway what became of it.`,
      'zh-CN': (p) =>
        `${s(p, 'reference')} 没有付成：请用 \`payout-desk retry ${s(p, 'reference')}\` 再付，它会先向支付网关确认这笔付款的结果。`,
    },
  },
  payAgainNotPaid: {
    en: (p, door) =>
      `${s(p, 'reference')} is not paid (${statusIn(p, 'status', 'en', door)}): only a paid payout can be paid again. A payout still open may yet pay.`,
    'zh-CN': (p) =>
      `${s(p, 'reference')} 尚未付成（${statusIn(p, 'status', 'zh-CN')}）：只有已付成的付款才能再付一次。仍未结束的付款可能还会付成。`,
  },
  retryEarlierMayHavePaid: {
    en: () =>
      'This payout pays again an earlier one that the gateway may have paid after all: paid again, the person could be paid twice. Decide on that earlier payout first (it waits for you).',
    'zh-CN': () =>
      '这笔付款重付的更早一笔付款，网关表示可能已经支付：再付一次，收款人可能被付两次。请先处理那笔更早的付款（它在等待您处理）。',
  },
  retryBusy: {
    en: () => 'Another window or command is working on this payout right now. Try again in a minute.',
    'zh-CN': () => '另一个窗口或命令正在处理这笔付款。请一分钟后再试。',
  },
  retryGatewaySays: {
    en: (p) =>
      `The gateway now reports this payout as ${s(p, 'state') === 'succeeded' ? 'paid' : 'still being processed'}; it is not paid again.`,
    'zh-CN': (p) =>
      `支付网关现在报告这笔付款${s(p, 'state') === 'succeeded' ? '已付成' : '仍在处理中'}；不会再付一次。`,
  },
  retryTooSoon: {
    en: (p) =>
      `The gateway does not show this payout yet, but it was sent only ${minutes(n(p, 'since'))} ago; a gateway can take ${minutes(n(p, 'settle'))} to show one. Try again later.`,
    'zh-CN': (p) =>
      `支付网关还查不到这笔付款，但它发出才 ${n(p, 'since')} 分钟；网关可能要 ${n(p, 'settle')} 分钟才能查到。请稍后再试。`,
  },
  retryNoAnswer: {
    en: (p) =>
      `The gateway could not confirm that this payout did not go through${
        s(p, 'cause') === 'keychain'
          ? ' (the system keychain could not be read)'
          : s(p, 'cause') === 'moved'
            ? ' (its profile now names another gateway account)'
            : ''
      }. Nothing was paid again; try again when it answers.`,
    'zh-CN': (p) =>
      `支付网关无法确认这笔付款没有付出${
        s(p, 'cause') === 'keychain'
          ? '（无法读取系统钥匙串）'
          : s(p, 'cause') === 'moved'
            ? '（其配置现在指向另一个网关账户）'
            : ''
      }。没有再付；请等网关能回答时再试。`,
  },
  retryNoneOfBatch: {
    en: (p) =>
      `No payout of this batch was paid again: for ${s(p, 'references')}, the gateway could not confirm that it did not go through, or the payee is known at another account now. Try again later, or pay a moved payee as a new payout.`,
    'zh-CN': (p) =>
      `这个批次没有任何付款被再付：${s(p, 'references')} 要么支付网关无法确认其没有付出，要么收款人现在的账户已不同。请稍后再试，或将账户已变的收款人作为新付款支付。`,
  },
  retryPayeeMoved: {
    en: (p) =>
      `${s(p, 'name')} was last paid at ${s(p, 'old')}; this payout goes to ${s(p, 'new')}. Retry pays only where the payee is known now; if this account is right, pay it as a new payout.`,
    'zh-CN': (p) =>
      `${s(p, 'name')} 上次收款账户是 ${s(p, 'old')}；这笔付款将付到 ${s(p, 'new')}。“重试”只付到收款人现在的账户；如果这个账户是对的，请作为新付款支付。`,
  },
  retryNothingLeft: {
    en: () => 'No payout of this batch is left to retry: none failed, or all were retried.',
    'zh-CN': () => '这个批次没有可重试的付款：没有失败的，或都已重试过。',
  },
  retryBatchAccountMoved: {
    en: () =>
      "This batch's profile now names another gateway account or environment than the one it was sent to. Import the rows again as a new batch instead.",
    'zh-CN': () => '这个批次的配置现在指向另一个网关账户或环境，与发送时不同。请把这些行作为新批次重新导入。',
  },
  retryAccountMoved: {
    en: () =>
      'Its profile now names another gateway account or environment than the one this payout was sent to. Pay it as a new payout instead.',
    'zh-CN': () => '它的配置现在指向另一个网关账户或环境，与这笔付款发送时不同。请改为新建一笔付款。',
  },
  retryWaitsForDecision: {
    en: () => 'This payout waits for your decision (see Needs your decision) before it can be paid again.',
    'zh-CN': () => '这笔付款需要您先做决定（见“需要您决定”），才能再付。',
    cli: {
      en: () => 'This payout waits for your decision (`payout-desk attention`) before it can be paid again.',
      'zh-CN': () => '这笔付款需要您先做决定（`payout-desk attention`），才能再付。',
    },
  },
  retryOnlyUnpaid: {
    en: () => 'Only a payout known not to have paid (failed, refused, or marked not sent) can be paid again.',
    'zh-CN': () => '只有确定没有付出的付款（失败、被拒绝或标记为未发送）才能再付。',
  },
  retriedAlready: {
    en: (p) => `This payout was already paid again as ${s(p, 'reference')}.`,
    'zh-CN': (p) => `这笔付款已经以 ${s(p, 'reference')} 再付过。`,
  },
  noteTooLong: {
    en: (p) => `The note is longer than ${n(p, 'max')} characters. Shorten it.`,
    'zh-CN': (p) => `备注超过 ${n(p, 'max')} 个字符。请缩短。`,
  },
  decisionNoVersion: {
    en: () => 'The decision does not say which version of the payout you saw.',
    'zh-CN': () => '这个决定没有说明您看到的是哪个版本的付款。',
  },
  decisionNeedsNote: {
    en: () =>
      'This decision changes what the ledger says happened to the money: add a note saying what you checked (for example, who at the gateway confirmed it). Nothing was changed.',
    'zh-CN': () =>
      '这个决定会改变账本对这笔钱去向的记录：请添加备注，说明您核实了什么（例如支付网关的哪位人员确认的）。未做任何更改。',
    cli: {
      en: () =>
        'This decision changes what the ledger says happened to the money: add --note saying what you checked (for example, who at the gateway confirmed it). Nothing was changed.',
      'zh-CN': () =>
        '这个决定会改变账本对这笔钱去向的记录：请用 --note 说明您核实了什么（例如支付网关的哪位人员确认的）。未做任何更改。',
    },
  },
  payoutChangedSinceSeen: {
    en: () => 'This payout has changed since you looked at it. Look at it again, then decide.',
    'zh-CN': () => '您查看之后，这笔付款已有变化。请重新查看后再决定。',
  },
  noDecisionNeeded: {
    en: () => 'This payout no longer needs a decision.',
    'zh-CN': () => '这笔付款已不需要您决定。',
  },
  noDecisionNeededRef: {
    en: (p) => `${s(p, 'reference')} does not need a decision.`,
    'zh-CN': (p) => `${s(p, 'reference')} 不需要您决定。`,
  },
  batchImporting: {
    en: () =>
      'This batch is still being imported from its file, and nothing of it can be sent until that ends. Cancel the import where it runs; one left unfinished is removed by itself.',
    'zh-CN': () =>
      '这个批次仍在从文件导入，导入结束前不会发送任何付款。请在导入进行的地方取消；未完成的导入会自动删除。',
  },
  batchStillWriting: {
    en: () => 'This batch is still being written from its file. It can be sent once the import has finished.',
    'zh-CN': () => '这个批次仍在从文件写入。导入完成后才能发送。',
  },
  batchCancelled: {
    en: () =>
      'This batch was cancelled: nothing more of it is sent. To pay its people, import the file again.',
    'zh-CN': () => '这个批次已取消：不会再发送其中任何付款。要付给这些人，请重新导入文件。',
  },
  batchHeld: {
    en: () =>
      'This batch went over a release limit: it waits for the owner to release it (or for its payouts to be cancelled).',
    'zh-CN': () => '这个批次超过了放行限额：它要等负责人放行（或取消其中的付款）。',
  },
  batchNameAmbiguous: {
    en: (p) => `More than one batch starts with ${s(p, 'start')}; give more of its id, or all of it.`,
    'zh-CN': (p) => `有多个批次以 ${s(p, 'start')} 开头；请多输入几位编号，或输入完整编号。`,
  },
  historyPageInvalid: {
    en: () => 'The history page to continue from is not valid. Reload the history.',
    'zh-CN': () => '要继续的历史记录页无效。请重新加载历史记录。',
  },
  amountBoundInvalid: {
    en: (p) => `"${s(p, 'text')}" is not an amount. Write it as digits, like 50,000.`,
    'zh-CN': (p) => `“${s(p, 'text')}”不是金额。请用数字填写，例如 50,000。`,
  },
  dashboardDaysOrder: {
    en: () => 'The dashboard days must be in order.',
    'zh-CN': () => '仪表板的日期必须按顺序排列。',
  },
} satisfies Record<string, Wording>
