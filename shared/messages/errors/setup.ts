import { count, fieldProblems, n, s, type MessageParams, type Wording } from '../wording.ts'

/** The keychain's advice differs by system: what to install or unlock. */
const keychainHow = {
  en: (p: MessageParams) =>
    s(p, 'platform') === 'linux'
      ? 'On Linux, install a Secret Service such as GNOME Keyring (package gnome-keyring) and unlock it, then try again.'
      : s(p, 'platform') === 'darwin'
        ? 'Unlock the macOS Keychain (Keychain Access) and allow Payout Desk to use it, then try again.'
        : 'Make sure Windows Credential Manager is available to your user, then try again.',
  'zh-CN': (p: MessageParams) =>
    s(p, 'platform') === 'linux'
      ? '在 Linux 上，请安装 Secret Service（例如 GNOME Keyring，软件包 gnome-keyring）并解锁，然后再试。'
      : s(p, 'platform') === 'darwin'
        ? '请解锁 macOS 钥匙串（钥匙串访问）并允许 Payout Desk 使用，然后再试。'
        : '请确认当前用户可以使用 Windows 凭据管理器，然后再试。',
}

/** Where the command line settles open payouts: a team profile's are the team ledger's (`ledger: 'team'`). */
const attentionCommand = (p: MessageParams, zh = false) =>
  s(p, 'ledger') !== 'team'
    ? '`payout-desk attention`'
    : zh
      ? '`payout-desk team attention`；待批准的付款见 `payout-desk team waiting`'
      : '`payout-desk team attention`, and `payout-desk team waiting` for what waits for approval'

const keyKind = (p: MessageParams, zh: boolean) =>
  s(p, 'what') === 'public' ? (zh ? '公钥' : 'public key') : zh ? '私钥' : 'private key'

/** Profiles, their secrets and keys, the keychain, and what a gateway needs before anything is sent. */
export const SETUP_ERRORS = {
  keychainUnavailable: {
    en: (p) => `Payout Desk cannot reach the system keychain. ${keychainHow.en(p)}`,
    'zh-CN': (p) => `Payout Desk 无法访问系统钥匙串。${keychainHow['zh-CN'](p)}`,
  },
  keychainNothingSent: {
    en: (p) =>
      `Payout Desk cannot reach the system keychain, so it cannot tell which profiles have release limits. Nothing was written or sent. ${keychainHow.en(p)}`,
    'zh-CN': (p) =>
      `Payout Desk 无法访问系统钥匙串，因此无法确定哪些配置设有放行限额。未写入或发送任何付款。${keychainHow['zh-CN'](p)}`,
  },
  secretEmpty: {
    en: () => 'The secret is empty. Paste the secret again.',
    'zh-CN': () => '密钥为空。请重新粘贴密钥。',
  },
  secretTooLong: {
    en: () => 'That secret is far longer than any gateway key. Check what was pasted.',
    'zh-CN': () => '这个密钥比任何支付网关的密钥都长得多。请检查粘贴的内容。',
  },
  secretNotStored: {
    en: () => 'No secret is stored for this profile. Add it in Settings → Profiles.',
    'zh-CN': () => '此配置尚未保存密钥。请在“设置 → 配置”中添加。',
    cli: {
      en: () =>
        'No secret is stored for this profile. Store it with `payout-desk profile edit NAME --secret-stdin` (Vexora) or `--private-key-file FILE` (BluePay).',
      'zh-CN': () =>
        '此配置尚未保存密钥。请用 `payout-desk profile edit NAME --secret-stdin`（Vexora）或 `--private-key-file FILE`（BluePay）保存。',
    },
  },
  secretNotSaved: {
    en: () => 'The secret could not be stored.',
    'zh-CN': () => '无法保存密钥。',
  },
  notRsaKey: {
    en: (p) => `The ${keyKind(p, false)} is not an RSA key. BluePay uses RSA keys; check what was pasted.`,
    'zh-CN': (p) => `该${keyKind(p, true)}不是 RSA 密钥。BluePay 使用 RSA 密钥；请检查粘贴的内容。`,
  },
  privateKeyUnreadable: {
    en: () =>
      'That is not a private key Payout Desk can read. Paste the whole PEM block, or the base64 PKCS#8 text.',
    'zh-CN': () => 'Payout Desk 无法读取这个私钥。请粘贴完整的 PEM 内容，或 base64 格式的 PKCS#8 文本。',
  },
  publicKeyUnreadable: {
    en: () =>
      "That is not a public key Payout Desk can read. Paste BluePay's public key as a PEM block or base64 text.",
    'zh-CN': () => 'Payout Desk 无法读取这个公钥。请以 PEM 或 base64 文本粘贴 BluePay 的公钥。',
  },
  publicKeyIsPrivate: {
    en: () =>
      "That is a private key, not BluePay's public key: a private key must never be given away, and nothing was saved. Paste BluePay's public key (-----BEGIN PUBLIC KEY-----).",
    'zh-CN': () =>
      '这是私钥，不是 BluePay 的公钥：私钥绝不能交给别人，未保存任何内容。请粘贴 BluePay 的公钥（-----BEGIN PUBLIC KEY-----）。',
  },
  keyPairBluePayOnly: {
    en: () => 'Only BluePay profiles use a key pair.',
    'zh-CN': () => '只有 BluePay 配置使用密钥对。',
  },
  areaUnsupported: {
    en: (p) => `${s(p, 'gateway')} has no area "${s(p, 'area')}" in this version.`,
    'zh-CN': (p) => `此版本的 ${s(p, 'gateway')} 没有“${s(p, 'area')}”地区。`,
  },
  gatewayCurrency: {
    en: (p) => `${s(p, 'gateway')} pays out in ${s(p, 'currency')}, not ${s(p, 'given')}.`,
    'zh-CN': (p) => `${s(p, 'gateway')} 以 ${s(p, 'currency')} 付款，不能用 ${s(p, 'given')}。`,
  },
  gatewayCannotPay: {
    en: (p) => `This version cannot pay out through ${s(p, 'gateway')} ${s(p, 'area')}.`,
    'zh-CN': (p) => `此版本无法通过 ${s(p, 'gateway')} ${s(p, 'area')} 付款。`,
  },
  bluepayReference: {
    en: () => 'A BluePay reference must be 10 to 32 letters, digits, "-" or "_".',
    'zh-CN': () => 'BluePay 参考号必须是 10 到 32 个字母、数字、“-”或“_”。',
  },
  notifyUrlMissing: {
    en: (p) =>
      `${s(p, 'gateway')} needs a notify (callback) URL for every payout, and this profile has none. Nothing was sent. Set its notify URL in Settings → Profiles, then send again.`,
    'zh-CN': (p) =>
      `${s(p, 'gateway')} 要求每笔付款都有通知（回调）地址，而此配置没有。未发送任何付款。请在“设置 → 配置”中填写通知地址，然后再发送。`,
    cli: {
      en: (p) =>
        `${s(p, 'gateway')} needs a notify (callback) URL for every payout, and this profile has none. Nothing was sent. Add it with \`payout-desk profile edit "${s(p, 'profile')}" --notify-url URL\`, then send again.`,
      'zh-CN': (p) =>
        `${s(p, 'gateway')} 要求每笔付款都有通知（回调）地址，而此配置没有。未发送任何付款。请用 \`payout-desk profile edit "${s(p, 'profile')}" --notify-url URL\` 添加，然后再发送。`,
    },
  },
  gatewayUnreachable: {
    en: (p) =>
      `${s(p, 'gateway')} could not be reached (the connection was refused, or its address was not found), so nothing was sent. Check the internet connection and the profile's address.`,
    'zh-CN': (p) =>
      `无法连接 ${s(p, 'gateway')}（连接被拒绝，或找不到其地址），因此未发送任何付款。请检查网络连接和配置中的地址。`,
  },
  fieldsNotValid: {
    en: (p) =>
      `The payout's fields are not valid for ${s(p, 'gateway')}: ${fieldProblems(p, 'fields', 'en')}.`,
    'zh-CN': (p) =>
      `付款的以下字段不符合 ${s(p, 'gateway')} 的要求：${fieldProblems(p, 'fields', 'zh-CN')}。`,
  },
  sandboxNotRunning: {
    en: () => 'The built-in sandbox is not running. Restart Payout Desk.',
    'zh-CN': () => '内置沙箱没有运行。请重新启动 Payout Desk。',
    cli: {
      en: () =>
        'The built-in sandbox is not running. Start one with `payout-desk sandbox` in another terminal (the other commands find it by themselves), then run this command again.',
      'zh-CN': () =>
        '内置沙箱没有运行。请在另一个终端运行 `payout-desk sandbox`（其他命令会自动找到它），然后再运行此命令。',
    },
  },
  builtinSandboxFixed: {
    en: () =>
      'The built-in sandbox profiles cannot be changed and need no secret; add a profile of your own.',
    'zh-CN': () => '内置沙箱配置不能修改，也不需要密钥；请添加您自己的配置。',
  },
  profileGatewayFixed: {
    en: () =>
      'This profile already has payouts, so its gateway and area stay as they are. Add a new profile instead.',
    'zh-CN': () => '此配置已有付款，因此其支付网关和地区不能更改。请改为添加新配置。',
  },
  profileNeedsSecretAgain: {
    en: () =>
      'Changing the gateway address, merchant number or app ID, or environment of a profile needs its secret again: enter the secret for the new account with the change. Nothing was changed.',
    'zh-CN': () =>
      '更改配置的网关地址、商户号或应用 ID、或环境时需要重新输入密钥：请连同更改一起输入新账户的密钥。未做任何更改。',
  },
  profileChangedSinceShown: {
    en: (p) =>
      `Nothing was changed: the profile "${s(p, 'profile')}" was changed by someone else since you opened it (its name, gateway account or callback address). Look at it again, then change it.`,
    'zh-CN': (p) =>
      `未做任何更改：自您打开以来，配置“${s(p, 'profile')}”已被他人更改（名称、网关账户或回调地址）。请重新查看后再更改。`,
  },
  profileNameTaken: {
    en: (p) => `A profile named "${s(p, 'name')}" already exists. Choose another name.`,
    'zh-CN': (p) => `已有名为“${s(p, 'name')}”的配置。请换一个名称。`,
  },
  gatewayAccountLocked: {
    en: (p) =>
      `${count(n(p, 'count'), 'payout')} of "${s(p, 'name')}" ${n(p, 'count') === 1 ? 'is' : 'are'} not settled yet, so its gateway, URL, merchant or app ID and environment cannot change: they must be checked where they were sent. Settle them first (see Needs your decision), or add a new profile for the other account.`,
    'zh-CN': (p) =>
      `“${s(p, 'name')}”还有 ${n(p, 'count')} 笔付款尚未结清，因此不能更改其支付网关、地址、商户号或应用 ID 及环境：这些付款必须在原发送处核实。请先处理它们（见“需要您决定”），或为另一个账户添加新配置。`,
    cli: {
      en: (p) =>
        `${count(n(p, 'count'), 'payout')} of "${s(p, 'name')}" ${n(p, 'count') === 1 ? 'is' : 'are'} not settled yet, so its gateway, URL, merchant or app ID and environment cannot change: they must be checked where they were sent. Settle them first (${attentionCommand(p)}), or add a new profile for the other account.`,
      'zh-CN': (p) =>
        `“${s(p, 'name')}”还有 ${n(p, 'count')} 笔付款尚未结清，因此不能更改其支付网关、地址、商户号或应用 ID 及环境：这些付款必须在原发送处核实。请先处理它们（${attentionCommand(p, true)}），或为另一个账户添加新配置。`,
    },
  },
  ledgerTooNew: {
    en: (p) =>
      `This ledger was written by a newer version of Payout Desk (ledger version ${n(p, 'current')}; this app knows up to ${n(p, 'latest')}). Install the newer version of Payout Desk to open it. Nothing in the ledger was changed.`,
    'zh-CN': (p) =>
      `此账本由更新版本的 Payout Desk 写入（账本版本 ${n(p, 'current')}；本应用最多支持 ${n(p, 'latest')}）。请安装新版本的 Payout Desk 后再打开。账本未做任何更改。`,
  },
  bankListNoCode: {
    en: () => 'The file needs a column named "code" (and may have one named "name").',
    'zh-CN': () => '文件需要一列名为“code”（也可以有一列名为“name”）。',
  },
  bankCodeInvalid: {
    en: (p) => `"${s(p, 'code')}" is not a bank code: use letters, digits, "-" or "_".`,
    'zh-CN': (p) => `“${s(p, 'code')}”不是银行代码：只能使用字母、数字、“-”或“_”。`,
  },
  bankListEmpty: {
    en: () => 'The file has no bank codes.',
    'zh-CN': () => '文件中没有银行代码。',
  },
  listenerLoopbackOnly: {
    en: () =>
      'The callback listener only listens on this computer (127.0.0.1, ::1 or localhost). To let a gateway on the internet reach it, run a reverse proxy or tunnel of your own to it and give the gateway that public address.',
    'zh-CN': () =>
      '回调监听只在本机（127.0.0.1、::1 或 localhost）上监听。要让互联网上的支付网关访问它，请自行搭建反向代理或隧道，并把公网地址提供给网关。',
  },
  listenerCannotStart: {
    en: (p) =>
      `The callback listener could not start on ${s(p, 'host')}:${s(p, 'port')} (${s(p, 'detail')}). Choose another port.`,
    'zh-CN': (p) =>
      `回调监听无法在 ${s(p, 'host')}:${s(p, 'port')} 上启动（${s(p, 'detail')}）。请换一个端口。`,
  },
  recipientNotFound: {
    en: () => 'That recipient is not in the directory.',
    'zh-CN': () => '收款人名录中没有这位收款人。',
  },
  recipientLimitNotAmount: {
    en: (p) =>
      `The ${s(p, 'what') === 'per-day' ? 'per-day' : 'per-payout'} limit is not an amount in ${s(p, 'currency')}; write it like 5,000,000.`,
    'zh-CN': (p) =>
      `${s(p, 'what') === 'per-day' ? '每日' : '每笔'}限额不是 ${s(p, 'currency')} 金额；请写成 5,000,000 这样的格式。`,
  },
} satisfies Record<string, Wording>
