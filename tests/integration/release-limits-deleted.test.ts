// Issue 21 (review): release limits are sealed so that a change made outside the app holds everything;
// removing the limits row outside the app lifted every limit in silence, and a payout over the owner's
// limit was sent without the release passphrase. The keychain now remembers which profiles have limits.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../../electron/sandbox/server.ts'
import { runCli } from '../support/run-cli.ts'
import { makeTempDir } from '../support/temp-dir.ts'

let sandbox: Sandbox
const tmp = makeTempDir('payout-desk-review-limits-')
const VEXORA = 'Vexora sandbox (Indonesia)'
const dataDir = join(tmp.dir, 'data')

beforeAll(async () => {
  sandbox = await startSandbox({ settleAfterMs: 50 })
})
afterAll(async () => {
  await sandbox.close()
  tmp.cleanup()
})

const cli = (args: string[], input?: string) =>
  runCli(['--data-dir', dataDir, '--sandbox-url', sandbox.url, ...args], input)

describe('release limits removed outside the app', { timeout: 120_000 }, () => {
  it('still hold a payout over the limit (as limits edited outside the app do)', async () => {
    const set = await cli(
      ['profile', 'limits', VEXORA, '--per-payout', '100000', '--passphrase-stdin'],
      'owner says yes 42\n',
    )
    expect(set.code, set.stderr).toBe(0)
    // Someone with the ledger file (a sync tool, an sqlite3 session) removes the owner's limits.
    const db = new Database(join(dataDir, 'ledger.sqlite3'))
    db.prepare('DELETE FROM release_limits').run()
    db.close()

    const file = join(tmp.dir, 'big.csv')
    writeFileSync(
      file,
      'name,account number,bank code,mobile,email,amount\nBudi,0055501,0002,081234567890,b@example.com,5000000\n',
    )
    const sent = await cli(['send', '--profile', VEXORA, '--file', file, '--yes'])
    expect(sandbox.book.list()).toHaveLength(0)
    expect(sent.stdout).toMatch(/waits for the owner's release/)
  })
})
