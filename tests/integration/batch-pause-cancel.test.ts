// Issue 21 (review): a batch the person paused in the window is not sent by `payout-desk resume --all`
// (the command a scheduler runs to finish what a crash interrupted): a person's pause and an
// interruption are different states in the ledger. And a paused batch can be cancelled from the window
// after a restart, as `cancel --batch` can, instead of only resumed. Covers the batches and cancel actions.
import { afterEach, describe, expect, it } from 'vitest'
import type { Services } from '../../electron/services/create-services.ts'
import { openWindow, worldPerTest } from '../support/doors.ts'
import { runCli } from '../support/run-cli.ts'
import { eventually } from '../support/eventually.ts'

const world = worldPerTest()
let services: Services
// Registered after the world's hooks, so it runs before them: the services close before the sandbox.
afterEach(async () => {
  await services.close()
})

const rows = Array.from(
  { length: 20 },
  (_, i) =>
    `Person ${i},00${String(1_000_000 + i)},0002,0812${String(10_000_000 + i)},p${i}@example.com,${100_000 + i}`,
)

describe('a batch paused in the window', () => {
  it('is not sent by `payout-desk resume --all` from another process', async () => {
    const window = await openWindow(world())
    services = window.services
    const { files, call } = window
    const profileId = window.profileId()
    files.next = {
      name: 'wrong-file.csv',
      bytes: Buffer.from(`name,account number,bank code,mobile,email,amount\n${rows.join('\n')}\n`),
    }
    const view = await call('openImportFile', { profileId })
    if (!view) throw new Error('no review')
    const { batchId } = await call('confirmImport', { importId: view.importId })
    await call('startBatch', { batchId })
    // The person sees it is the wrong file and presses Pause at once (they mean to cancel next).
    await call('pauseBatch', { batchId })
    // The payouts already in flight finish; nothing new is taken.
    await eventually(() => services.batches.pause(batchId)?.inFlight === 0)
    const queuedCount = () =>
      services.ledger
        .prepare("SELECT count(*) FROM payouts WHERE batch_id = ? AND status = 'queued'")
        .pluck()
        .get(batchId) as number
    const heldBack = queuedCount()
    expect(heldBack).toBeGreaterThan(10)
    const ordersBefore = world().sandbox.book.list().length

    // Meanwhile the nightly job finishes interrupted batches.
    const r = await runCli(['resume', '--all'], undefined, {
      PAYOUT_DESK_HOME: world().dataDir,
      PAYOUT_DESK_SANDBOX_URL: world().sandbox.url,
    })
    expect(r.stdout + r.stderr).not.toMatch(/payouts? sent/)
    expect(queuedCount()).toBe(heldBack)
    expect(world().sandbox.book.list().length).toBe(ordersBefore)
  })

  it('can still be cancelled from the window after the app was restarted (as `cancel --batch` can)', async () => {
    const open = async () => {
      const window = await openWindow(world())
      services = window.services
      return window
    }
    const first = await open()
    const profileId = first.profileId()
    first.files.next = {
      name: 'wrong-file.csv',
      bytes: Buffer.from(`name,account number,bank code,mobile,email,amount\n${rows.join('\n')}\n`),
    }
    const view = await first.call('openImportFile', { profileId })
    if (!view) throw new Error('no review')
    const { batchId } = await first.call('confirmImport', { importId: view.importId })
    await first.call('startBatch', { batchId })
    await first.call('pauseBatch', { batchId })
    await services.close()

    // Reopened: the batch shows as paused with payouts queued; the person wants to cancel them.
    const second = await open()
    const queued = () =>
      services.ledger
        .prepare("SELECT count(*) FROM payouts WHERE batch_id = ? AND status = 'queued'")
        .pluck()
        .get(batchId) as number
    expect(queued()).toBeGreaterThan(10)
    const outcome = await second.raw('cancelBatch', { batchId })
    // On main: NOT_FOUND "not running": the window's only way out is Resume, which sends them.
    expect(outcome.ok ? 'cancelled' : `${outcome.code}: ${outcome.message}`).toBe('cancelled')
    expect(queued()).toBe(0)
  })
})
