/**
 * CSV cells a spreadsheet opens as text. A cell that starts (after spaces) with = + - @, their
 * full-width forms, a tab or a line break would run as a formula in Excel, Calc or Sheets, so it gets a
 * leading apostrophe. The same goes for every piece inside a value that follows a comma, semicolon, tab
 * or line break: a spreadsheet opening the file with the other list separator (Excel in Indonesia uses
 * `;`) or a reader that splits lines starts a new cell there, quotes or not.
 */

// Spaces (also no-break and ideographic) and quote marks a reader may skip before deciding "formula".
const PADDING = '[ \\u00A0\\u3000"]*'
const FORMULA_LEAD = '[=+\\-@\\t\\r\\n\\uFF1D\\uFF0B\\uFF0D\\uFF20]'
const CELL_BREAK = '[\\r\\n\\t,;]'
const STARTS_FORMULA = new RegExp(`(?<=^|${CELL_BREAK})(?=${PADDING}${FORMULA_LEAD})`, 'g')
// Papa's set plus `;` and tab: a cell holding any of them is quoted whatever the separator is.
const NEEDS_QUOTES = /[",;\t\r\n\uFEFF]|^ | $/

/**
 * The value with an apostrophe before every place a spreadsheet could start a formula. Line breaks
 * become LF: Calc ends a line at a lone CR and then drops the character after it, which would be the
 * apostrophe.
 */
export function defuseFormulas(value: string): string {
  return value.replace(/\r\n?/g, '\n').replace(STARTS_FORMULA, "'")
}

/** One cell, defused and quoted when it holds a separator, quote or line break, or a defused formula. */
export function csvCell(value: string): string {
  const text = defuseFormulas(value)
  return text !== value || NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export const csvLine = (cells: readonly string[]): string => cells.map(csvCell).join(',')
