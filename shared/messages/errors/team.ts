import { n, s, type Wording } from '../wording.ts'

/** The team ledger on PostgreSQL: setting it up, its people, and what the database refuses. */
export const TEAM_ERRORS = {
  teamPayoutNotInCopy: {
    en: () =>
      "That payout is not in this computer's copy of the team ledger, and the server cannot be reached to look: it may have been written after the copy was taken.",
    'zh-CN': () => '本机的团队账本副本中没有这笔付款，且无法连接服务器查询：它可能是在副本之后写入的。',
  },
  teamLedgerUnreachable: {
    en: () =>
      'The team ledger could not be reached. Check the server and its port, and that the server accepts connections from this computer.',
    'zh-CN': () => '无法连接团队账本。请检查服务器及其端口，以及服务器是否接受本机的连接。',
    cli: {
      en: () =>
        'The team ledger could not be reached. Check the server, the port and the login in the URL, and that the server accepts connections from this computer.',
      'zh-CN': () => '无法连接团队账本。请检查 URL 中的服务器、端口和登录名，以及服务器是否接受本机的连接。',
    },
  },
  teamLoginRefused: {
    en: () =>
      'The team ledger refused this login and password. Check both with whoever added you to the team; nothing was changed.',
    'zh-CN': () => '团队账本拒绝了这个登录名和密码。请向把您加入团队的人核对；未做任何更改。',
  },
  teamLoginNotFromHere: {
    en: () =>
      "The team ledger's server knows this login but does not let it connect: it was switched off, or the server does not accept it from this computer (pg_hba.conf). Ask whoever set up the team ledger; nothing was changed.",
    'zh-CN': () =>
      '团队账本的服务器认识此登录名，但不允许它连接：它已被停用，或服务器不接受来自这台电脑的连接（pg_hba.conf）。请询问团队账本的设置人员；未做任何更改。',
  },
  teamServerInvalid: {
    en: () =>
      'Write the server as HOST:PORT/DATABASE (for example office-pc:5432/payouts), without a login or password: those have their own fields.',
    'zh-CN': () =>
      '请按 主机:端口/数据库 的格式填写服务器（例如 office-pc:5432/payouts），不要包含登录名或密码：它们有各自的输入框。',
  },
  teamNotConnected: {
    en: () => 'This desk is not connected to a team ledger. Connect it in Settings → Team.',
    'zh-CN': () => '本机尚未连接团队账本。请在“设置 → 团队”中连接。',
    cli: {
      en: () =>
        'No team ledger was given. Give it as --ledger URL or in $PAYOUT_DESK_LEDGER_URL (postgres://PERSON:PASSWORD@HOST:PORT/DATABASE).',
      'zh-CN': () =>
        '未指定团队账本。请用 --ledger URL 或 $PAYOUT_DESK_LEDGER_URL 给出（postgres://登录名:密码@主机:端口/数据库）。',
    },
  },
  teamLedgerNewer: {
    en: (p) =>
      `This team ledger was set up by a newer Payout Desk (version ${n(p, 'found')}; this one knows up to ${n(p, 'known')}). Nothing was changed. Update Payout Desk on this computer first.`,
    'zh-CN': (p) =>
      `这个团队账本由更新版本的 Payout Desk 创建（版本 ${n(p, 'found')}；本程序最高支持 ${n(p, 'known')}）。未做任何更改。请先更新本机的 Payout Desk。`,
  },
  teamLedgerNotSetUp: {
    en: () => 'This database holds no team ledger yet. Set it up first with `team init`.',
    'zh-CN': () => '这个数据库中还没有团队账本。请先用 `team init` 创建。',
    cli: {
      en: () =>
        'This database holds no team ledger yet. Set it up first: payout-desk team init --ledger ADMIN_URL',
      'zh-CN': () => '这个数据库中还没有团队账本。请先创建：payout-desk team init --ledger ADMIN_URL',
    },
  },
  teamPersonName: {
    en: (p) =>
      `"${s(p, 'name')}" cannot be a login name: use lower-case letters, digits and _, starting with a letter (like siti or budi_s).`,
    'zh-CN': (p) =>
      `"${s(p, 'name')}" 不能作为登录名：请使用小写字母、数字和 _，并以字母开头（例如 siti 或 budi_s）。`,
  },
  teamNotAllowed: {
    en: () =>
      "The team ledger refused: this login may not do that. Setting up the ledger and adding people take the database owner's login.",
    'zh-CN': () =>
      '团队账本拒绝了此操作：这个登录没有相应权限。创建账本和添加成员需要使用数据库所有者的登录。',
  },
  teamPasswordShort: {
    en: () => 'The password must have at least 12 characters.',
    'zh-CN': () => '密码至少需要 12 个字符。',
  },
  teamPersonExists: {
    en: (p) => `There is already a login named "${s(p, 'name')}" on this server. Choose another name.`,
    'zh-CN': (p) => `这台服务器上已有名为 "${s(p, 'name')}" 的登录。请换一个名字。`,
  },
  teamPersonNameReserved: {
    en: (p) =>
      `"${s(p, 'name')}" is the login that set up this team ledger, so no person may have it: the ledger writes a file's payouts as that login. Choose another name.`,
    'zh-CN': (p) =>
      `"${s(p, 'name')}" 是创建此团队账本的登录名，成员不能使用：账本以这个登录写入文件中的付款。请换一个名字。`,
  },
  teamApprovalChanged: {
    en: () =>
      'Nothing was approved: what waits for approval changed since it was shown (another owner approved some, or a payout was added). Look at what waits again.',
    'zh-CN': () =>
      '未批准任何付款：待批准的内容在显示后已变化（另一位所有者已批准部分付款，或新增了付款）。请重新查看待批准的付款。',
    cli: {
      en: () =>
        'Nothing was approved: what waits for approval changed since it was shown (another owner approved some, or a payout was added). List it again with: payout-desk team waiting',
      'zh-CN': () =>
        '未批准任何付款：待批准的内容在显示后已变化（另一位所有者已批准部分付款，或新增了付款）。请用 payout-desk team waiting 重新列出。',
    },
  },
  teamApprovalPayeeMoved: {
    en: (p) =>
      `Nothing was approved. ${s(p, 'name')} is now known at ${s(p, 'old')}, but ${n(p, 'count') === 1 ? 'a payout' : `${n(p, 'count')} payouts`} waiting for approval (${s(p, 'references')}) would pay ${s(p, 'new')}, as written before that change. Cancel ${n(p, 'count') === 1 ? 'it' : 'them'} and pay ${s(p, 'name')} again at the account you mean.`,
    'zh-CN': (p) =>
      `未批准任何付款。${s(p, 'name')} 的账户现在是 ${s(p, 'old')}，但待批准的 ${n(p, 'count')} 笔付款（${s(p, 'references')}）仍会付到变更前写入的 ${s(p, 'new')}。请取消这些付款，再按您确认的账户重新付给 ${s(p, 'name')}。`,
  },
  teamApprovalPayeeMovedBook: {
    en: (p) =>
      `Nothing was approved. The payee of ${s(p, 'reference')} is now known at another account than the one that payout would pay, as written before that change. Cancel it and pay the payee again at the account you mean.`,
    'zh-CN': (p) =>
      `未批准任何付款。${s(p, 'reference')} 的收款人现在已知在另一个账户，而这笔付款仍会付到变更前写入的账户。请取消它，再按您确认的账户重新付款。`,
  },
  teamApprovalNameUnread: {
    en: (p) =>
      `Nothing was approved. The payee's name on ${s(p, 'reference')} holds characters that show as nothing, so it cannot be checked against the payees you know. Cancel it and pay the payee again from a desk, with the name typed plainly.`,
    'zh-CN': (p) =>
      `未批准任何付款。${s(p, 'reference')} 的收款人姓名含有看不见的字符，无法与已知收款人核对。请取消它，再从桌面端用正常输入的姓名重新付款。`,
  },
  teamSecretProfileChanged: {
    en: (p) =>
      `Nothing was changed: the team profile "${s(p, 'profile')}" changed while its secret was being set (another owner moved it to another account or set its secret). This computer's keychain holds what it held. Look at the profile again, then set its secret.`,
    'zh-CN': (p) =>
      `未做任何更改：设置密钥期间团队配置“${s(p, 'profile')}”已被更改（另一位所有者将其改到另一个账户或设置了其密钥）。本机钥匙串保持原样。请重新查看该配置后再设置密钥。`,
  },
  teamApprovalNotShown: {
    en: (p) =>
      `Nothing was approved. The book notes something about ${s(p, 'reference')} (a new payee, a new account or another name at its account) that you were not shown: it changed since the list was read. Look at the list again, then approve.`,
    'zh-CN': (p) =>
      `未批准任何付款。账本对 ${s(p, 'reference')} 有一条您未看到的提示（新收款人、新账户或该账户下的另一个姓名）：列表读取后情况已变化。请重新查看列表后再批准。`,
  },
  teamApprovalRetryPaid: {
    en: (p) =>
      `Nothing was approved. ${s(p, 'reference')} pays again a payout the gateway may have paid after all, since it was written: approved, the person could be paid twice. Decide on that payout first, then cancel ${s(p, 'reference')} if it was paid.`,
    'zh-CN': (p) =>
      `未批准任何付款。${s(p, 'reference')} 是对一笔付款的重新付款，而网关在此之后表示原付款可能已经支付：批准后收款人可能被付两次。请先处理原付款，若已支付，请取消 ${s(p, 'reference')}。`,
  },
  teamProfileOwnersOnly: {
    en: () =>
      'Nothing was changed: only an owner of the team adds a team profile or changes its account or its limits. Ask an owner to do it at her desk.',
    'zh-CN': () =>
      '未做任何更改：只有团队的所有者可以添加团队配置，或更改其账户或限额。请让所有者在她的电脑上操作。',
  },
  teamMoveKeyIsPrivate: {
    en: (p) =>
      `Nothing was moved: the profile "${s(p, 'profile')}" keeps a private key where BluePay's public key belongs, and the team ledger would show it to every person. Paste BluePay's public key into that profile on this computer (or leave it empty), then move again.`,
    'zh-CN': (p) =>
      `未迁移任何内容：配置“${s(p, 'profile')}”在应填写 BluePay 公钥的位置保存了私钥，团队账本会让每个人都看到它。请先在这台电脑上为该配置粘贴 BluePay 的公钥（或留空），再迁移。`,
  },
  teamProfileCurrencyFixed: {
    en: (p) =>
      `A team profile pays in one currency (${s(p, 'currency')}): a country paid in another needs a profile of its own. Nothing was changed.`,
    'zh-CN': (p) =>
      `团队配置只用一种货币（${s(p, 'currency')}）付款：以另一种货币付款的国家需要单独的配置。未做任何更改。`,
  },
  teamLimitsChangedSinceShown: {
    en: (p) =>
      `Nothing was changed: the limits of "${s(p, 'profile')}" were changed by someone else since you opened them. Look at them again, then set them.`,
    'zh-CN': (p) =>
      `未做任何更改：自您打开以来，“${s(p, 'profile')}”的限额已被他人更改。请重新查看后再设置。`,
  },
  teamProfileNeedsSecret: {
    en: () =>
      "A team profile is added with its secret (BluePay: its private key): enter it, and it stays in this computer's keychain. Nothing was added.",
    'zh-CN': () =>
      '添加团队配置时需要同时输入其密钥（BluePay：其私钥），密钥只保存在这台电脑的钥匙串中。未添加任何配置。',
    cli: {
      en: () =>
        "A team profile is added with its secret: give --secret-stdin with the Vexora secret on standard input, or --private-key-file with BluePay's key. It stays in this computer's keychain. Nothing was added.",
      'zh-CN': () =>
        '添加团队配置时需要同时提供其密钥：Vexora 用 --secret-stdin 从标准输入提供密钥，BluePay 用 --private-key-file 提供私钥。密钥只保存在这台电脑的钥匙串中。未添加任何配置。',
    },
  },
  teamApprovalRefused: {
    en: () =>
      'Nothing was approved: only an owner approves, and never a payout she prepared herself. Ask another owner to approve those.',
    'zh-CN': () =>
      '未批准任何付款：只有所有者可以批准，且不能批准自己准备的付款。请让另一位所有者批准这些付款。',
  },
  teamRefusalChanged: {
    en: () =>
      'Nothing was refused: what waits for approval changed since it was shown (another owner approved or refused some). Look at what waits again.',
    'zh-CN': () =>
      '未拒绝任何付款：待批准的内容在显示后已变化（另一位所有者已批准或拒绝部分付款）。请重新查看待批准的付款。',
    cli: {
      en: () =>
        'Nothing was refused: what waits for approval changed since it was shown (another owner approved or refused some). List it again with: payout-desk team waiting',
      'zh-CN': () =>
        '未拒绝任何付款：待批准的内容在显示后已变化（另一位所有者已批准或拒绝部分付款）。请用此命令重新列出：payout-desk team waiting',
    },
  },
  teamRefusalRefused: {
    en: () =>
      'Nothing was refused: only an owner refuses what waits for approval. Ask an owner to refuse it.',
    'zh-CN': () => '未拒绝任何付款：只有所有者可以拒绝待批准的付款。请让所有者拒绝。',
  },
  teamReferenceInProfiles: {
    en: (p) =>
      `${s(p, 'reference')} waits for approval in more than one profile (${s(p, 'profiles')}). Nothing was approved: choose the profile.`,
    'zh-CN': (p) =>
      `${s(p, 'reference')} 在多个配置中等待批准（${s(p, 'profiles')}）。未批准任何付款：请指定配置。`,
    cli: {
      en: (p) =>
        `${s(p, 'reference')} waits for approval in more than one profile (${s(p, 'profiles')}). Nothing was approved: name the profile with --profile NAME.`,
      'zh-CN': (p) =>
        `${s(p, 'reference')} 在多个配置中等待批准（${s(p, 'profiles')}）。未批准任何付款：请用 --profile NAME 指定配置。`,
    },
  },
  teamSendingElsewhere: {
    en: () =>
      'Another desk is sending for this profile right now; what the gateway said is learnt by that desk. Nothing was changed here.',
    'zh-CN': () => '另一台电脑正在为此配置发送付款；网关的结果由那台电脑记录。此处未做任何更改。',
  },
  teamSecretNotTheTeams: {
    en: (p) =>
      `This is not the gateway secret the team's owner set for "${s(p, 'profile')}". Nothing was kept. Check it with the owner, or ask her to set the new one if the gateway's secret changed.`,
    'zh-CN': (p) =>
      `这不是团队所有者为 "${s(p, 'profile')}" 设定的网关密钥。未保存任何内容。请与所有者核对；如果网关密钥已更换，请她设定新的密钥。`,
  },
  teamSecretReplaceAsk: {
    en: (p) =>
      `This is not the gateway secret the team's computers send with for "${s(p, 'profile')}". Nothing was kept. Check it for a typo; if the gateway gave this profile a new secret, choose Replace the team's secret.`,
    'zh-CN': (p) =>
      `这不是团队电脑为 "${s(p, 'profile')}" 发送时使用的网关密钥。未保存任何内容。请检查是否输错；如果网关为此配置换了新密钥，请选择“替换团队密钥”。`,
    cli: {
      en: (p) =>
        `This is not the gateway secret the team's computers send with for "${s(p, 'profile')}". Nothing was kept. Check it for a typo; if the gateway gave this profile a new secret, run the command again with --replace.`,
      'zh-CN': (p) =>
        `这不是团队电脑为 "${s(p, 'profile')}" 发送时使用的网关密钥。未保存任何内容。请检查是否输错；如果网关为此配置换了新密钥，请加上 --replace 再运行一次。`,
    },
  },
  teamDecisionNeedsSecret: {
    en: (p) =>
      `Asking the gateway or sending again is done by a computer holding the secret of "${s(p, 'profile')}", and this one does not. Nothing was changed: decide there, or keep the profile's secret here first.`,
    'zh-CN': (p) =>
      `向网关查询或重新发送需由保存 "${s(p, 'profile')}" 密钥的电脑进行，而这台电脑没有。未做任何更改：请在那台电脑上决定，或先在这里保存该配置的密钥。`,
  },
  teamProfileChangedMeanwhile: {
    en: (p) =>
      `The profile "${s(p, 'profile')}" was changed since this was checked (its gateway account, or test and real money). Nothing was written: check it again.`,
    'zh-CN': (p) =>
      `自检查以来，配置 "${s(p, 'profile')}" 已被更改（其网关账户，或测试与真实资金）。未写入任何内容：请重新检查。`,
  },
  teamLedgerChangedMeanwhile: {
    en: () =>
      'This computer was connected to another team ledger, or as another person, since this was checked. Nothing was written: check it again.',
    'zh-CN': () =>
      '自检查以来，这台电脑已连接到另一个团队账本，或以另一个人的身份连接。未写入任何内容：请重新检查。',
  },
  teamRetryStopped: {
    en: (p) =>
      `Paying again stopped here: the team ledger stopped answering (${s(p, 'detail')}). This payout may have been paid again just before; the rest were not. Look at it in History before trying again: a payout is never paid again twice.`,
    'zh-CN': (p) =>
      `再付在此停止：团队账本停止了响应（${s(p, 'detail')}）。这笔付款可能刚刚已被再付；其余的没有。再试之前请在历史记录中查看：一笔付款绝不会被再付两次。`,
  },
  teamPayReviewGone: {
    en: () => 'This check of the payout is no longer kept. Nothing was written: review the payout again.',
    'zh-CN': () => '这笔付款的检查结果已不再保留。未写入任何内容：请重新检查这笔付款。',
  },
  teamPayAgainNotPaid: {
    en: () =>
      'Only a paid payout is paid again from a filled-in form. One that did not pay is paid again with "Pay it again", which asks the gateway first, so it can never be paid twice.',
    'zh-CN': () =>
      '只有已付款的付款可以用预填表单再付一次。未付成功的付款请用"再付一次"，它会先向网关确认，因此绝不会被付两次。',
  },
  teamLedgerBusy: {
    en: () =>
      'The team ledger did not answer in time (another computer may be writing to the same profile). Nothing was written: try again in a moment.',
    'zh-CN': () => '团队账本没有及时回应（可能有另一台电脑正在写入同一个配置）。未写入任何内容：请稍后再试。',
  },
  retryMovedFromDesk: {
    en: () =>
      "This payout was moved in from a desk's own ledger, which still holds it. Nothing was paid: pay it again on that desk, so it can never be paid again twice.",
    'zh-CN': () =>
      '这笔付款是从某台电脑的本机账本迁入的，那里仍保留着它。未付款：请在那台电脑上再付，以免被重复再付。',
  },
  retryRefusedByOwner: {
    en: (p) =>
      `${s(p, 'person')}, an owner, refused this payout while it waited for approval: it is not paid again. If it should be paid after all, write it again as a new payout; over a limit, it waits for an owner again.`,
    'zh-CN': (p) =>
      `所有者 ${s(p, 'person')} 在这笔付款等待批准时拒绝了它：不会再付。如仍应付款，请重新填写一笔新付款；超出限额时，它会再次等待所有者批准。`,
  },
  teamLedgerOlder: {
    en: () =>
      'This team ledger was set up by an older Payout Desk. Nothing was changed. Its administrator brings it up to date first with `team init`.',
    'zh-CN': () => '这个团队账本由旧版本的 Payout Desk 创建。未做任何更改。请管理员先用 `team init` 更新它。',
  },
  teamMoveOpenPayouts: {
    en: (p) =>
      `This desk's ledger still has payouts that are not finished (${s(p, 'open')}). Nothing was moved: send, settle or cancel them here first, so that no payout is in both ledgers.`,
    'zh-CN': (p) =>
      `本机账本中仍有未完成的付款（${s(p, 'open')}）。未迁移任何内容：请先在此发送、处理或取消它们，以免同一笔付款出现在两个账本中。`,
  },
  teamMoveLimitsTampered: {
    en: (p) =>
      `The limits of "${s(p, 'profile')}" on this desk do not match their seal (they were changed outside Payout Desk). Nothing was moved: check them and set them again with the release passphrase, then move.`,
    'zh-CN': (p) =>
      `本机上 "${s(p, 'profile')}" 的限额与其封签不符（在 Payout Desk 之外被修改过）。未迁移任何内容：请检查限额，用放行密码重新设置后再迁移。`,
    cli: {
      en: (p) =>
        `The limits of "${s(p, 'profile')}" on this desk do not match their seal (they were changed outside Payout Desk). Nothing was moved: check them and set them again with the release passphrase (\`payout-desk profile limits\`), then move.`,
      'zh-CN': (p) =>
        `本机上 "${s(p, 'profile')}" 的限额与其封签不符（在 Payout Desk 之外被修改过）。未迁移任何内容：请检查限额，用放行密码重新设置（\`payout-desk profile limits\`）后再迁移。`,
    },
  },
  teamMoveNothing: {
    en: () =>
      "This desk's ledger has no profile of its own to move (the built-in sandboxes stay on each desk).",
    'zh-CN': () => '本机账本中没有可迁移的配置（内置沙盒保留在每台电脑上）。',
  },
  teamMoveProfilesThere: {
    en: (p) =>
      `The team ledger already has profiles named or numbered as this desk's: ${s(p, 'names')}. Nothing was moved (a ledger is moved once).`,
    'zh-CN': (p) =>
      `团队账本中已有与本机同名或同编号的配置：${s(p, 'names')}。未迁移任何内容（一个账本只迁移一次）。`,
  },
  teamMoveReferenceThere: {
    en: (p) =>
      `The team ledger already has a payout under one of this desk's references at the same gateway account (${s(p, 'detail')}). Nothing was moved.`,
    'zh-CN': (p) =>
      `团队账本中已有一笔付款在同一网关账户下使用了本机的某个参考号（${s(p, 'detail')}）。未迁移任何内容。`,
  },
  teamBatchOrReference: {
    en: (p) =>
      `"${s(p, 'name')}" names both a batch and a payout's reference that wait for approval. Nothing was approved: name the batch by more of its id.`,
    'zh-CN': (p) =>
      `"${s(p, 'name')}" 既是一个待批准批次的名称，也是一笔待批准付款的参考号。未批准任何付款：请用更长的批次编号指定批次。`,
  },
  teamBatchNameShared: {
    en: (p) =>
      `More than one batch waiting for approval starts with "${s(p, 'name')}". Nothing was approved: give more of the batch's id.`,
    'zh-CN': (p) => `有多个待批准的批次以 "${s(p, 'name')}" 开头。未批准任何付款：请给出更长的批次编号。`,
  },
  teamProfileUnknown: {
    en: (p) => `The team ledger has no profile named "${s(p, 'name')}".`,
    'zh-CN': (p) => `团队账本中没有名为 "${s(p, 'name')}" 的配置。`,
    cli: {
      en: (p) =>
        `The team ledger has no profile named "${s(p, 'name')}". See its profiles with: payout-desk team send --dry-run`,
      'zh-CN': (p) =>
        `团队账本中没有名为 "${s(p, 'name')}" 的配置。查看配置：payout-desk team send --dry-run`,
    },
  },
  teamNotWaiting: {
    en: (p) => `${s(p, 'reference')} does not wait for approval.`,
    'zh-CN': (p) => `${s(p, 'reference')} 不在待批准列表中。`,
    cli: {
      en: (p) =>
        `${s(p, 'reference')} does not wait for approval. See what does with: payout-desk team waiting`,
      'zh-CN': (p) => `${s(p, 'reference')} 不在待批准列表中。查看待批准的付款：payout-desk team waiting`,
    },
  },
} satisfies Record<string, Wording>
