import { n, s, type Wording } from '../wording.ts'

/** Refusals only the command line gives: files it writes, the sandbox it starts, its confirmations. */
export const CLI_ERRORS = {
  fileExistsForce: {
    en: (p) => `${s(p, 'file')} already exists. Choose another name, or add --force to replace it.`,
    'zh-CN': (p) => `${s(p, 'file')} 已存在。请换一个名称，或加上 --force 覆盖它。`,
  },
  fileExists: {
    en: (p) => `${s(p, 'file')} already exists; choose another name or remove it.`,
    'zh-CN': (p) => `${s(p, 'file')} 已存在；请换一个名称或先删除它。`,
  },
  fileNotWritten: {
    en: (p) =>
      `Cannot write ${s(p, 'file')} (${s(p, 'detail')}). Check the folder exists and you may write there.`,
    'zh-CN': (p) => `无法写入 ${s(p, 'file')}（${s(p, 'detail')}）。请确认文件夹存在且您有写入权限。`,
  },
  sandboxRunning: {
    en: (p) =>
      `A sandbox is already running for this data folder (process ${n(p, 'pid')}, since ${s(p, 'since')}); the other commands use it. Stop it with Ctrl-C in its terminal first to start another.`,
    'zh-CN': (p) =>
      `此数据文件夹已有沙箱在运行（进程 ${n(p, 'pid')}，自 ${s(p, 'since')} 起）；其他命令会使用它。要另启一个，请先在它的终端按 Ctrl-C 停止。`,
  },
  portTaken: {
    en: (p) => `Port ${n(p, 'port')} is taken by another program. Choose another with --port.`,
    'zh-CN': (p) => `端口 ${n(p, 'port')} 已被其他程序占用。请用 --port 换一个。`,
  },
  sheetChoose: {
    en: (p) =>
      `The workbook has ${n(p, 'count')} sheets with data: ${s(p, 'sheets')}${s(p, 'active') ? ` (saved showing "${s(p, 'active')}")` : ''}. Choose one with --sheet NAME.`,
    'zh-CN': (p) =>
      `工作簿中有 ${n(p, 'count')} 个含数据的工作表：${s(p, 'sheets')}${s(p, 'active') ? `（保存时显示“${s(p, 'active')}”）` : ''}。请用 --sheet NAME 选择一个。`,
  },
  actionNotOffered: {
    en: (p) =>
      `${s(p, 'action')} is not available for ${s(p, 'reference')} now; it offers ${s(p, 'offers') || 'nothing'}.`,
    'zh-CN': (p) =>
      `${s(p, 'reference')} 现在不能选择 ${s(p, 'action')}；可选的有：${s(p, 'offers') || '无'}。`,
  },
  confirmWithYes: {
    en: (p) =>
      `${s(p, 'action')} for ${s(p, 'reference')} (${s(p, 'amount')} to ${s(p, 'name')}) changes what the ledger says happened to the money. Nothing was changed; add --yes to confirm.`,
    'zh-CN': (p) =>
      `对 ${s(p, 'reference')}（${s(p, 'amount')}，付给 ${s(p, 'name')}）执行 ${s(p, 'action')} 会改变账本对这笔钱去向的记录。未做任何更改；请加上 --yes 确认。`,
  },
  profileNotNamed: {
    en: (p) => `No profile named "${s(p, 'name')}". \`payout-desk profile list\` shows them.`,
    'zh-CN': (p) => `没有名为“${s(p, 'name')}”的配置。\`payout-desk profile list\` 可列出所有配置。`,
  },
  referenceInProfiles: {
    en: (p) => `${n(p, 'count')} profiles have a payout ${s(p, 'reference')}. Name one with --profile NAME.`,
    'zh-CN': (p) => `有 ${n(p, 'count')} 个配置都有付款 ${s(p, 'reference')}。请用 --profile NAME 指定一个。`,
  },
  batchNameShort: {
    en: (p) =>
      `"${s(p, 'start')}" is too short to name a batch: give at least the ${n(p, 'length')} characters \`payout-desk list\` prints.`,
    'zh-CN': (p) =>
      `“${s(p, 'start')}”太短，无法指明批次：请至少输入 \`payout-desk list\` 显示的 ${n(p, 'length')} 个字符。`,
  },
} satisfies Record<string, Wording>
