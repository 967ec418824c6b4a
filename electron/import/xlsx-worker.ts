// Worker thread: reads one workbook with ExcelJS away from the main thread, under the memory limit its
// parent set, and posts back the rows or a plain refusal.
import { parentPort, workerData } from 'node:worker_threads'
import { AppError } from '../errors.ts'
import { readXlsxRows } from './read-xlsx.ts'

const { bytes, sheet } = workerData as { bytes: Uint8Array; sheet: string | undefined }
readXlsxRows(bytes, sheet).then(
  (read) => parentPort?.postMessage({ ok: true, read }),
  (error: unknown) =>
    parentPort?.postMessage(
      error instanceof AppError
        ? { ok: false, code: error.code, text: error.text }
        : { ok: false, code: 'INVALID_INPUT', text: null },
    ),
)
