import { Notification } from 'electron'
import type { PayoutStatus } from '../../shared/domain/payout-status.ts'
import { formatMoney, type CurrencyCode } from '../../shared/money.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import type { BatchProgress } from '../payouts/batches.ts'
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

/** One notification when a batch run ends, with what became of it. */
export function notifyBatch(db: Ledger, progress: BatchProgress): void {
  const settings = readSettings(db)
  if (!settings.notifications || !Notification.isSupported()) return
  const zh = settings.language === 'zh-CN'
  const s = progress.byStatus
  const counts = zh
    ? `成功 ${s.succeeded ?? 0}，处理中 ${s.processing ?? 0}，失败 ${(s.failed ?? 0) + (s.rejected ?? 0)}，待确认 ${s.unknown ?? 0}，已取消 ${s.cancelled ?? 0}`
    : `${s.succeeded ?? 0} succeeded, ${s.processing ?? 0} processing, ${(s.failed ?? 0) + (s.rejected ?? 0)} failed, ${s.unknown ?? 0} in doubt, ${s.cancelled ?? 0} cancelled`
  new Notification({
    title: zh
      ? progress.state === 'cancelled'
        ? '批量付款已取消'
        : '批量付款已发送'
      : progress.state === 'cancelled'
        ? 'Batch cancelled'
        : 'Batch sent',
    body: counts,
  }).show()
}
