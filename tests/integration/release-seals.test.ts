// electron/payouts/release-seals.ts (issue 24): the held flag carries the owner's seal. Any process of the
// same user can write the ledger file; before, flipping a held payout to 'queued' with plain SQL (or
// editing a queued payout's amount) and running `resume` sent it past the owner's limit without the
// release passphrase. Spawned payout-desk processes, the real keychain, the loopback sandbox.
import { createServer } from 'node:net'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../../electron/sandbox/server.ts'
import { runCli } from '../support/run-cli.ts'
import { makeTempDir } from '../support/temp-dir.ts'

let sandbox: Sandbox
const tmp = makeTempDir('payout-desk-release-seals-')
const VEXORA = 'Vexora sandbox (Indonesia)'
const PASSPHRASE = 'owner says yes 42'
const dataDir = join(tmp.dir, 'data')

beforeAll(async () => {
  sandbox = await startSandbox({ settleAfterMs: 50 })
})
afterAll(async () => {
  await sandbox.close()
  tmp.cleanup()
})

const cli = (args: string[], input?: string, url = sandbox.url) =>
  runCli(['--data-dir', dataDir, '--sandbox-url', url, ...args], input)
let files = 0
function file(name: string, amount: number): string {
  const path = join(tmp.dir, `pay-${++files}.csv`)
  writeFileSync(
    path,
    `name,account number,bank code,mobile,email,amount\n${name},00555${files},0002,081234567890,b@example.com,${amount}\n`,
  )
  return path
}
function ledger<T>(use: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, 'ledger.sqlite3'))
  try {
    return use(db)
  } finally {
    db.close()
  }
}
const payoutNamed = (name: string) =>
  ledger(
    (db) =>
      db
        .prepare('SELECT status, held_for, amount_minor FROM payouts WHERE beneficiary_name = ?')
        .get(name) as {
        status: string
        held_for: string | null
        amount_minor: number
      },
  )
/** An address where nothing listens: the connection is refused before a byte leaves. */
async function closedPort(): Promise<string> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as { port: number }
  await new Promise<void>((done) => server.close(() => done()))
  const real = new URL(sandbox.url)
  return `${real.protocol}//127.0.0.1:${port}${real.pathname}${real.search}`
}

// Spawned processes on a busy machine: each takes seconds to start.
describe('the held flag under the owner seal', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    const set = await cli(
      ['profile', 'limits', VEXORA, '--per-payout', '1000000', '--passphrase-stdin'],
      `${PASSPHRASE}\n`,
    )
    expect(set.code, set.stderr).toBe(0)
  })

  it('a held payout set to queued with plain SQL is not sent; it waits for the release again', async () => {
    const sent = await cli(['send', '--profile', VEXORA, '--file', file('Held Budi', 5_000_000), '--yes'])
    expect(sent.stdout).toMatch(/waits for the owner's release/)
    // Someone with the ledger file lifts the hold, as the app itself would on release.
    ledger((db) =>
      db.prepare("UPDATE payouts SET status = 'queued', held_for = NULL WHERE status = 'draft'").run(),
    )

    const resumed = await cli(['resume', '--all'])
    expect(resumed.stderr).not.toMatch(/Error:|at .*\.ts/)
    expect(sandbox.book.list()).toHaveLength(0)
    expect(payoutNamed('Held Budi')).toMatchObject({ status: 'draft', held_for: 'unsealed' })

    // The owner sees it waiting and lets it go with the passphrase: then it is paid, once.
    const released = await cli(['release', '--all', '--passphrase-stdin'], `${PASSPHRASE}\n`)
    expect(released.code, released.stderr).toBe(0)
    expect(released.stdout).toMatch(/Released 1 payout, IDR 5,000,000/)
    expect(sandbox.book.list().map((o) => o.amountMinor)).toEqual([5_000_000])
    await cli(['resume', '--all'])
    expect(sandbox.book.list()).toHaveLength(1)
  })

  it('a queued payout within the limit whose amount is raised with plain SQL is not sent', async () => {
    const before = sandbox.book.list().length
    // The gateway cannot be reached: nothing leaves and the payout waits, queued, within the limit.
    const first = await cli(
      ['send', '--profile', VEXORA, '--file', file('Queued Sari', 200_000), '--yes'],
      undefined,
      await closedPort(),
    )
    expect(first.code).toBe(1)
    expect(payoutNamed('Queued Sari')).toMatchObject({ status: 'queued', amount_minor: 200_000 })
    ledger((db) =>
      db.prepare("UPDATE payouts SET amount_minor = 900000 WHERE beneficiary_name = 'Queued Sari'").run(),
    )

    await cli(['resume', '--all'])
    expect(sandbox.book.list()).toHaveLength(before)
    expect(payoutNamed('Queued Sari')).toMatchObject({ status: 'draft', held_for: 'unsealed' })
  })

  it('a queued payout within the limit, left alone, is sent as it was written', async () => {
    const before = sandbox.book.list().length
    const first = await cli(
      ['send', '--profile', VEXORA, '--file', file('Plain Wati', 300_000), '--yes'],
      undefined,
      await closedPort(),
    )
    expect(first.code).toBe(1)
    await cli(['resume', '--all'])
    expect(
      sandbox.book
        .list()
        .slice(before)
        .map((o) => o.amountMinor),
    ).toEqual([300_000])
    expect(payoutNamed('Plain Wati').held_for).toBeNull()
  })
})
