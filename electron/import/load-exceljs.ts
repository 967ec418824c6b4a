/**
 * ExcelJS is loaded when a workbook is read or written, not when the app or a command starts: it is
 * most of a `payout-desk` start-up (about half a second), and most commands never touch a workbook.
 */
export async function loadExcelJs() {
  return (await import('exceljs')).default
}
