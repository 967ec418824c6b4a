// Quitting while a batch is being sent (services.close, the batch runner's stopAll, the send queue's halt):
// what is in flight finishes and is written, nothing else leaves after the ledger closes, no promise is
// left to reject on a closed ledger, and the rest stays queued for the next start, sent exactly once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createHandlers } from '../../electron/ipc/handlers.ts'
import { openLedger } from '../../electron/ledger/open-ledger.ts'
import { createServices, type Services } from '../../electron/services/create-services.ts'
import { makeWorld, SANDBOX_PROFILE, type World } from '../support/doors.ts'
import { eventually } from '../support/eventually.ts'
import { ipcCaller } from '../support/ipc-call.ts'
import { scriptedFiles } from '../support/scripted-files.ts'
import { makeTempDir } from '../support/temp-dir.ts'
import { join } from 'node:path'

let tmp: ReturnType<typeof makeTempDir>
let world: World
const rejections: unknown[] = []
const onRejection = (reason: unknown) => rejections.push(reason)

beforeEach(async () => {
  tmp = makeTempDir()
  world = await makeWorld(tmp.dir)
  process.on('unhandledRejection', onRejection)
})
afterEach(async () => {
  process.off('unhandledRejection', onRejection)
  await world.sandbox.close()
  tmp.cleanup()
})

const rows = Array.from(
  { length: 40 },
  (_, i) =>
    `Person ${i},00${String(2_000_000 + i)},0002,0812${String(20_000_000 + i)},p${i}@example.com,${50_000 + i}`,
)

async function open(): Promise<{
  services: Services
  call: ReturnType<typeof ipcCaller>['call']
  files: ReturnType<typeof scriptedFiles>
}> {
  const files = scriptedFiles(world.dataDir)
  const services = await createServices({
    appVersion: 'close',
    dataDir: world.dataDir,
    sandbox: { url: world.sandbox.url },
    files: files.port,
    poll: false,
  })
  return { services, files, ...ipcCaller(() => createHandlers(services, () => undefined)) }
}

describe('quitting while a batch is being sent', () => {
  it('leaves the rest queued and the batch interrupted, sends nothing after closing, and resumes exactly once', async () => {
    const first = await open()
    const profileId = first.services.ledger
      .prepare('SELECT id FROM profiles WHERE name = ?')
      .pluck()
      .get(SANDBOX_PROFILE) as string
    first.files.next = {
      name: 'payroll.csv',
      bytes: Buffer.from(`name,account number,bank code,mobile,email,amount\n${rows.join('\n')}\n`),
    }
    const view = await first.call('openImportFile', { profileId })
    if (!view) throw new Error('no review')
    const { batchId } = await first.call('confirmImport', { importId: view.importId })
    await first.call('startBatch', { batchId })
    // Quit while the run is well under way: four payouts out, the others waiting their turn (the pace).
    await eventually(() => expect(world.sandbox.book.list().length).toBeGreaterThanOrEqual(4))
    await first.services.close()
    const atClose = world.sandbox.book.list().length
    expect(atClose).toBeLessThan(rows.length)
    // A moment later nothing more has left, and nothing rejected on the closed ledger.
    await new Promise((r) => setTimeout(r, 1_500))
    expect(world.sandbox.book.list().length).toBe(atClose)
    expect(rejections).toEqual([])

    const db = openLedger(join(world.dataDir, 'ledger.sqlite3'))
    const states = Object.fromEntries(
      (
        db
          .prepare('SELECT status, count(*) AS n FROM payouts WHERE batch_id = ? GROUP BY status')
          .all(batchId) as { status: string; n: number }[]
      ).map((r) => [r.status, r.n]),
    )
    const batchState = db.prepare('SELECT state FROM batches WHERE id = ?').pluck().get(batchId)
    db.close()
    expect(batchState).toBe('interrupted')
    expect(states.cancelled).toBeUndefined()
    expect(states.queued).toBe(rows.length - atClose)

    // The next start finishes it: every payout reaches the gateway exactly once.
    const second = await open()
    try {
      await second.call('startBatch', { batchId })
      await eventually(() => expect(world.sandbox.book.list().length).toBe(rows.length), 60_000)
      const accounts = world.sandbox.book.list().map((o) => o.fields.bankAccountNo)
      expect(new Set(accounts).size).toBe(rows.length)
    } finally {
      await second.services.close()
    }
    expect(rejections).toEqual([])
  }, 120_000)
})
