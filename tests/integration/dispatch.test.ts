import i18next from 'i18next'
import { describe, expect, it } from 'vitest'
import { refusalText } from '../../renderer/src/api/call.ts'
import { ipcServicesSuite } from '../support/ipc-services.ts'
import { runCli } from '../support/run-cli.ts'

// A refusal travels as a key and its values; each door words it in its person's language.
describe('refusals in the person’s language', () => {
  const ipc = ipcServicesSuite()

  it('reach the window as a key it words in English or 简体中文', async () => {
    const refused = await ipc.refusal('getPayout', { id: '00000000-0000-4000-8000-000000000000' })
    expect(refused).toMatchObject({ code: 'NOT_FOUND', key: 'payoutNotFound' })
    await i18next.init({ lng: 'zh-CN', resources: {} })
    expect(refusalText(refused)).toBe('账本中没有这笔付款。')
    await i18next.changeLanguage('en')
    expect(refusalText(refused)).toBe('That payout is not in the ledger.')
    // Even a request the window should never make is refused in words the person can read.
    const unknown = await ipc.raw('noSuchChannel' as never)
    expect(unknown).toMatchObject({ ok: false, code: 'UNKNOWN_CHANNEL', key: 'unknownRequest' })
  })

  it('come as keys from every part of main, never as an English sentence of its own', async () => {
    const noRecipient = await ipc.refusal('getRecipient', { id: '00000000-0000-4000-8000-000000000000' })
    expect(noRecipient).toMatchObject({ code: 'NOT_FOUND', key: 'recipientNotFound' })
    const badPage = await ipc.refusal('listPayouts', { cursor: 'not a page' })
    expect(badPage).toMatchObject({ code: 'INVALID_INPUT', key: 'historyPageInvalid' })
    await i18next.changeLanguage('zh-CN')
    expect(refusalText(noRecipient)).toBe('收款人名录中没有这位收款人。')
    expect(refusalText(badPage)).toBe('要继续的历史记录页无效。请重新加载历史记录。')
    await i18next.changeLanguage('en')
  })

  it('reach the command line in the terminal’s language', async () => {
    const zh = await runCli(['show', 'NOPE', '--data-dir', ipc.services.dataDir], undefined, {
      LANG: 'zh_CN.UTF-8',
    })
    expect(zh.code).toBe(1)
    expect(zh.stderr).toBe('payout-desk: 没有参考号为 NOPE 的付款。\n')
    const en = await runCli(['show', 'NOPE', '--data-dir', ipc.services.dataDir], undefined, {
      LANG: 'C.UTF-8',
    })
    expect(en.stderr).toBe('payout-desk: No payout with reference NOPE.\n')
    // A refusal from deeper in (the profile lookup) is worded the same way, with the command line's advice.
    const profile = await runCli(
      ['list', '--profile', 'Nope', '--data-dir', ipc.services.dataDir],
      undefined,
      {
        LANG: 'zh_CN.UTF-8',
      },
    )
    expect(profile.stderr).toBe(
      'payout-desk: 没有名为“Nope”的配置。`payout-desk profile list` 可列出所有配置。\n',
    )
  }, 90_000)
})
