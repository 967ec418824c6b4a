import type { ErrorText } from '../messages/errors.ts'
import { z } from 'zod'
import type { CurrencyCode } from '../money.ts'

export const ImportFileInput = z.object({ profileId: z.uuid() }).strict()
/** A file for a profile of this desk's own ledger (the default) or of the team's. */
export const OpenImportFileInput = z
  .object({ profileId: z.uuid(), ledger: z.enum(['desk', 'team']).optional() })
  .strict()
export const ImportIdInput = z.object({ importId: z.uuid() }).strict()

export const ConfirmImportInput = z
  .object({
    importId: z.uuid(),
    /** The view's `revision` the person confirmed on: a change checked after it was never seen. */
    revision: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  })
  .strict()

const Cell = z.string().max(500)
const ColumnName = z.string().max(200)

/** The most columns an imported file may have; the readers refuse wider sheets with the same number. */
export const MAX_IMPORT_COLUMNS = 256

/**
 * An object keyed by column, refused by its key count before a single key is checked: 200,000 keys
 * would otherwise be validated one by one.
 */
const byColumn = <T extends z.ZodType>(value: T) =>
  z
    .custom<object>(
      (v) =>
        typeof v === 'object' &&
        v !== null &&
        !Array.isArray(v) &&
        Object.keys(v).length <= MAX_IMPORT_COLUMNS,
      { message: `A file has at most ${MAX_IMPORT_COLUMNS} columns; this request names more.` },
    )
    .pipe(z.record(ColumnName, value))

export const RemapImportInput = z
  .object({
    importId: z.uuid(),
    /** Column header → what it holds ("amount", "reference" or a gateway field), or null to ignore it. */
    mapping: byColumn(z.string().max(64).nullable()),
    /** Read another sheet of the same workbook instead (its columns are matched afresh). */
    sheet: z.string().min(1).max(100).optional(),
  })
  .strict()

export const EditImportRowInput = z
  .object({
    importId: z.uuid(),
    line: z.number().int().min(1).max(10_000_000),
    /** The row's cells by column header, as the person corrected them. */
    cells: byColumn(Cell),
  })
  .strict()

export const ImportRowInput = z
  .object({ importId: z.uuid(), line: z.number().int().min(1).max(10_000_000) })
  .strict()

export const AcceptImportWarningInput = z
  .object({
    importId: z.uuid(),
    /**
     * A row's line, "file" for the warning that the same file was imported before, or "thousands-dot"
     * for the reading of amounts written with dots between thousands ("1.500.000").
     */
    line: z.union([z.number().int().min(1).max(10_000_000), z.literal('file'), z.literal('thousands-dot')]),
    accepted: z.boolean(),
    /** The view's `revision` the person ticked on: a tick stands for the warnings they saw. */
    revision: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
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
  // A text mixing Latin letters with Cyrillic or Greek ones, which look alike ("Dеwi" with a Cyrillic е).
  'field_mixed_letters',
  // A text drawn like Latin letters it is not: "ЅІТІ" in Cyrillic, "Ꮪiti" with a Cherokee Ꮪ.
  'field_look_alike_letters',
  'cell_error',
  'cell_unreadable',
  'cell_line_break',
  'stored_as_number',
  'number_precision',
  'reference_format',
  'reference_repeats',
  'reference_used',
  'same_in_file',
  'sent_recently',
  // A known recipient (same name and mobile or e-mail) last paid at another account: old and new in params.
  'account_changed',
  // One name at two accounts within the file: `line` is where it is first paid.
  'same_name_other_account',
  // A field the gateway needs that no column's header names: `accepted` lists the headers read as it.
  'column_missing',
  // A name holding "?" or U+FFFD where the file's encoding lost letters ("Nguy?n V?n Bình").
  'encoding_lost',
  // A mobile number that, without its spaces, dashes and "+", is still not one the gateway takes.
  'phone_invalid',
  // A bank code that lost its leading zeros ("2" where the gateway's list has "0002"): `code` in params.
  'bank_code_zeros',
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
  /** Counts the review's checks: a tick is refused if the file was checked again since it was shown. */
  revision: number
  profileId: string
  /** The book the file would be written to: this desk's own ledger, or the team's. */
  ledger: 'desk' | 'team'
  /** The profile as the review checked it: what the confirmation names (never the picker's choice). */
  profileName: string
  environment: 'sandbox' | 'production'
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
  /** Which sheet and rows were read: the summary names them. */
  source: ImportSourceView
  /** Columns of the file mapped to nothing: shown, so nothing is dropped without a word. */
  ignored: string[]
  /** Amounts written with dots between thousands; nothing is sent until the person confirms. */
  thousandsDot: {
    column: string
    /** The first amount written that way, and how it reads: "1.500.000" → "1500000". */
    example: string
    value: string
    confirmed: boolean
  } | null
}

export interface ImportSourceView {
  /** The workbook sheet read (null for a CSV), and every sheet holding data, for the sheet picker. */
  sheet: string | null
  sheets: string[]
  /** The row the header was found on; rows above it were skipped. */
  headerLine: number
  /** Hidden or filtered-out rows left out. */
  hiddenRows: number
  /** How a CSV was decoded; null for XLSX. */
  encoding: string | null
}

export interface CommittedImport {
  batchId: string
  count: number
  /** Written, but over a release limit: it waits for the owner's release and is not sent. */
  awaitingRelease: boolean
  /**
   * Written to the team ledger, where nothing is sent at once: what its payouts are now (queued: ready
   * for a desk holding the secret; awaiting_approval: over a limit, waiting for an owner).
   */
  team?: { statuses: { status: string; count: number; totalMinor: number }[] }
}

/** A batch's Retry: the failed payouts paid again as a new batch, and those left as they were, with why. */
export interface RetriedBatch extends CommittedImport {
  left: { reference: string; why: ErrorText }[]
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
