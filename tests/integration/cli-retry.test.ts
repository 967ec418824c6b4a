// payout-desk retry --batch (electron/cli/commands/retry.ts, the retryBatch action) on a real ledger, the
// sandbox over loopback and the real keychain: what would be paid again is shown before anything is.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openLedger } from '../../electron/ledger/open-ledger.ts'
import { startSandbox, type Sandbox } from '../../electron/sandbox/server.ts'
import { eventually } from '../support/eventually.ts'
import { runCli } from '../support/run-cli.ts'
import { makeTempDir } from '../support/temp-dir.ts'

let sandbox: Sandbox
const tmp = makeTempDir('payout-desk-cli-retry-')
const P = 'Vexora sandbox (Indonesia)'

beforeAll(async () => {
  sandbox = await startSandbox({ settleAfterMs: 0 })
})
afterAll(async () => {
  await sandbox.close()
  tmp.cleanup()
})

const cli = (args: string[]) =>
  runCli(['--data-dir', join(tmp.dir, 'data'), '--sandbox-url', sandbox.url, ...args])
const ordersTo = (account: string) => sandbox.book.list().filter((o) => o.fields.bankAccountNo === account)

describe('payout-desk retry --batch', { timeout: 180_000 }, () => {
  it('shows the batch, how many did not go through and their total before it asks or pays', async () => {
    const file = join(tmp.dir, 'june.csv')
    // The sandbox fails an account ending in 000.
    writeFileSync(
      file,
      [
        'name,account number,bank code,mobile,email,amount',
        'Rina,5552000,0002,081234567890,rina@example.com,120000',
        'Tono,5553000,0002,081234567890,tono@example.com,30000',
        'Ayu,5554001,0002,081234567890,ayu@example.com,50000',
      ].join('\n'),
    )
    const sent = await cli(['send', '--profile', P, '--file', file, '--yes'])
    expect(sent.code, sent.stderr).toBe(0)
    const db = openLedger(join(tmp.dir, 'data', 'ledger.sqlite3'))
    const batch = db.prepare('SELECT id FROM batches WHERE file_name = ?').pluck().get('june.csv') as string
    db.close()
    await eventually(async () => {
      await cli(['refresh', '--batch', batch])
      const listed = await cli(['list', '--batch', batch, '--status', 'failed', '--json'])
      expect(JSON.parse(listed.stdout)).toHaveLength(2)
    })

    const preview =
      /^Batch [0-9a-f]{8} \(june\.csv\), profile "Vexora sandbox \(Indonesia\)" \(test money\): 2 payouts did not go through, IDR\s150,000 in all\./
    // Not on a terminal and without --yes: shown, then refused, and nothing is paid.
    const asked = await cli(['retry', '--batch', batch.slice(0, 8)])
    expect(asked.code).toBe(2)
    expect(asked.stdout).toMatch(preview)
    expect(ordersTo('5552000')).toHaveLength(1)

    const again = await cli(['retry', '--batch', batch.slice(0, 8), '--yes'])
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout).toMatch(preview)
    expect(again.stdout).toMatch(/: 2 payouts to pay again\./)
    expect(ordersTo('5552000')).toHaveLength(2)
    expect(ordersTo('5553000')).toHaveLength(2)
    expect(ordersTo('5554001')).toHaveLength(1)

    // Paid again already: nothing is left to ask about, so nothing is asked (no --yes needed).
    const none = await cli(['retry', '--batch', batch.slice(0, 8)])
    expect(none.code, none.stderr).toBe(0)
    expect(none.stdout).toContain('Nothing to pay again.')
    expect(ordersTo('5552000')).toHaveLength(2)
  })
})
