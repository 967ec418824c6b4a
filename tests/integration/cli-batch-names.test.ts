// electron/cli/batch-names.ts (issue 23): the command line names a batch by the first 8 characters of its
// id, and takes that (or any start of it, 8 characters or more) wherever it takes a batch; before, people
// had to copy a 36-character UUID. Two batches starting alike are refused, naming neither at random.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../../electron/sandbox/server.ts'
import { runCli } from '../support/run-cli.ts'
import { makeTempDir } from '../support/temp-dir.ts'

let sandbox: Sandbox
const tmp = makeTempDir('payout-desk-batch-names-')
const VEXORA = 'Vexora sandbox (Indonesia)'
const dataDir = join(tmp.dir, 'data')

beforeAll(async () => {
  sandbox = await startSandbox({ settleAfterMs: 50 })
})
afterAll(async () => {
  await sandbox.close()
  tmp.cleanup()
})

const cli = (args: string[]) => runCli(['--data-dir', dataDir, '--sandbox-url', sandbox.url, ...args])

describe('batches named by the start of their id', { timeout: 120_000 }, () => {
  it('send names the batch in 8 characters, and list, refresh and resume take them', async () => {
    const path = join(tmp.dir, 'july.csv')
    writeFileSync(
      path,
      'name,account number,bank code,mobile,email,amount\nBudi,0055501,0002,081234567890,b@example.com,150000\n',
    )
    const sent = await cli(['send', '--profile', VEXORA, '--file', path, '--yes'])
    expect(sent.code, sent.stderr).toBe(0)
    const short = /Batch ([0-9a-f]{8}) written\./.exec(sent.stdout)?.[1] ?? 'none'
    expect(sent.stdout).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/)

    const listed = await cli(['list', '--batch', short, '--json'])
    expect(listed.code, listed.stderr).toBe(0)
    const rows = JSON.parse(listed.stdout) as { batch: string; name?: string }[]
    expect(rows).toHaveLength(1)
    expect(rows[0]?.batch.startsWith(short)).toBe(true)
    expect((await cli(['refresh', '--batch', `${short}-`.slice(0, 9)])).code).toBe(0)
    const resumed = await cli(['resume', short])
    expect(resumed.code, resumed.stderr).toBe(0)
  })

  it('refuses a start that two batches share, and changes nothing', async () => {
    const db = new Database(join(dataDir, 'ledger.sqlite3'))
    const profile = db.prepare('SELECT id FROM profiles WHERE name = ?').pluck().get(VEXORA) as string
    const add = db.prepare(
      "INSERT INTO batches (id, profile_id, file_name, file_sha256, state, created_at, updated_at) VALUES (?, ?, NULL, NULL, 'done', 0, 0)",
    )
    add.run('abcd1234-0000-4000-8000-000000000001', profile)
    add.run('abcd1234-1111-4000-8000-000000000002', profile)
    db.close()
    const both = await cli(['list', '--batch', 'abcd1234'])
    expect(both.code).toBe(1)
    expect(both.stderr).toMatch(/More than one batch starts with abcd1234/)
    const one = await cli(['list', '--batch', 'abcd1234-0', '--json'])
    expect(one.code, one.stderr).toBe(0)
    // A start shorter than what is printed is refused: one wrong character could name another batch.
    const short = await cli(['resume', 'abcd12'])
    expect(short.code).toBe(1)
    expect(short.stderr).toMatch(/"abcd12" is too short to name a batch: give at least the 8 characters/)
  })
})
