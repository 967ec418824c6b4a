// Issue 16 from a terminal: recipients list, the account-change guard in `send`, limits and release.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../../electron/sandbox/server.ts'
import { runCli } from '../support/run-cli.ts'
import { makeTempDir } from '../support/temp-dir.ts'

let sandbox: Sandbox
const tmp = makeTempDir('payout-desk-cli-recipients-')
const P = 'Vexora sandbox (Indonesia)'
const PASSPHRASE = 'owner says yes 42'

beforeAll(async () => {
  sandbox = await startSandbox({ settleAfterMs: 50 })
})
afterAll(async () => {
  await sandbox.close()
  tmp.cleanup()
})

const cli = (args: string[], input?: string) =>
  runCli(['--data-dir', join(tmp.dir, 'data'), '--sandbox-url', sandbox.url, ...args], input)
function file(name: string, rows: string[]): string {
  const path = join(tmp.dir, name)
  writeFileSync(path, ['name,account number,bank code,mobile,email,amount', ...rows].join('\n'))
  return path
}
const orders = () => sandbox.book.list()

// Each test spawns up to seven payout-desk processes, three of them hashing a passphrase (scrypt N=2^17):
// on a busy 2-core machine that alone can take 20 s.
describe(
  'payout-desk recipients, send --accept-account-changes, profile limits, release',
  { timeout: 120_000 },
  () => {
    it('fills the directory from paid payouts and lists it as JSON', async () => {
      const sent = await cli([
        'send',
        '--profile',
        P,
        '--file',
        file('june.csv', ['Siti Rahma,0012345,0002,081234567890,s@example.com,150000']),
        '--yes',
      ])
      expect(sent.code, sent.stderr).toBe(0)
      await new Promise((r) => setTimeout(r, 100))
      expect((await cli(['refresh', '--all'])).code).toBe(0)
      const listed = await cli(['recipients', 'list', '--json'])
      expect(JSON.parse(listed.stdout)).toEqual([
        expect.objectContaining({
          name: 'Siti Rahma',
          account: '0012345',
          payouts: 1,
          lastPaidAt: expect.any(String) as unknown,
        }),
      ])
    })

    it('a known recipient at a new account stops send --yes until --accept-account-changes, printing the change', async () => {
      const moved = file('july.csv', ['Siti Rahma,0099887,0002,081234567890,s@example.com,160000'])
      const stopped = await cli(['send', '--profile', P, '--file', moved, '--yes'])
      expect(stopped.code).toBe(1)
      expect(stopped.stderr).toMatch(
        /ACCOUNT CHANGED: Siti Rahma was last paid at bankCode 0002, bankAccountNo 0012345; this row pays bankCode 0002, bankAccountNo 0099887/,
      )
      // A Chinese terminal names both accounts too: the person accepts only what they saw.
      const zh = await runCli(
        [
          '--data-dir',
          join(tmp.dir, 'data'),
          '--sandbox-url',
          sandbox.url,
          'send',
          '--profile',
          P,
          '--file',
          moved,
          '--yes',
        ],
        undefined,
        { LANG: 'zh_CN.UTF-8' },
      )
      expect(zh.code).toBe(1)
      expect(zh.stderr).toContain(
        'ACCOUNT CHANGED: Siti Rahma 上次收款账户是 bankCode 0002, bankAccountNo 0012345；这一行付到 bankCode 0002, bankAccountNo 0099887',
      )
      expect(orders()).toHaveLength(1)
      const accepted = await cli([
        'send',
        '--profile',
        P,
        '--file',
        moved,
        '--yes',
        '--accept-account-changes',
      ])
      expect(accepted.code, accepted.stderr).toBe(0)
      expect(orders()).toHaveLength(2)
    })

    it('above the daily limit, send writes the batch as awaiting release; release refuses a wrong passphrase', async () => {
      const set = await cli(
        ['profile', 'limits', P, '--per-day', '200000', '--passphrase-stdin'],
        `${PASSPHRASE}\n`,
      )
      expect(set.code, set.stderr).toBe(0)
      expect(set.stdout).toMatch(/per day IDR\s200,000/)
      const big = await cli([
        'send',
        '--profile',
        P,
        '--file',
        file('aug.csv', ['Budi,0055501,0002,081234567890,b@example.com,250000']),
        '--yes',
      ])
      expect(big.code, big.stderr).toBe(0)
      expect(big.stdout).toMatch(/waits for the owner's release/)
      const batch = /payout-desk release (\S+) --passphrase-stdin/.exec(big.stdout)?.[1]
      expect(orders()).toHaveLength(2)
      const wrong = await cli(['release', batch ?? '', '--passphrase-stdin'], 'not it\n')
      expect(wrong.code).toBe(1)
      // What the passphrase would let go is shown before it is checked.
      expect(wrong.stdout).toMatch(
        /^Waiting for release: aug\.csv \(batch \S+\), 1 payout, IDR\s250,000, profile "[^"]+" \(test money\): over the limit per day\.\n$/,
      )
      expect(wrong.stderr).toMatch(/not the release passphrase/)
      await new Promise((r) => setTimeout(r, 1_100))
      const right = await cli(['release', batch ?? '', '--passphrase-stdin'], `${PASSPHRASE}\n`)
      expect(right.code, right.stderr).toBe(0)
      expect(right.stdout).toMatch(/Released 1 payout/)
      expect(orders()).toHaveLength(3)
      // Changing the limits needs the current passphrase.
      const change = await cli(['profile', 'limits', P, '--per-day', 'none', '--passphrase-stdin'], 'wrong\n')
      expect(change.code).toBe(1)
    })

    it('release --all lets the other groups go when one would pay an account its payee has moved from, and exits 1 naming it', async () => {
      const held = async (name: string, row: string) => {
        const sent = await cli(['send', '--profile', P, '--file', file(name, [row]), '--yes'])
        expect(sent.stdout, sent.stderr).toMatch(/waits for the owner's release/)
      }
      await held('sep-siti.csv', 'Siti Rahma,0099887,0002,081234567890,s@example.com,10000')
      await held('sep-agus.csv', 'Agus,0077701,0002,081234567890,a@example.com,10000')
      await new Promise((r) => setTimeout(r, 1_100))
      const lifted = await cli(
        ['profile', 'limits', P, '--per-day', 'none', '--passphrase-stdin'],
        `${PASSPHRASE}\n`,
      )
      expect(lifted.code, lifted.stderr).toBe(0)
      // Siti's account changes, accepted, and is paid: the directory now knows her at 0011111.
      const moved = await cli([
        'send',
        '--profile',
        P,
        '--file',
        file('sep-moved.csv', ['Siti Rahma,0011111,0002,081234567890,s@example.com,20000']),
        '--yes',
        '--accept-account-changes',
      ])
      expect(moved.code, moved.stderr).toBe(0)
      await new Promise((r) => setTimeout(r, 100))
      expect((await cli(['refresh', '--all'])).code).toBe(0)
      const before = orders().length

      const released = await cli(['release', '--all', '--passphrase-stdin', '--json'], `${PASSPHRASE}\n`)
      expect(released.code).toBe(1)
      const out = JSON.parse(released.stdout) as {
        released: { count: number }[]
        refused: { reason: string; details: { references: string }; profile: string }[]
      }
      expect(out.released).toEqual([expect.objectContaining({ count: 1 })])
      expect(out.refused).toEqual([
        expect.objectContaining({
          reason: 'releasePayeeMoved',
          profile: P,
          count: 1,
        }),
      ])
      expect(released.stderr).toMatch(/Not released: sep-siti\.csv .*\n .*Siti Rahma is now known at/)
      const paid = orders().slice(before)
      expect(paid.map((o) => o.fields.bankAccountNo)).toEqual(['0077701'])
      // What stayed held is the one the refusal named; cancelling it is the way out.
      const [reference] = out.refused[0]?.details.references.split(', ') ?? []
      const cancelled = await cli(['cancel', '--id', reference ?? '', '--profile', P])
      expect(cancelled.code, cancelled.stderr).toBe(0)
      const again = await cli(['release', '--all', '--passphrase-stdin'], `${PASSPHRASE}\n`)
      expect(again.stdout).toMatch(/Nothing waits for release/)
    })
  },
)
