// Worker thread: answers the window's heavy ledger reads (read-ops.ts) on its own read-only connection,
// so a 1,000,000-payout dashboard or an amount-sorted page never stops main's event loop. It is its own
// entry in the main build. The one writer stays on main; SQLite's WAL lets this connection read the last
// commit while main holds a write transaction.
import Database from 'better-sqlite3'
import { parentPort, workerData } from 'node:worker_threads'
import { AppError } from '../errors.ts'
import { BUSY_TIMEOUT_MS } from '../ledger/open-ledger.ts'
import { runRead, transferablesOf, type ReadName, type SentError } from './read-ops.ts'
import { watchSlowStatements } from '../ledger/slow-statements.ts'

const { file } = workerData as { file: string }
const db = new Database(file, { readonly: true, fileMustExist: true })
db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
// Slow reads are logged here as on main: the worker hands each one to main's log.
watchSlowStatements(db, (slow) => parentPort?.postMessage({ slow }))

const sent = (error: unknown): SentError => {
  if (error instanceof AppError)
    return { name: error.name, message: error.message, code: error.code, text: error.text }
  if (error instanceof Error)
    return { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) }
  return { name: 'Error', message: String(error) }
}

parentPort?.on('message', (message: 'stop' | { id: number; name: ReadName; args: unknown[] }) => {
  if (message === 'stop') {
    db.close()
    parentPort?.close()
    return
  }
  try {
    const value = runRead(db, message.name, message.args)
    parentPort?.postMessage({ id: message.id, ok: true, value }, transferablesOf(value))
  } catch (error) {
    parentPort?.postMessage({ id: message.id, ok: false, error: sent(error) })
  }
})
parentPort?.postMessage('ready')
