import { n, s, statusIn, type Wording } from '../wording.ts'

/** Refusals any door may meet: what is asked for is not there, or the request itself is wrong. */
export const GENERAL_ERRORS = {
  appClosing: {
    en: () => 'Payout Desk is closing, so nothing more was sent. What waits is sent when you open it again.',
    'zh-CN': () => 'Payout Desk 正在关闭，因此没有再发送任何付款。等待中的付款会在您再次打开时发送。',
    cli: {
      en: () =>
        'Payout Desk is closing, so nothing more was sent. Run `payout-desk resume --all` to send what waits.',
      'zh-CN': () =>
        'Payout Desk 正在关闭，因此没有再发送任何付款。请运行 `payout-desk resume --all` 发送等待中的付款。',
    },
  },
  payoutNotFound: {
    en: () => 'That payout is not in the ledger.',
    'zh-CN': () => '账本中没有这笔付款。',
  },
  referenceNotFound: {
    en: (p) => `No payout with reference ${s(p, 'reference')}.`,
    'zh-CN': (p) => `没有参考号为 ${s(p, 'reference')} 的付款。`,
  },
  batchNotFound: {
    en: () => 'That batch is not in the ledger.',
    'zh-CN': () => '账本中没有这个批次。',
  },
  profileGone: {
    en: () => 'That profile no longer exists.',
    'zh-CN': () => '该配置已不存在。',
  },
  choiceNotAvailable: {
    en: () => 'That choice is not available for this payout now.',
    'zh-CN': () => '这笔付款现在不能选择该操作。',
  },
  batchNotRunning: {
    en: () => 'That batch is not being sent right now.',
    'zh-CN': () => '这个批次现在没有在发送。',
  },
  invalidRequest: {
    en: (p) => `The request was not valid: ${s(p, 'detail')}`,
    'zh-CN': (p) => `请求无效：${s(p, 'detail')}`,
  },
  unknownRequest: {
    en: (p) => `Payout Desk has no request named "${s(p, 'channel')}".`,
    'zh-CN': (p) => `Payout Desk 没有名为“${s(p, 'channel')}”的请求。`,
  },
  internal: {
    en: () =>
      'Something went wrong inside Payout Desk. Check History before trying again; if it keeps happening, restart the app.',
    'zh-CN': () => 'Payout Desk 内部出错。重试前请先查看历史记录；如果一直出错，请重新启动应用。',
  },
  noLogFile: {
    en: () => 'This Payout Desk writes no log file.',
    'zh-CN': () => '此 Payout Desk 不写日志文件。',
  },
  rowsHaveErrors: {
    en: (p) =>
      n(p, 'count') === 1
        ? '1 row has errors. Fix it, or leave it out.'
        : `${n(p, 'count')} rows have errors. Fix them, or leave them out.`,
    'zh-CN': (p) => `有 ${n(p, 'count')} 行有错误。请修正，或将其移除。`,
  },
  importLineGone: {
    en: (p) => `Line ${n(p, 'line')} is not in this import any more.`,
    'zh-CN': (p) => `第 ${n(p, 'line')} 行已不在本次导入中。`,
  },
  accountChanged: {
    en: (p) =>
      `${s(p, 'name')} was last paid at ${s(p, 'old')}; this payout goes to ${s(p, 'new')}. Check the new account with them (not by replying to the message that sent it), then accept the change.`,
    'zh-CN': (p) =>
      `${s(p, 'name')} 上次收款账户是 ${s(p, 'old')}；这笔付款将付到 ${s(p, 'new')}。请向本人核实新账户（不要只回复发来新账户的消息），然后再接受这一更改。`,
  },
  accountMoved: {
    en: (p) =>
      `${s(p, 'name')} was last paid at ${s(p, 'old')}; this payout goes to ${s(p, 'new')}. Their account in your recipients changed after you looked; check it again, then accept the change.`,
    'zh-CN': (p) =>
      `${s(p, 'name')} 上次收款账户是 ${s(p, 'old')}；这笔付款将付到 ${s(p, 'new')}。在您查看之后，收款人记录中的账户已更改；请再次核对，然后再接受这一更改。`,
  },
  sentRecently: {
    en: (p, door) =>
      `The same amount went to this account on ${s(p, 'date')} (${s(p, 'reference')}, ${statusIn(p, 'status', 'en', door)}). Nothing was sent: pay it again only if you mean to pay twice.`,
    'zh-CN': (p) =>
      `${s(p, 'date')} 已向此账户付过相同金额（${s(p, 'reference')}，${statusIn(p, 'status', 'zh-CN')}）。未发送任何付款：只有确实要付两次时才再付一次。`,
  },
  passphraseWait: {
    en: (p) =>
      `Too many wrong passphrases. Wait ${n(p, 'seconds') === 1 ? '1 second' : `${n(p, 'seconds')} seconds`}, then try again.`,
    'zh-CN': (p) => `密码错误次数过多。请等待 ${n(p, 'seconds')} 秒后再试。`,
  },
  profileHasPayouts: {
    en: (p) =>
      n(p, 'count') === 1
        ? 'This profile has 1 payout in the ledger; it is kept so its record stays complete.'
        : `This profile has ${n(p, 'count')} payouts in the ledger; it is kept so their record stays complete.`,
    'zh-CN': (p) => `此配置在账本中有 ${n(p, 'count')} 笔付款；为保持记录完整，不能删除。`,
  },
  twoColumnsOneField: {
    en: (p) => `Two columns are set to "${s(p, 'target')}". Choose one.`,
    'zh-CN': (p) => `有两列都设为“${s(p, 'target')}”。请只选一列。`,
  },
} satisfies Record<string, Wording>
