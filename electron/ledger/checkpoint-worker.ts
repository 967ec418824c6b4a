// Worker thread: copies the ledger's write-ahead log into the database file on its own connection, so
// the connection that commits payouts never stops to do it. Plain Node and better-sqlite3 only: it is
// its own entry in the main build.
import Database from 'better-sqlite3'
import { parentPort, workerData } from 'node:worker_threads'

const { file, everyMs } = workerData as { file: string; everyMs: number }
const db = new Database(file, { fileMustExist: true })
db.pragma('busy_timeout = 5000')
// synchronous is per connection: FULL here too, so the copied pages are on disk before the log is reused.
db.pragma('synchronous = FULL')

// PASSIVE never waits for or blocks the writer or readers; it copies what is committed and returns. On a
// log that is already copied it costs microseconds.
const checkpoint = () => db.pragma('wal_checkpoint(PASSIVE)')
const timer = setInterval(checkpoint, everyMs)

// The one message there is: stop.
parentPort?.once('message', () => {
  clearInterval(timer)
  db.close()
  parentPort?.close()
})
parentPort?.postMessage('ready')
