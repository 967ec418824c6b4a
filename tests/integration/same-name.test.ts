// One name paid at two accounts within one file (electron/import/same-name.ts, called by stage-import.ts;
// the command line's send, electron/cli/commands/send.ts): one person's account changed inside the file,
// or two people of one name. Either way a person says which before it is paid, as across files.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { commitImport } from '../../electron/import/commit-import.ts'
import { parseCsv } from '../../electron/import/parse-csv.ts'
import { sha256Hex, stageImport } from '../../electron/import/stage-import.ts'
import { openLedger } from '../../electron/ledger/open-ledger.ts'
import { startSandbox, type Sandbox } from '../../electron/sandbox/server.ts'
import { addSandboxProfile } from '../support/ledger-fixtures.ts'
import { runCli } from '../support/run-cli.ts'
import { makeTempDir } from '../support/temp-dir.ts'

const FILE = [
  'name,account number,bank code,mobile,email,amount',
  'Budi Santoso,0022222,0002,081234567890,budi@example.com,150000',
  'Siti Rahma,0012345,0002,081234567891,siti@example.com,175000',
  'BUDI  santoso,0033333,0002,081234567890,budi@example.com,150000',
].join('\n')

let sandbox: Sandbox
const tmp = makeTempDir('payout-desk-same-name-')
beforeAll(async () => {
  sandbox = await startSandbox({ settleAfterMs: 50 })
})
afterAll(async () => {
  await sandbox.close()
  tmp.cleanup()
})

describe('one name at two accounts in one file', { timeout: 120_000 }, () => {
  it('is a warning on the later row, and nothing is written until a person accepts it', () => {
    const db = openLedger(join(tmp.dir, 'ledger.sqlite3'))
    try {
      const profile = addSandboxProfile(db)
      const staged = stageImport(db, profile.id, parseCsv(FILE), {
        fileName: 'payroll.csv',
        sha256: sha256Hex(Buffer.from(FILE)),
      })
      expect(staged.rows.map((r) => r.warnings.map((w) => [w.code, w.params.line]))).toEqual([
        [],
        [],
        [['same_name_other_account', 2]],
      ])
      const none = { skipInvalid: false, accepted: { rows: new Set<number>(), repeatFile: false } }
      expect(() => commitImport(db, staged, none)).toThrow(/not accepted/)
      expect(db.prepare('SELECT count(*) FROM payouts').pluck().get()).toBe(0)
      const accepted = { skipInvalid: false, accepted: { rows: new Set([4]), repeatFile: false } }
      expect(commitImport(db, staged, accepted).count).toBe(3)
    } finally {
      db.close()
    }
  })

  it('at the command line, is sent only with --accept-account-changes, and says which lines', async () => {
    const path = join(tmp.dir, 'payroll.csv')
    writeFileSync(path, FILE)
    const send = (...flags: string[]) =>
      runCli([
        '--data-dir',
        join(tmp.dir, 'cli'),
        '--sandbox-url',
        sandbox.url,
        'send',
        '--profile',
        'Vexora sandbox (Indonesia)',
        '--file',
        path,
        '--yes',
        ...flags,
      ])
    const refused = await send()
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(
      /line 4: TWO ACCOUNTS: BUDI {2}santoso is paid at another account on line 2/,
    )
    expect(sandbox.book.list()).toHaveLength(0)
    const sent = await send('--accept-account-changes')
    expect(sent.code, sent.stderr).toBe(0)
  })
})
