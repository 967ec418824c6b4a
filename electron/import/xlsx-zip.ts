import type { ErrorText } from '../../shared/messages/errors.ts'
import { constants, inflateRawSync } from 'node:zlib'
import { MAX_IMPORT_COLUMNS } from '../../shared/ipc/import-contract.ts'
import { AppError } from '../errors.ts'

/**
 * An XLSX is a zip, and a zip says in its central directory how big every part will be unpacked. This
 * reads only that directory (and the first bytes of each sheet), so a workbook bomb — a 1 MB file with a
 * gigabyte inside, or one cell at column XFD that makes a reader build 16,384 cells a row — is refused
 * before anything is inflated. The parts the reader needs are copied, still compressed, into a new zip:
 * pictures and everything else a payout list does not need are never inflated at all.
 */

/** Unpacked size of the parts read (sheets, shared strings, styles): 100,000 rows fit with room to spare. */
export const MAX_UNPACKED_BYTES = 256 * 1024 * 1024
const MAX_ENTRIES = 10_000
const MAX_SHEET_ROWS = 1_000_000

// The parts a sheet of payouts is read from. A sheet's relationships part is needed as soon as the sheet
// has a hyperlink, a comment, an AutoFilter's drawing or a table: ExcelJS looks every `r:id` up in it and
// fails without it, and then follows it to the comments, their VML notes, drawings and tables, which
// are small XML parts. Pictures (xl/media), themes, printer settings and the rest stay packed; a
// drawing's picture is then simply absent. Every kept part counts against MAX_UNPACKED_BYTES.
const NEEDED: readonly RegExp[] = [
  /^_rels\/\.rels$/,
  /^\[Content_Types\]\.xml$/,
  /^xl\/workbook\.xml$/,
  /^xl\/_rels\/workbook\.xml\.rels$/,
  /^xl\/styles\.xml$/,
  /^xl\/sharedStrings\.xml$/,
  /^xl\/worksheets\/sheet\d+\.xml$/,
  /^xl\/worksheets\/_rels\/sheet\d+\.xml\.rels$/,
  /^xl\/comments\d+\.xml$/,
  /^xl\/drawings\/vmlDrawing\d+\.vml$/,
  /^xl\/drawings\/[A-Za-z0-9]+\.xml$/,
  /^xl\/drawings\/_rels\/[A-Za-z0-9]+\.xml\.rels$/,
  /^xl\/tables\/table\d+\.xml$/,
]
const SHEET = /^xl\/worksheets\/sheet\d+\.xml$/

interface Entry {
  name: string
  method: number
  flags: number
  crc: number
  compressedSize: number
  size: number
  /** Offset of the entry's compressed data in the file. */
  dataStart: number
}

const unreadable = () => new AppError('INVALID_INPUT', { key: 'workbookUnreadable' })

const refuse = (text: ErrorText) => new AppError('INVALID_INPUT', text)

function centralDirectory(bytes: Buffer): Entry[] {
  // The end record is in the last 64 KiB + 22 bytes (its comment is at most 65,535 bytes long).
  let end = -1
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--)
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      end = i
      break
    }
  if (end < 0) throw unreadable()
  const count = bytes.readUInt16LE(end + 10)
  const offset = bytes.readUInt32LE(end + 16)
  // 0xFFFF / 0xFFFFFFFF mean Zip64: parts over 4 GiB or 65,535 entries, nothing a payout list needs.
  if (count === 0xffff || offset === 0xffffffff) throw refuse({ key: 'workbookTooLarge' })
  if (count > MAX_ENTRIES) throw refuse({ key: 'workbookTooManyParts', params: { count, max: MAX_ENTRIES } })
  const entries: Entry[] = []
  let at = offset
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50) throw unreadable()
    const nameLength = bytes.readUInt16LE(at + 28)
    const extraLength = bytes.readUInt16LE(at + 30)
    const commentLength = bytes.readUInt16LE(at + 32)
    const local = bytes.readUInt32LE(at + 42)
    const size = bytes.readUInt32LE(at + 24)
    const compressedSize = bytes.readUInt32LE(at + 20)
    if (size === 0xffffffff || compressedSize === 0xffffffff || local === 0xffffffff)
      throw refuse({ key: 'workbookTooLarge' })
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== 0x04034b50) throw unreadable()
    const dataStart = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28)
    if (dataStart + compressedSize > bytes.length) throw unreadable()
    entries.push({
      name: bytes.toString('utf8', at + 46, at + 46 + nameLength).replace(/^\//, ''),
      flags: bytes.readUInt16LE(at + 8),
      method: bytes.readUInt16LE(at + 10),
      crc: bytes.readUInt32LE(at + 16),
      compressedSize,
      size,
      dataStart,
    })
    at += 46 + nameLength + extraLength + commentLength
  }
  return entries
}

function columnNumber(letters: string): number {
  let n = 0
  for (let i = 0; i < letters.length; i++) n = n * 26 + letters.charCodeAt(i) - 64
  return n
}

/** The sheet's declared size (`<dimension ref="A1:XFD400"/>`), read from its first few kilobytes. */
function checkDimension(bytes: Buffer, entry: Entry): void {
  const head = bytes.subarray(entry.dataStart, entry.dataStart + Math.min(entry.compressedSize, 4096))
  let text: string
  try {
    const inflated = entry.method === 0 ? head : inflateRawSync(head, { finishFlush: constants.Z_SYNC_FLUSH })
    text = inflated.toString('utf8', 0, Math.min(inflated.length, 1 << 20))
  } catch {
    return // Not inflatable from a prefix: the reader's own limits still apply.
  }
  const ref = /<(?:\w+:)?dimension\s+ref="[A-Z]+\d+:([A-Z]+)(\d+)"/.exec(text)
  if (!ref) return
  const [, lastColumn = 'A', lastRow = '1'] = ref
  if (columnNumber(lastColumn) > MAX_IMPORT_COLUMNS)
    throw refuse({ key: 'sheetTooWide', params: { sheet: '', column: lastColumn, max: MAX_IMPORT_COLUMNS } })
  if (Number(lastRow) > MAX_SHEET_ROWS)
    throw refuse({ key: 'workbookTooManyRows', params: { rows: Number(lastRow) } })
}

/** Writes the kept entries, still compressed, as a new zip. */
function rebuild(bytes: Buffer, entries: Entry[]): Buffer {
  const parts: Buffer[] = []
  const directory: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8')
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    // Sizes and CRC are in the header now, so no data descriptor follows (bit 3 cleared).
    local.writeUInt16LE(e.flags & 0x0800, 6)
    local.writeUInt16LE(e.method, 8)
    local.writeUInt32LE(e.crc, 14)
    local.writeUInt32LE(e.compressedSize, 18)
    local.writeUInt32LE(e.size, 22)
    local.writeUInt16LE(name.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(e.flags & 0x0800, 8)
    central.writeUInt16LE(e.method, 10)
    central.writeUInt32LE(e.crc, 16)
    central.writeUInt32LE(e.compressedSize, 20)
    central.writeUInt32LE(e.size, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    directory.push(central, name)
    const data = bytes.subarray(e.dataStart, e.dataStart + e.compressedSize)
    parts.push(local, name, data)
    offset += 30 + name.length + data.length
  }
  const directoryBytes = Buffer.concat(directory)
  const endRecord = Buffer.alloc(22)
  endRecord.writeUInt32LE(0x06054b50, 0)
  endRecord.writeUInt16LE(entries.length, 8)
  endRecord.writeUInt16LE(entries.length, 10)
  endRecord.writeUInt32LE(directoryBytes.length, 12)
  endRecord.writeUInt32LE(offset, 16)
  return Buffer.concat([...parts, directoryBytes, endRecord])
}

/**
 * Checks a workbook's zip directory against the limits and returns a smaller zip holding only the parts
 * the reader needs. Refuses, in plain words, what would take too much memory to read.
 */
export function checkedWorkbookParts(bytes: Buffer): Buffer {
  const kept = centralDirectory(bytes).filter((e) => NEEDED.some((p) => p.test(e.name)))
  if (!kept.some((e) => e.name === 'xl/workbook.xml')) throw unreadable()
  const unpacked = kept.reduce((sum, e) => sum + e.size, 0)
  if (unpacked > MAX_UNPACKED_BYTES)
    throw refuse({
      key: 'workbookUnpacksTooBig',
      params: { mb: Math.round(unpacked / 1024 / 1024), max: MAX_UNPACKED_BYTES / 1024 / 1024 },
    })
  for (const e of kept) {
    if (e.method !== 0 && e.method !== 8) throw unreadable()
    if (SHEET.test(e.name)) checkDimension(bytes, e)
  }
  return rebuild(bytes, kept)
}
