import { wordStored } from '../../shared/messages/stored-text.ts'
import type { PayoutRow } from '../../shared/ipc/contract.ts'
import { minorToDecimalString } from '../../shared/money.ts'
import { csvLine } from './csv-cells.ts'

const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString())

const COLUMNS = [
  'reference',
  'gatewayId',
  'profile',
  'provider',
  'status',
  'gatewayStatus',
  'gatewayMessage',
  'amount',
  'currency',
  'beneficiary',
  'account',
  'batch',
  'retryOf',
  'createdAt',
  'updatedAt',
  'lastCheckedAt',
  'lastError',
] as const

/**
 * The ledger rows as a CSV a spreadsheet opens safely: UTF-8 with a BOM (so Excel reads 中文 names),
 * amounts in major units as text, and every cell through csv-cells (nothing in it can run as a formula,
 * whichever list separator the spreadsheet uses). Names come from files and messages from gateways are
 * stored verbatim, so no cell is trusted.
 */
export function payoutsCsv(rows: Iterable<PayoutRow>): { csv: string; count: number } {
  const lines = [csvLine(COLUMNS)]
  for (const r of rows) {
    const record: Record<(typeof COLUMNS)[number], string> = {
      reference: r.reference,
      gatewayId: r.gatewayId ?? '',
      profile: r.profileName,
      provider: r.provider,
      status: r.status,
      gatewayStatus: r.gatewayStatus ?? '',
      gatewayMessage: r.gatewayMessage ?? '',
      amount: minorToDecimalString(r.amountMinor, r.currency),
      currency: r.currency,
      beneficiary: r.beneficiaryName,
      account: r.accountNo,
      batch: r.batchId ?? '',
      retryOf: r.retryOf ?? '',
      createdAt: iso(r.createdAt),
      updatedAt: iso(r.updatedAt),
      lastCheckedAt: iso(r.lastCheckedAt),
      // A spreadsheet is read by whoever opens it: the problem in English, as the logs have it.
      lastError: r.lastError === null ? '' : wordStored(r.lastError, 'en'),
    }
    lines.push(csvLine(COLUMNS.map((column) => record[column])))
  }
  return { csv: `\uFEFF${lines.join('\r\n')}\n`, count: lines.length - 1 }
}
