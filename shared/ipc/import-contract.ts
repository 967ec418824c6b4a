import { z } from 'zod'
import type { CurrencyCode } from '../money.ts'

export const ImportFileInput = z.object({ profileId: z.uuid() }).strict()
export const ImportIdInput = z.object({ importId: z.uuid() }).strict()

const Cell = z.string().max(500)
const ColumnName = z.string().max(200)

export const RemapImportInput = z
  .object({
    importId: z.uuid(),
    /** Column header → what it holds ("amount", "reference" or a gateway field), or null to ignore it. */
    mapping: z.record(ColumnName, z.string().max(64).nullable()),
  })
  .strict()

export const EditImportRowInput = z
  .object({
    importId: z.uuid(),
    line: z.number().int().min(1).max(10_000_000),
    /** The row's cells by column header, as the person corrected them. */
    cells: z.record(ColumnName, Cell),
  })
  .strict()

export const ImportRowInput = z
  .object({ importId: z.uuid(), line: z.number().int().min(1).max(10_000_000) })
  .strict()

export const AcceptImportWarningInput = z
  .object({
    importId: z.uuid(),
    /** A row's line, or "file" for the warning that the same file was imported before. */
    line: z.union([z.number().int().min(1).max(10_000_000), z.literal('file')]),
    accepted: z.boolean(),
  })
  .strict()

export const IMPORT_ISSUE_CODES = [
  'amount_missing',
  'amount_invalid',
  'amount_below_min',
  'field_required',
  'field_format',
  'field_too_long',
  'field_not_allowed',
  'reference_format',
  'reference_repeats',
  'reference_used',
  'same_in_file',
  'sent_recently',
  // A known recipient (same name and mobile or e-mail) last paid at another account: old and new in params.
  'account_changed',
] as const
export type ImportIssueCode = (typeof IMPORT_ISSUE_CODES)[number]

/** One problem (an error blocks the row; a warning needs the person's OK) with words for the CLI. */
export interface ImportIssue {
  code: ImportIssueCode
  /** "amount", "reference" or the gateway field it is about; null for a whole-row warning. */
  target: string | null
  params: Record<string, string | number>
  message: string
}

export interface ImportRowView {
  line: number
  cells: Record<string, string>
  amountMinor: number | null
  errors: ImportIssue[]
  warnings: ImportIssue[]
  /** The person accepted this row's warnings one by one. */
  accepted: boolean
  /** Who the row pays: a known recipient, one whose account changed, or a first payout to this account. */
  recipient?: { kind: 'known' | 'changed' | 'new'; name: string | null; oldAccount?: Record<string, string> }
}

export interface ImportView {
  importId: string
  profileId: string
  fileName: string
  header: string[]
  mapping: Record<string, string | null>
  /** What a column may be mapped to, in the gateway's order. */
  targets: { key: string; required: boolean }[]
  rows: ImportRowView[]
  currency: CurrencyCode
  valid: number
  invalid: number
  /** Rows with warnings the person has not accepted yet. */
  unaccepted: number
  totalMinor: number
  previousImport: { batchId: string; at: number } | null
  repeatAccepted: boolean
}

export interface CommittedImport {
  batchId: string
  count: number
  /** Written, but over a release limit: it waits for the owner's release and is not sent. */
  awaitingRelease: boolean
}

export interface SavedFile {
  /** Where it went, or null when the person closed the save dialog. */
  savedTo: string | null
  count: number
}

export interface BankEntry {
  code: string
  name: string | null
  /** "docs": shipped with the app from the gateway's documentation; "yours": from a list the person imported. */
  source: 'docs' | 'yours'
}

export interface BankListView {
  /** The gateway field the codes go in (bankCode, transferCode…). */
  field: string
  entries: BankEntry[]
  /** Where the shipped codes come from, in plain words. */
  note: string
}
