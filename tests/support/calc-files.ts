import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Spreadsheet files made by LibreOffice Calc itself: the test writes a flat ODS (typed cells, number
 * formats with locale prefixes, hidden and filtered rows, several sheets), and one headless Calc run
 * saves each as XLSX and as CSV in the encodings and separators a bookkeeper's Calc or Excel produces,
 * through Calc's own export filters.
 */

/**
 * A cell: text as typed into a Text cell, a General number, a number under a named format, or text with
 * a hyperlink (to a file, as a payroll sheet links a payslip) and/or a comment.
 */
export type CalcCell =
  | string
  | number
  | { value: number; format: keyof typeof FORMATS }
  | { text: string; link?: string; comment?: string }
  | null
export interface CalcRow {
  cells: CalcCell[]
  /** "collapse": hidden by hand; "filter": left out by an AutoFilter. */
  visibility?: 'collapse' | 'filter'
}
export interface CalcSheet {
  name: string
  rows: CalcRow[]
  /** Filter buttons on the header row over every row (Data → AutoFilter). */
  autoFilter?: boolean
}

// Number formats as Calc stores them; Calc writes them to XLSX with their locale prefix ([$-421]…).
const FORMATS = {
  /** 10 digits, Indonesian locale: account numbers typed as numbers keep their zeros on screen. */
  'pad10-id': `<number:number-style style:name="N1" number:language="id" number:country="ID"><number:number number:decimal-places="0" number:min-integer-digits="10"/></number:number-style>`,
  /** 3 digits, Indonesian locale: bank codes like 014. */
  'pad3-id': `<number:number-style style:name="N2" number:language="id" number:country="ID"><number:number number:decimal-places="0" number:min-integer-digits="3"/></number:number-style>`,
  /** 12 digits, Thai locale: mobile numbers like 081234567890. */
  'pad12-th': `<number:number-style style:name="N3" number:language="th" number:country="TH"><number:number number:decimal-places="0" number:min-integer-digits="12"/></number:number-style>`,
  /** Rupiah as Indonesians write it: Rp 1.500.000. */
  rupiah: `<number:currency-style style:name="N4" number:language="id" number:country="ID"><number:currency-symbol number:language="id" number:country="ID">Rp</number:currency-symbol><number:text> </number:text><number:number number:decimal-places="0" number:min-integer-digits="1" number:grouping="true"/></number:currency-style>`,
} as const
const FORMAT_KEYS = Object.keys(FORMATS) as (keyof typeof FORMATS)[]

const xml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

function cellXml(cell: CalcCell): string {
  if (cell === null) return '<table:table-cell/>'
  if (typeof cell === 'string')
    return `<table:table-cell office:value-type="string">${cell
      .split('\n')
      .map((p) => `<text:p>${xml(p)}</text:p>`)
      .join('')}</table:table-cell>`
  if (typeof cell === 'number') return `<table:table-cell office:value-type="float" office:value="${cell}"/>`
  if ('text' in cell) {
    const text = cell.link
      ? `<text:a xlink:type="simple" xlink:href="${xml(cell.link)}">${xml(cell.text)}</text:a>`
      : xml(cell.text)
    const comment = cell.comment
      ? `<office:annotation><dc:creator>HR</dc:creator><text:p>${xml(cell.comment)}</text:p></office:annotation>`
      : ''
    return `<table:table-cell office:value-type="string">${comment}<text:p>${text}</text:p></table:table-cell>`
  }
  const style = `ce${FORMAT_KEYS.indexOf(cell.format) + 1}`
  const type =
    cell.format === 'rupiah'
      ? 'office:value-type="currency" office:currency="IDR"'
      : 'office:value-type="float"'
  return `<table:table-cell table:style-name="${style}" ${type} office:value="${cell.value}"/>`
}

export function flatOds(sheets: readonly CalcSheet[]): string {
  const styles = FORMAT_KEYS.map(
    (key, i) =>
      `${FORMATS[key]}<style:style style:name="ce${i + 1}" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N${i + 1}"/>`,
  ).join('')
  const tables = sheets
    .map((sheet) => {
      const rows = sheet.rows
        .map(
          (row) =>
            `<table:table-row${row.visibility ? ` table:visibility="${row.visibility}"` : ''}>${row.cells.map(cellXml).join('')}</table:table-row>`,
        )
        .join('')
      return `<table:table table:name="${xml(sheet.name)}">${rows}</table:table>`
    })
    .join('')
  const width = (sheet: CalcSheet) => Math.max(1, ...sheet.rows.map((r) => r.cells.length))
  const column = (n: number) => String.fromCharCode(64 + n)
  const filters = sheets
    .map((sheet, i) =>
      sheet.autoFilter
        ? `<table:database-range table:name="__Anonymous_Sheet_DB__${i}" table:target-range-address="'${xml(sheet.name)}'.A1:'${xml(sheet.name)}'.${column(width(sheet))}${sheet.rows.length}" table:display-filter-buttons="true"/>`
        : '',
    )
    .join('')
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>${styles}</office:automatic-styles>
<office:body><office:spreadsheet>${tables}${filters ? `<table:database-ranges>${filters}</table:database-ranges>` : ''}</office:spreadsheet></office:body></office:document>`
}

/**
 * Calc's CSV filter options: separator, text delimiter, character set (a LibreOffice encoding number),
 * first line, cell formats, language, quote all text, detect special numbers, save cells as shown.
 * "As shown" is what Calc's Save As dialog does by default: the file holds the text on screen.
 */
const csvOptions = (separator: number, charset: number) => `${separator},34,${charset},1,,0,false,true,true`
export const CSV_EXPORTS = {
  'utf8.csv': csvOptions(44, 76),
  'utf16.csv': csvOptions(9, 65535),
  'semicolon.csv': csvOptions(59, 76),
  'cp1252.csv': csvOptions(44, 1),
  'cp874.csv': csvOptions(44, 32),
  'cp936.csv': csvOptions(44, 61),
} as const
export type CsvExport = keyof typeof CSV_EXPORTS

// One Basic macro reads a job list (source, output base, exports) and saves every file in one Calc run.
// Each export loads the document afresh: a second CSV export of the same loaded document stalls Calc.
const MACRO = `Sub ExportAll(jobFile As String)
  n = FreeFile
  Open jobFile For Input As #n
  Do While Not EOF(n)
    Line Input #n, job
    parts = Split(job, Chr(9))
    For i = 2 To UBound(parts)
      Call ExportOne(parts(0), parts(1), parts(i))
    Next i
  Loop
  Close #n
End Sub

Sub ExportOne(src, outBase, spec)
  Dim props(0) As New com.sun.star.beans.PropertyValue
  props(0).Name = "Hidden"
  props(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(src), "_blank", 0, props())
  kind = Split(spec, "=")
  Dim save(1) As New com.sun.star.beans.PropertyValue
  save(0).Name = "FilterName"
  If kind(0) = "xlsx" Then
    save(0).Value = "Calc MS Excel 2007 XML"
    save(1).Name = "Overwrite"
    save(1).Value = True
    doc.storeToURL(ConvertToURL(outBase & ".xlsx"), save())
  Else
    save(0).Value = "Text - txt - csv (StarCalc)"
    save(1).Name = "FilterOptions"
    save(1).Value = kind(1)
    doc.storeToURL(ConvertToURL(outBase & "-" & kind(0)), save())
  End If
  doc.close(True)
End Sub`

/**
 * A fresh Calc profile with the macro as its Standard.Module1: Calc creates the profile on first start
 * (replacing whatever basic library was there), so it starts once, then the module is written.
 */
function writeProfile(profile: string): void {
  const init = spawnSync(
    'soffice',
    ['--headless', '--norestore', `-env:UserInstallation=file://${profile}`, '--terminate_after_init'],
    {
      encoding: 'utf8',
      timeout: 60_000,
    },
  )
  if (init.status !== 0) throw new Error(`LibreOffice did not start (${init.status}): ${init.stderr}`)
  writeFileSync(
    join(profile, 'user', 'basic', 'Standard', 'Module1.xba'),
    `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">${xml(MACRO)}</script:module>`,
  )
}

/** Why Calc-made files cannot be built here, or null when `soffice` runs. */
export function calcMissing(): string | null {
  const probe = spawnSync('soffice', ['--version'], { encoding: 'utf8', timeout: 30_000 })
  return probe.status === 0
    ? null
    : 'LibreOffice Calc (soffice) is not installed: apt-get install libreoffice-calc-nogui'
}

export interface CalcJob {
  name: string
  sheets: CalcSheet[]
  /** "xlsx" and/or CSV exports of the first sheet. */
  exports: ('xlsx' | CsvExport)[]
}

/**
 * Builds every job's files in `dir` with one Calc run: `<name>.xlsx`, `<name>-utf8.csv`, … Returns the
 * path of a file by job name and export.
 */
export function buildWithCalc(
  dir: string,
  jobs: readonly CalcJob[],
): (name: string, kind: 'xlsx' | CsvExport) => string {
  const profile = join(dir, 'calc-profile')
  writeProfile(profile)
  const lines = jobs.map((job) => {
    const source = join(dir, `${job.name}.fods`)
    writeFileSync(source, flatOds(job.sheets))
    const specs = job.exports.map((e) => (e === 'xlsx' ? 'xlsx' : `${e}=${CSV_EXPORTS[e]}`))
    return [source, join(dir, job.name), ...specs].join('\t')
  })
  const jobFile = join(dir, 'calc-jobs.txt')
  writeFileSync(jobFile, `${lines.join('\n')}\n`)
  const run = spawnSync(
    'soffice',
    [
      '--headless',
      '--norestore',
      `-env:UserInstallation=file://${profile}`,
      `macro:///Standard.Module1.ExportAll("${jobFile}")`,
    ],
    { encoding: 'utf8', timeout: 120_000 },
  )
  if (run.status !== 0) throw new Error(`LibreOffice failed (${run.status}): ${run.stderr}`)
  return (name, kind) => join(dir, kind === 'xlsx' ? `${name}.xlsx` : `${name}-${kind}`)
}
