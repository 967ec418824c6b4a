/** The XLSX reader's entry name in the main build: out/main/xlsx-worker.js, beside main's index.js. */
export const XLSX_WORKER_ENTRY = 'xlsx-worker'
