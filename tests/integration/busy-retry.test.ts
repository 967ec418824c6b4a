import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { persist } from '../../electron/ledger/busy-retry.ts'
import { openLedger, type Ledger } from '../../electron/ledger/open-ledger.ts'
import { makeTempDir } from '../support/temp-dir.ts'

let tmp: ReturnType<typeof makeTempDir>
let db: Ledger
beforeEach(() => {
  tmp = makeTempDir()
  db = openLedger(join(tmp.dir, 'ledger.sqlite3'))
  db.exec('CREATE TABLE answers (payout INTEGER, step INTEGER)')
  // Each write takes what slowWrite spends, not also the disk's time: the budget counts whole writes.
  db.pragma('synchronous = OFF')
})
afterEach(() => {
  db.close()
  tmp.cleanup()
})

/** A durable write that takes a while, like a commit waiting for the disk on a busy machine. */
function slowWrite(payout: number, step: number) {
  const until = performance.now() + 3
  while (performance.now() < until);
  db.prepare('INSERT INTO answers VALUES (?, ?)').run(payout, step)
}

it('answers that arrive together let the event loop turn between their writes (the window keeps drawing)', async () => {
  // Forty gateway answers resume their flows in the same turn; each writes three times, as the engine
  // does (the exchange, the observation, the lease's release).
  const writesBeforeTheLoopTurned: number[] = []
  // A timer, as the window's next frame or message waits for the loop's next turn.
  setTimeout(() =>
    writesBeforeTheLoopTurned.push(db.prepare('SELECT count(*) FROM answers').pluck().get() as number),
  )
  await Promise.all(
    Array.from({ length: 40 }, async (_, payout) => {
      for (let step = 0; step < 3; step++) await persist(db, () => slowWrite(payout, step))
    }),
  )
  // Every write was made, in each payout's own order.
  const rows = db.prepare('SELECT payout, step FROM answers ORDER BY rowid').all() as {
    payout: number
    step: number
  }[]
  expect(rows).toHaveLength(120)
  for (let payout = 0; payout < 40; payout++)
    expect(rows.filter((r) => r.payout === payout).map((r) => r.step)).toEqual([0, 1, 2])
  // The loop turned long before all 120 writes (360 ms of them) were done: one 15 ms budget of writes
  // ran first (five writes of 3 ms), plus the one under way; not a second budget in the same turn.
  expect(writesBeforeTheLoopTurned).toHaveLength(1)
  expect(writesBeforeTheLoopTurned[0]).toBeLessThanOrEqual(6)
})
