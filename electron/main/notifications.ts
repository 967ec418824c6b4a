import { Notification } from 'electron'
import type { PayoutStatus } from '../../shared/domain/payout-status.ts'
import { formatMoney, type CurrencyCode } from '../../shared/money.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import { readSettings } from '../ledger/settings-repo.ts'

const WORDS: Partial<Record<PayoutStatus, [string, string]>> = {
  succeeded: ['Payout succeeded', '付款成功'],
  failed: ['Payout failed', '付款失败'],
}

/** A desktop notification when a payout reaches a final state, unless turned off in Settings. */
export function notifyFinal(db: Ledger, id: string, status: PayoutStatus): void {
  const settings = readSettings(db)
  const words = WORDS[status]
  if (!settings.notifications || !words || !Notification.isSupported()) return
  const row = db
    .prepare<[string], { name: string; amount: number; currency: CurrencyCode; reference: string }>(
      'SELECT beneficiary_name AS name, amount_minor AS amount, currency, reference FROM payouts WHERE id = ?',
    )
    .get(id)
  if (!row) return
  const zh = settings.language === 'zh-CN'
  const locale = zh ? 'zh-CN' : 'en'
  new Notification({
    title: zh ? words[1] : words[0],
    body: `${formatMoney(row.amount, row.currency, locale)} → ${row.name} (${row.reference})`,
  }).show()
}
