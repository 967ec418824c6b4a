// electron/actions/release.ts from a terminal: the day of the limit, the passphrase checks, the seal.
import { randomBytes, scryptSync } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../../electron/sandbox/server.ts'
import { runCli, startCli } from '../support/run-cli.ts'
import { makeTempDir } from '../support/temp-dir.ts'

let sandbox: Sandbox
const tmp = makeTempDir('payout-desk-release-')
const VEXORA = 'Vexora sandbox (Indonesia)'
const BLUEPAY = 'BluePay sandbox (Thailand)'
const PASSPHRASE = 'owner says yes 42'
const dataDir = join(tmp.dir, 'data')
const HOUR = 3_600_000

beforeAll(async () => {
  sandbox = await startSandbox({ settleAfterMs: 50 })
})
afterAll(async () => {
  await sandbox.close()
  tmp.cleanup()
})

const cli = (args: string[], input?: string, env?: Record<string, string>) =>
  runCli(['--data-dir', dataDir, '--sandbox-url', sandbox.url, ...args], input, env)
let files = 0
function file(amount: number): string {
  const path = join(tmp.dir, `pay-${++files}.csv`)
  writeFileSync(
    path,
    `name,account number,bank code,mobile,email,amount\nBudi ${files},00555${files},0002,081234567890,b@example.com,${amount}\n`,
  )
  return path
}
const orders = () => sandbox.book.list()
const batchOf = (stdout: string) => /payout-desk release (\S+) --passphrase-stdin/.exec(stdout)?.[1] ?? ''
function ledger<T>(use: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, 'ledger.sqlite3'))
  try {
    return use(db)
  } finally {
    db.close()
  }
}
const limitsRow = (profile: string) =>
  ledger(
    (db) =>
      db
        .prepare(`SELECT l.* FROM release_limits l JOIN profiles p ON p.id = l.profile_id WHERE p.name = ?`)
        .get(profile) as {
        profile_id: string
        failed_attempts: number
        locked_until: number | null
        passphrase_hash: string
      },
  )

// Spawned processes on a busy machine: each takes seconds to start.
describe(
  'release limits and the passphrase, from spawned payout-desk processes',
  { timeout: 240_000 },
  () => {
    it("counts the per-day limit over the profile's calendar day (Asia/Jakarta), whatever TZ the process has", async (test) => {
      const set = await cli(
        ['profile', 'limits', VEXORA, '--per-day', '100000', '--passphrase-stdin'],
        `${PASSPHRASE}\n`,
      )
      expect(set.code, set.stderr).toBe(0)
      expect(set.stdout).toMatch(/a day in Asia\/Jakarta/)
      const first = await cli(['send', '--profile', VEXORA, '--file', file(60_000), '--yes'], undefined, {
        TZ: 'Asia/Jakarta',
      })
      expect(first.code, first.stderr).toBe(0)
      expect(orders()).toHaveLength(1)

      // Jakarta is UTC+7 all year. The first payout moves to just after Jakarta's midnight; the second
      // send runs in a zone whose own midnight fell after it, but still within the same Jakarta day.
      const now = Date.now()
      const jakartaStart = Math.floor((now + 7 * HOUR) / (24 * HOUR)) * 24 * HOUR - 7 * HOUR
      const elapsed = now - jakartaStart
      if (elapsed < 31 * 60_000) test.skip()
      const k = Math.min(12, Math.floor(elapsed / HOUR))
      const offset = 7 - k
      const zone =
        k === 0
          ? 'Asia/Yangon'
          : offset === 0
            ? 'Etc/GMT'
            : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`
      ledger((db) => db.prepare('UPDATE payouts SET created_at = ?').run(jakartaStart + 60_000))

      const second = await cli(['send', '--profile', VEXORA, '--file', file(60_000), '--yes'], undefined, {
        TZ: zone,
      })
      expect(second.code, second.stderr).toBe(0)
      expect(second.stdout).toMatch(/waits for the owner's release/)
      expect(orders()).toHaveLength(1)
    })

    it('a limit changed with plain SQL holds everything of the profile until the owner sets the limits again', async () => {
      ledger((db) =>
        db
          .prepare(
            'UPDATE release_limits SET per_day = 999999999999 WHERE profile_id = (SELECT id FROM profiles WHERE name = ?)',
          )
          .run(VEXORA),
      )
      const small = await cli(['send', '--profile', VEXORA, '--file', file(20_000), '--yes'])
      expect(small.code, small.stderr).toBe(0)
      expect(small.stdout).toMatch(/waits for the owner's release/)
      expect(orders()).toHaveLength(1)
      const shown = await cli(['profile', 'limits', VEXORA])
      expect(shown.stdout).toMatch(/changed outside Payout Desk/)
      const release = await cli(['release', batchOf(small.stdout), '--passphrase-stdin'], `${PASSPHRASE}\n`)
      expect(release.code).toBe(1)
      expect(release.stderr).toMatch(/changed outside Payout Desk/)
      expect(orders()).toHaveLength(1)

      // The owner looks, sets the limits again with the passphrase, and releases: then it leaves.
      const again = await cli(
        ['profile', 'limits', VEXORA, '--per-day', '100000', '--passphrase-stdin'],
        `${PASSPHRASE}\n`,
      )
      expect(again.code, again.stderr).toBe(0)
      expect(again.stdout).not.toMatch(/changed outside/)
      const released = await cli(['release', batchOf(small.stdout), '--passphrase-stdin'], `${PASSPHRASE}\n`)
      expect(released.code, released.stderr).toBe(0)
      expect(orders()).toHaveLength(2)
    })

    it('refuses a passphrase under 8 characters at the command line, and shows the limits with their day', async () => {
      const short = await cli(
        ['profile', 'limits', BLUEPAY, '--per-day', '1000', '--passphrase-stdin'],
        'x\n',
      )
      expect(short.code).toBe(1)
      expect(short.stderr).toMatch(/at least 8 characters/)
      expect(limitsRow(BLUEPAY)).toBeUndefined()
      const shown = await cli(['profile', 'limits', BLUEPAY])
      expect(shown.code, shown.stderr).toBe(0)
      expect(shown.stdout).toMatch(/per payout none, per day none \(a day in Asia\/Bangkok\)/)
    })

    it('rehashes a passphrase kept at N=2^15 at N=2^17 on its next success', async () => {
      const set = await cli(
        ['profile', 'limits', BLUEPAY, '--per-day', '1000', '--passphrase-stdin'],
        `${PASSPHRASE}\n`,
      )
      expect(set.code, set.stderr).toBe(0)
      expect(limitsRow(BLUEPAY).passphrase_hash).toMatch(/^scrypt\$131072\$8\$1\$/)
      // As an older version stored it.
      const salt = randomBytes(16)
      const old = scryptSync(PASSPHRASE, salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 })
      ledger((db) =>
        db
          .prepare('UPDATE release_limits SET passphrase_hash = ? WHERE profile_id = ?')
          .run(
            `scrypt$32768$8$1$${salt.toString('base64')}$${old.toString('base64')}`,
            limitsRow(BLUEPAY).profile_id,
          ),
      )
      const next = await cli(
        ['profile', 'limits', BLUEPAY, '--per-day', '2000', '--passphrase-stdin'],
        `${PASSPHRASE}\n`,
      )
      expect(next.code, next.stderr).toBe(0)
      expect(limitsRow(BLUEPAY).passphrase_hash).toMatch(/^scrypt\$131072\$8\$1\$/)
      expect(next.stdout).not.toMatch(/changed outside/)
    })

    it('24 wrong guesses from parallel release processes: one check at a time, every try counted, the wait grows', async () => {
      // A batch of its own over the day's limit (the first test's may not exist: it skips in the first
      // half hour of a Jakarta day), so this test holds at any hour.
      const over = await cli(['send', '--profile', VEXORA, '--file', file(150_000), '--yes'])
      expect(over.code, over.stderr).toBe(0)
      const held = batchOf(over.stdout)
      expect(held).toBeTruthy()
      const tries = await Promise.all(
        Array.from(
          { length: 24 },
          (_, i) =>
            startCli(
              ['--data-dir', dataDir, '--sandbox-url', sandbox.url, 'release', held, '--passphrase-stdin'],
              {
                input: `wrong guess ${i}\n`,
              },
            ).done,
        ),
      )
      for (const t of tries) expect(t.code).toBe(1)
      const checked = tries.filter((t) => /not the release passphrase/.test(t.stderr)).length
      const refused = tries.filter((t) =>
        /Wait \d+ seconds|check for this profile is under way/.test(t.stderr),
      ).length
      expect(checked + refused).toBe(24)
      // Main let 23 of 24 be hashed at once; now only a try that finds no check running and no wait is.
      expect(checked).toBeLessThanOrEqual(4)
      expect(limitsRow(VEXORA).failed_attempts).toBe(24)
      expect(orders()).toHaveLength(2)

      // The wait grows with the count: once it is over, one more wrong try makes the next wait minutes long.
      ledger((db) => db.prepare('UPDATE release_limits SET locked_until = NULL').run())
      const one = await cli(['release', held, '--passphrase-stdin'], 'wrong again\n')
      expect(one.stderr).toMatch(/not the release passphrase/)
      const after = await cli(['release', held, '--passphrase-stdin'], `${PASSPHRASE}\n`)
      expect(after.code).toBe(1)
      const wait = Number(/Wait (\d+) seconds/.exec(after.stderr)?.[1])
      expect(wait).toBeGreaterThan(250)
      expect(limitsRow(VEXORA).failed_attempts).toBe(26)
    })
  },
)
