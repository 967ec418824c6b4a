// Past the loop's timers, so what waits (a redraw, a gateway's answer) runs between the steps.
import { setTimeout as nextTurn } from 'node:timers/promises'
import { randomUUID } from 'node:crypto'
import type { CommittedImport, ImportRowView, ImportView } from '../../shared/ipc/import-contract.ts'
import { AppError } from '../errors.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import { readImportMapping, saveImportMapping } from '../ledger/settings-repo.ts'
import { fromThousandsDot } from './amount-style.ts'
import { autoMapColumns, type ColumnTarget } from './column-map.ts'
import type { CellNote, ParsedSheet, SheetSource } from './parse-csv.ts'
import { readSheet } from './read-sheet.ts'
import { thousandsDotUnconfirmed } from './commit-import.ts'
import type { ReviewTarget } from './review-target.ts'
import { sha256HexOffThread, type StagedImport } from './stage-import.ts'

/**
 * A file being reviewed in the window: its rows as the person corrects them, the column mapping, and which
 * warnings they accepted. It lives in main's memory only; nothing reaches the ledger before confirm.
 */
interface Session {
  id: string
  /** The book it would be written to, and the profile it pays from. */
  target: ReviewTarget
  fileName: string
  fileSha256: string
  /** Kept while the review is open, so another sheet of the workbook can be read. */
  bytes: Buffer
  source: SheetSource
  header: string[]
  /** line → cells; a removed row is deleted from the map. */
  rows: Map<number, Record<string, string>>
  /** line → what the reader knew about its cells (numbers, error cells); an edited cell loses its note. */
  notes: Map<number, Record<string, CellNote>>
  mapping: Record<string, ColumnTarget | null>
  targets: ImportView['targets']
  accepted: Set<number>
  repeatAccepted: boolean
  /** The reading of amounts with dots between thousands the person confirmed, as it was shown. */
  thousandsDotConfirmed: { column: string; example: string } | null
  staged: StagedImport
  /** True while confirm writes it (in chunks): the review cannot change, or be confirmed again, meanwhile. */
  committing?: boolean
  /**
   * True from a change to the rows until they are checked again: a check that failed part-way leaves
   * the check of the rows before the change, which must never be what a confirm writes.
   */
  unchecked?: boolean
  /**
   * The last change asked for. A review is checked over many turns of the event loop, so each change
   * waits for the one before it: an edit never lands in the middle of another's check, and a confirm
   * never writes a check that an edit before it has made stale.
   */
  turn: Promise<unknown>
  /** How many times the rows were checked; a view names it, and a tick must name the one it was shown. */
  revision: number
}

// A person reviews one or two files at a time; old abandoned reviews are dropped rather than kept forever.
const MAX_SESSIONS = 4

/** Checks the rows as they stand now, the whole file at once (duplicates depend on the other rows). */
async function stageRows(s: Omit<Session, 'staged' | 'turn' | 'revision'>): Promise<StagedImport> {
  await nextTurn()
  const sheet: ParsedSheet = { header: s.header, rows: [], lines: [], notes: [], source: s.source }
  for (const [line, cells] of s.rows) {
    sheet.rows.push(cells)
    sheet.lines.push(line)
    sheet.notes.push(s.notes.get(line))
    // Nothing changes the rows meanwhile: the review's changes wait for each other.
    if (sheet.rows.length % 20_000 === 0) await nextTurn()
  }
  await nextTurn()
  return s.target.stage(
    sheet,
    { fileName: s.fileName, sha256: s.fileSha256 },
    { mapping: s.mapping, thousandsDot: s.thousandsDotConfirmed ?? false },
  )
}

/** The rows, notes and mapping of one sheet, with the mapping remembered for the profile first. */
async function sheetState(
  db: Ledger,
  target: ReviewTarget,
  sheet: ParsedSheet,
  targets: ImportView['targets'],
) {
  const remembered = readImportMapping(db, target.mappingKey)
  const auto = autoMapColumns(sheet.header, target.shape)
  const known = new Set(targets.map((t) => t.key))
  const mapping = Object.fromEntries(
    sheet.header.map((h) => {
      const saved = Object.hasOwn(remembered, h) ? remembered[h] : undefined
      return [h, saved !== undefined && (saved === null || known.has(saved)) ? saved : (auto[h] ?? null)]
    }),
  )
  const lineOf = (i: number) => sheet.lines[i] ?? i + 2
  const notes = new Map<number, Record<string, CellNote>>()
  const rows = new Map<number, Record<string, string>>()
  for (const [i, cells] of sheet.rows.entries()) {
    rows.set(lineOf(i), cells)
    const n = sheet.notes[i]
    if (n) notes.set(lineOf(i), n)
    if (i % 20_000 === 19_999) await nextTurn()
  }
  return {
    source: sheet.source,
    header: sheet.header,
    rows,
    notes,
    mapping,
  }
}

async function readFor(target: ReviewTarget, fileName: string, bytes: Buffer, sheet?: string) {
  const headerFor = { provider: target.provider, area: target.area }
  return readSheet(fileName, bytes, { headerFor, ...(sheet ? { sheet } : {}) })
}

/**
 * What a row warns about, as the person saw it when they ticked it: with its parameters too (the time of
 * the payout it repeats), so a second such payout written since is another question, on the same day.
 */
const warningsOf = (staged: StagedImport) =>
  new Map(
    staged.rows.map((r) => [r.line, JSON.stringify(r.warnings.map((w) => [w.code, w.message, w.params]))]),
  )

/**
 * Checks the file again against the ledger. A tick stands for the warnings the person saw: a row whose
 * warnings changed meanwhile (an account change added to a repeat they accepted) is not accepted any more.
 */
async function restage(s: Session): Promise<void> {
  const before = warningsOf(s.staged)
  const fileBefore = sameFileOf(s.staged)
  // A view shown before this check is stale from now on, even if the check fails part-way.
  s.revision++
  s.unchecked = true
  s.staged = await stageRows(s)
  s.unchecked = false
  const after = warningsOf(s.staged)
  for (const line of s.accepted) if (before.get(line) !== after.get(line)) s.accepted.delete(line)
  // "Send this file again" was said about the earlier imports shown: another one since is a new question.
  if (sameFileOf(s.staged) !== fileBefore) s.repeatAccepted = false
}

/** The earlier imports of the same file a view shows: the first one, and how many there are. */
const sameFileOf = (staged: StagedImport) =>
  `${staged.previousImport?.batchId ?? ''} ${staged.ledgerMark.sameFile}`

/** Rows with a warning the person has not accepted yet; confirm waits for none. */
const unacceptedCount = (s: Session) =>
  s.staged.rows.filter((r) => r.warnings.length > 0 && !s.accepted.has(r.line)).length

function view(s: Session): ImportView {
  const rows: ImportRowView[] = s.staged.rows.map((r) => ({
    line: r.line,
    cells: s.rows.get(r.line) ?? {},
    amountMinor: r.amountMinor,
    errors: r.errors,
    warnings: r.warnings,
    accepted: s.accepted.has(r.line),
    recipient: {
      kind: r.recipient.kind,
      name: r.recipient.name,
      ...(r.recipient.oldAccount ? { oldAccount: r.recipient.oldAccount } : {}),
    },
  }))
  return {
    importId: s.id,
    revision: s.revision,
    profileId: s.target.profileId,
    ledger: s.target.ledger,
    profileName: s.target.shown().name,
    environment: s.target.shown().environment,
    fileName: s.fileName,
    header: s.header,
    mapping: s.mapping,
    targets: s.targets,
    rows,
    currency: s.staged.currency,
    valid: s.staged.valid,
    invalid: s.staged.invalid,
    unaccepted: unacceptedCount(s),
    totalMinor: s.staged.totalMinor,
    previousImport: s.staged.previousImport,
    repeatAccepted: s.repeatAccepted,
    source: {
      sheet: s.source.sheet,
      sheets: s.source.sheets,
      headerLine: s.source.headerLine,
      hiddenRows: s.source.hiddenRows,
      encoding: s.source.encoding,
    },
    ignored: s.header.filter((h) => h !== '' && s.mapping[h] === null),
    thousandsDot: s.staged.thousandsDot && {
      ...s.staged.thousandsDot,
      value: fromThousandsDot(s.staged.thousandsDot.example),
    },
  }
}

export function createImportSessions(db: Ledger) {
  const sessions = new Map<string, Session>()

  const get = (importId: string): Session => {
    const s = sessions.get(importId)
    if (!s) throw new AppError('NOT_FOUND', { key: 'importClosed' })
    if (s.committing) throw new AppError('CONFLICT', { key: 'importWriting' })
    return s
  }
  /** Runs a change to a review after every change asked for before it. */
  const inTurn = <T>(importId: string, change: (s: Session) => T | Promise<T>): Promise<T> => {
    const queued = get(importId)
    const run = queued.turn.then(() => change(get(importId)))
    queued.turn = run.catch(() => undefined)
    return run
  }
  const rowOf = (s: Session, line: number) => {
    const row = s.rows.get(line)
    if (!row) throw new AppError('NOT_FOUND', { key: 'importLineGone', params: { line } })
    return row
  }

  return {
    /** Reads and stages a file the person chose, with the column mapping remembered for this profile. */
    async open(target: ReviewTarget, fileName: string, bytes: Buffer): Promise<ImportView> {
      const { shape } = target
      const sheet = await readFor(target, fileName, bytes)
      const fileSha256 = await sha256HexOffThread(bytes)
      const targets: ImportView['targets'] = [
        { key: 'amount', required: true },
        { key: 'reference', required: false },
        ...shape.fields.map((f) => ({ key: f.key, required: f.required })),
      ]
      const unstaged: Omit<Session, 'staged' | 'turn' | 'revision'> = {
        id: randomUUID(),
        target,
        fileName,
        fileSha256,
        bytes,
        ...(await sheetState(db, target, sheet, targets)),
        targets,
        accepted: new Set(),
        repeatAccepted: false,
        thousandsDotConfirmed: null,
      }
      const staged = await stageRows(unstaged)
      const s: Session = { ...unstaged, staged, turn: Promise.resolve(), revision: 0 }
      sessions.set(s.id, s)
      while (sessions.size > MAX_SESSIONS) sessions.delete(sessions.keys().next().value as string)
      return view(s)
    },
    /** Reads another sheet of the same workbook in place of the one under review. */
    chooseSheet: (importId: string, name: string): Promise<ImportView> =>
      inTurn(importId, async (s) => {
        const read = await readFor(s.target, s.fileName, s.bytes, name)
        await nextTurn()
        Object.assign(s, await sheetState(db, s.target, read, s.targets))
        // What the person accepted was about the sheet they saw, the file's repeat included.
        s.accepted.clear()
        s.repeatAccepted = false
        s.thousandsDotConfirmed = null
        await restage(s)
        return view(s)
      }),
    remap: (importId: string, mapping: Record<string, ColumnTarget | null>): Promise<ImportView> =>
      inTurn(importId, async (s) => {
        const known = new Set(s.targets.map((t) => t.key))
        const next: Record<string, ColumnTarget | null> = {}
        const used = new Set<string>()
        for (const h of s.header) {
          // Own keys only: a column named "constructor" or "toString" must not find Object's methods.
          const target = Object.hasOwn(mapping, h) ? (mapping[h] ?? null) : (s.mapping[h] ?? null)
          if (target !== null && !known.has(target))
            throw new AppError('INVALID_INPUT', { key: 'notAGatewayField', params: { target } })
          if (target !== null && used.has(target))
            throw new AppError('INVALID_INPUT', { key: 'twoColumnsOneField', params: { target } })
          if (target !== null) used.add(target)
          next[h] = target
        }
        s.mapping = next
        s.accepted.clear()
        await restage(s)
        return view(s)
      }),
    /** Replaces one row's cells and checks the whole file again (duplicates depend on the other rows). */
    editRow: (importId: string, line: number, cells: Record<string, string>): Promise<ImportView> =>
      inTurn(importId, async (s) => {
        const row = rowOf(s, line)
        const changed = new Set<string>()
        for (const h of s.header) {
          if (!Object.hasOwn(cells, h)) continue
          const value = (cells[h] ?? '').trim()
          if (value !== row[h]) changed.add(h)
          row[h] = value
        }
        // Typed again by the person: what they typed is the value now, not the spreadsheet's number.
        const notes = s.notes.get(line)
        if (notes)
          s.notes.set(line, Object.fromEntries(Object.entries(notes).filter(([h]) => !changed.has(h))))
        s.accepted.delete(line)
        await restage(s)
        return view(s)
      }),
    removeRow: (importId: string, line: number): Promise<ImportView> =>
      inTurn(importId, async (s) => {
        rowOf(s, line)
        if (s.rows.size === 1) throw new AppError('INVALID_INPUT', { key: 'lastRow' })
        s.rows.delete(line)
        s.notes.delete(line)
        s.accepted.delete(line)
        await restage(s)
        return view(s)
      }),
    accept: (
      importId: string,
      line: number | 'file' | 'thousands-dot',
      accepted: boolean,
      /** The revision of the view the person ticked on. */
      revision: number,
    ): Promise<ImportView> =>
      inTurn(importId, async (s) => {
        // Checked again since it was shown (an edit queued before the tick): the warnings may differ.
        if (revision !== s.revision) throw new AppError('CONFLICT', { key: 'importCheckedAgain' })
        if (line === 'file') {
          // Only an earlier import the person was shown can be accepted.
          if (accepted && !s.staged.previousImport)
            throw new AppError('INVALID_INPUT', { key: 'importNothingToAccept' })
          s.repeatAccepted = accepted
        } else if (line === 'thousands-dot') {
          const shown = s.staged.thousandsDot
          s.thousandsDotConfirmed =
            accepted && shown ? { column: shown.column, example: shown.example } : null
          await restage(s)
        } else {
          rowOf(s, line)
          if (accepted) s.accepted.add(line)
          else s.accepted.delete(line)
        }
        return view(s)
      }),
    /**
     * Writes the batch, all or nothing. Refused while a row has an error or a warning the person has not
     * accepted: every row sent was looked at.
     */
    confirm: (
      importId: string,
      /** The action's rules about the book and profile, after the review's own and before anything is written. */
      beforeWrite: (target: ReviewTarget) => Promise<void> = () => Promise.resolve(),
      /** The revision of the view the person confirmed on: a change checked after it was never seen. */
      revision?: number,
    ): Promise<CommittedImport> =>
      inTurn(importId, async (review) => {
        if (review.unchecked) throw new AppError('CONFLICT', { key: 'importNotChecked' })
        if (revision !== undefined && revision !== review.revision)
          throw new AppError('CONFLICT', { key: 'importCheckedAgain' })
        const { invalid, thousandsDot } = review.staged
        if (thousandsDot && !thousandsDot.confirmed)
          throw new AppError('INVALID_INPUT', thousandsDotUnconfirmed(thousandsDot))
        if (invalid > 0)
          throw new AppError('INVALID_INPUT', { key: 'rowsHaveErrors', params: { count: invalid } })
        await beforeWrite(review.target)
        // Looked up again: the review may have been closed, or be written by another confirm, meanwhile.
        const s = get(importId)
        let committed: CommittedImport
        s.committing = true
        try {
          committed = await s.target.write(s.staged, { rows: s.accepted, repeatFile: s.repeatAccepted })
        } catch (error) {
          s.committing = false
          // The ledger moved since the review: check the file again, so the review shows why.
          if (error instanceof AppError && error.code === 'CONFLICT') {
            // What was accepted was accepted about the ledger as it stood: each warning is looked at again.
            s.accepted.clear()
            s.repeatAccepted = false
            await restage(s)
          }
          throw error
        }
        // Gone before anything else can fail: a committed review can never be confirmed twice.
        sessions.delete(importId)
        try {
          saveImportMapping(db, s.target.mappingKey, s.mapping)
        } catch {
          // Only a convenience for the next file of this profile; the batch is written.
        }
        return committed
      }),
    discard: (importId: string) => {
      if (sessions.get(importId)?.committing) throw new AppError('CONFLICT', { key: 'importWriting' })
      sessions.delete(importId)
    },
  }
}

export type ImportSessions = ReturnType<typeof createImportSessions>
