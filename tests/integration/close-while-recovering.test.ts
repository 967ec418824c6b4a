import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { openLedger } from '../../electron/ledger/open-ledger.ts'
import { createServices } from '../../electron/services/create-services.ts'
import { vexoraPayout } from '../support/ledger-fixtures.ts'
import { scriptedFiles } from '../support/scripted-files.ts'
import { ledgerAtHangingGateway } from '../support/hanging-gateway.ts'
import { makeTempDir } from '../support/temp-dir.ts'

/**
 * Quitting while start-up recovery asks a gateway that takes connections and never answers: the quit
 * waits for the one payout being asked about, not for a request timeout per payout in doubt (it used to
 * go on through all of them, 15 s each). The rest stay in doubt, to be asked about at the next start.
 */
const tmp = makeTempDir('payout-desk-close-recovering-')
const dataDir = join(tmp.dir, 'data')
const references = ['SLOW000001', 'SLOW000002', 'SLOW000003', 'SLOW000004']
let hang: Awaited<ReturnType<typeof ledgerAtHangingGateway>>

beforeAll(async () => {
  hang = await ledgerAtHangingGateway(dataDir, (profile) =>
    references.map((reference, n) => vexoraPayout(profile, n + 1, { status: 'unknown', reference })),
  )
}, 60_000)

afterAll(async () => {
  await hang.close()
  tmp.cleanup()
})

it(
  'a quit during recovery asks no further payout and leaves the rest in doubt',
  { timeout: 120_000 },
  async () => {
    const files = scriptedFiles(tmp.dir)
    // Polling on, as in the app: it starts once recovery ends, which now happens during the close.
    const services = await createServices({
      appVersion: 't',
      dataDir,
      pollIntervalMs: 100,
      files: files.port,
    })
    // Recovery is asking about the first payout in doubt, and the gateway holds it.
    const deadline = Date.now() + 30_000
    while (hang.held.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    expect(hang.held).toHaveLength(1)
    const closing = services.close()
    // The request out fails (the connection drops) and its outcome is written; nothing else is asked.
    hang.drop()
    await closing
    // Nothing runs on after the close: a poller started by the recovery's end would ask (a new
    // connection) or read the closed ledger (an uncaught error).
    await new Promise((r) => setTimeout(r, 500))
    expect(hang.held).toHaveLength(1)
    const db = openLedger(join(dataDir, 'ledger.sqlite3'))
    try {
      const statuses = db.prepare('SELECT status FROM payouts ORDER BY reference').pluck().all()
      expect(statuses).toEqual(['unknown', 'unknown', 'unknown', 'unknown'])
      // Only the one asked about has an exchange; the others were never touched by the quitting run.
      const asked = db
        .prepare("SELECT count(DISTINCT payout_id) FROM payout_events WHERE kind IN ('query', 'transition')")
        .pluck()
        .get()
      expect(asked).toBeLessThanOrEqual(1)
    } finally {
      db.close()
    }
  },
)
