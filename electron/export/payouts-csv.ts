import Papa from 'papaparse'
import type { PayoutRow } from '../../shared/ipc/contract.ts'
import { minorToDecimalString } from '../../shared/money.ts'

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
 * amounts in major units as text, and any cell a spreadsheet would run as a formula (=, +, -, @, tab, CR
 * at the start) defused with a leading apostrophe. Beneficiary names come from files and gateways, so
 * they are not trusted.
 */
export function payoutsCsv(rows: Iterable<PayoutRow>): { csv: string; count: number } {
  const records: Record<(typeof COLUMNS)[number], string>[] = []
  for (const r of rows) {
    records.push({
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
      lastError: r.lastError ?? '',
    })
  }
  const csv = Papa.unparse(records, { columns: [...COLUMNS], escapeFormulae: true })
  return { csv: `\uFEFF${csv}\n`, count: records.length }
}
