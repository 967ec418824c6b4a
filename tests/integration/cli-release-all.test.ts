// `payout-desk release --all` (electron/cli/commands/recipients.ts, releaseCommand) when a group changes
// between being shown and the passphrase: what went before it is released and said so, the refusal is
// worded for that group alone ("This group was not released"), and --json still names both.
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../../electron/sandbox/server.ts'
import { eventually } from '../support/eventually.ts'
import { CLI, runCli } from '../support/run-cli.ts'
import { makeTempDir } from '../support/temp-dir.ts'

let sandbox: Sandbox
const tmp = makeTempDir('payout-desk-release-all-partial-')
const P = 'Vexora sandbox (Indonesia)'
const PASSPHRASE = 'owner says yes 42'
const common = () => ['--data-dir', join(tmp.dir, 'data'), '--sandbox-url', sandbox.url]

beforeAll(async () => {
  sandbox = await startSandbox({ settleAfterMs: 50 })
})
afterAll(async () => {
  await sandbox.close()
  tmp.cleanup()
})

const cli = (args: string[], input?: string) => runCli([...common(), ...args], input)
function file(name: string, rows: string[]): string {
  const path = join(tmp.dir, name)
  writeFileSync(path, ['name,account number,bank code,mobile,email,amount', ...rows].join('\n'))
  return path
}

describe('release --all when one group changes after it was shown', { timeout: 180_000 }, () => {
  it('still prints one JSON object naming what was released and what was kept', async () => {
    const limits = await cli(
      ['profile', 'limits', P, '--per-day', '100000', '--passphrase-stdin'],
      `${PASSPHRASE}\n`,
    )
    expect(limits.code, limits.stderr).toBe(0)
    const a = await cli([
      'send',
      '--profile',
      P,
      '--file',
      file('a.csv', ['Ani,0031001,0002,081234567890,a@example.com,150000']),
      '--yes',
    ])
    expect(a.stdout, a.stderr).toMatch(/waits for the owner's release/)
    const b = await cli([
      'send',
      '--profile',
      P,
      '--file',
      file('b.csv', [
        'Beni,0031002,0002,081234567890,b@example.com,150000',
        'Cici,0031003,0002,081234567890,c@example.com,150000',
      ]),
      '--yes',
    ])
    expect(b.stdout, b.stderr).toMatch(/waits for the owner's release/)
    const before = sandbox.book.list().length

    // The owner runs release --all; the groups are printed; before the passphrase arrives, one payout of
    // the second group is cancelled elsewhere (the window, another terminal).
    const child = spawn(
      process.execPath,
      [CLI, ...common(), 'release', '--all', '--passphrase-stdin', '--json'],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const done = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    await eventually(() => expect(stderr.match(/Waiting for release:/g)).toHaveLength(2), 60_000, 50)
    const listed = await cli(['list', '--json'])
    const cici = (
      JSON.parse(listed.stdout) as { reference: string; name?: string; fields?: Record<string, string> }[]
    ).find((p) => JSON.stringify(p).includes('0031003'))
    expect(cici, listed.stdout).toBeDefined()
    const cancelled = await cli(['cancel', '--id', cici?.reference ?? '', '--profile', P])
    expect(cancelled.code, cancelled.stderr).toBe(0)
    child.stdin.end(`${PASSPHRASE}\n`)
    const code = await done

    expect(code).toBe(1)
    // Ani's batch was released and paid:
    expect(sandbox.book.list().length - before).toBe(1)
    // ...and a script reading --json is told so, and told what was kept and why.
    expect(stdout, stderr).not.toBe('')
    const out = JSON.parse(stdout) as { released: unknown[]; refused: { reason: string }[] }
    expect(out.released).toHaveLength(1)
    expect(out.refused).toEqual([expect.objectContaining({ reason: 'releaseReviewChanged', count: 2 })])
    expect(stderr).toMatch(
      /Not released: b\.csv .*\n {2}What waits for release has changed since you reviewed it\. This group was not released/,
    )
    expect(stderr).not.toMatch(/Nothing was released/)
  })

  it('still prints what was released when something unforeseen stops it part-way', async () => {
    for (const [name, account, person] of [
      ['c.csv', '0031011', 'Dodi'],
      ['d.csv', '0031012', 'Eka'],
    ] as const) {
      const sent = await cli([
        'send',
        '--profile',
        P,
        '--file',
        file(name, [`${person},${account},0002,081234567890,d@example.com,150000`]),
        '--yes',
      ])
      expect(sent.stdout, sent.stderr).toMatch(/waits for the owner's release/)
    }
    // The disk fails while the second group is being let go (an error the app did not foresee).
    const ledger = new Database(join(tmp.dir, 'data', 'ledger.sqlite3'))
    ledger.exec(`CREATE TRIGGER disk_fails BEFORE UPDATE OF status ON payouts
      WHEN NEW.account_no = '0031012' BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`)
    ledger.close()
    const run = await cli(['release', '--all', '--passphrase-stdin', '--json'], `${PASSPHRASE}\n`)
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/disk I\/O error/)
    const out = JSON.parse(run.stdout) as {
      released: { batch: string }[]
      notTried: { batch: string }[]
      stopped: boolean
    }
    expect(out.stopped).toBe(true)
    // What went before it (c.csv, and b.csv's Beni kept by the first case) is named as released; d.csv,
    // stopped, as not tried.
    expect(out.released).toHaveLength(2)
    expect(out.notTried).toHaveLength(1)
  })
})
