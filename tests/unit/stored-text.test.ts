import { describe, expect, it } from 'vitest'
import { storeText, wordStored } from '../../shared/messages/stored-text.ts'

// A payout's last problem is kept as a key: each door words it when it shows it.
describe('stored text', () => {
  const kept = storeText({ key: 'notifyUrlMissing', params: { gateway: 'Vexora', profile: 'Shop' } })

  it('is worded for the window and the command line, in English and 简体中文', () => {
    expect(wordStored(kept, 'en')).toContain('Set its notify URL in Settings → Profiles')
    expect(wordStored(kept, 'en', 'cli')).toContain('payout-desk profile edit "Shop" --notify-url URL')
    expect(wordStored(kept, 'zh-CN')).toContain('请在“设置 → 配置”中填写通知地址')
  })

  it("keeps the gateway's own words, and rows written before keys, as they came", () => {
    expect(wordStored('Insufficient balance', 'zh-CN')).toBe('Insufficient balance')
    expect(wordStored('Cancelled before it was sent.', 'zh-CN')).toBe('Cancelled before it was sent.')
    // Text that only looks like ours is shown as it is, never half-worded.
    expect(wordStored('{"key": broken', 'en')).toBe('{"key": broken')
    expect(wordStored('{"key":"toString","params":{}}', 'en')).toBe('{"key":"toString","params":{}}')
  })
})
