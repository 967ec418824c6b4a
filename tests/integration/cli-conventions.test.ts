import { spawn } from 'node:child_process'
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openLedger } from '../../electron/ledger/open-ledger.ts'
import { insertPayout } from '../../electron/ledger/payouts-repo.ts'
import { addSandboxProfile, vexoraPayout } from '../support/ledger-fixtures.ts'
import { eventually } from '../support/eventually.ts'
import { CLI, runCli, startCli } from '../support/run-cli.ts'
import { makeTempDir } from '../support/temp-dir.ts'

// What people expect of any command line: a version, help by name, a guess at a typo, a quiet end when
// the reader stops early, and a sandbox the other commands find without its token on their command line.
const tmp = makeTempDir('payout-desk-cli-conventions-')
afterAll(() => tmp.cleanup())
const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as {
  version: string
}

describe('payout-desk conventions', { timeout: 90_000 }, () => {
  it('prints its version and exits 0', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await runCli([flag])
      expect(r.code, r.stderr).toBe(0)
      expect(r.stdout).toBe(`payout-desk ${pkg.version}\n`)
    }
  })

  it('shows one command with `help COMMAND`, as `COMMAND --help` does', async () => {
    const byName = await runCli(['help', 'send'])
    const byFlag = await runCli(['send', '--help'])
    expect(byName.code).toBe(0)
    expect(byName.stdout).toBe(byFlag.stdout)
    expect(byName.stdout).toMatch(/^usage: payout-desk send/)
    const overview = await runCli(['help'])
    expect(overview.code).toBe(0)
    expect(overview.stdout).toMatch(/commands:/)
  })

  it('guesses what a mistyped command or option meant', async () => {
    const command = await runCli(['sned'])
    expect(command.code).toBe(2)
    expect(command.stderr).toMatch(/no command "sned"; did you mean `send`\?/)
    const option = await runCli(['list', '--stauts', 'queued', '--data-dir', join(tmp.dir, 'typo')])
    expect(option.code).toBe(2)
    expect(option.stderr).toMatch(/does not take --stauts; did you mean --status\?/)
    const sub = await runCli(['profile', 'lsit'])
    expect(sub.stderr).toMatch(/did you mean `profile list`\?/)
    // Nothing close: no guess.
    expect((await runCli(['zzzzzz'])).stderr).not.toMatch(/did you mean/)
  })

  it('ends quietly when the reader closes the pipe early', async () => {
    const dataDir = join(tmp.dir, 'pipe')
    const db = openLedger(join(dataDir, 'ledger.sqlite3'))
    const profile = addSandboxProfile(db)
    for (let n = 0; n < 3_000; n++) insertPayout(db, vexoraPayout(profile, n))
    db.close()
    // As `payout-desk list | head -1`: the reader takes one chunk and goes away.
    const child = spawn(process.execPath, [CLI, 'list', '--data-dir', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.stdout.once('data', () => child.stdout.destroy())
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)))
    expect(stderr).toBe('')
    expect(code).toBe(0)
  })

  it('records where its sandbox listens, for the other commands of the same data folder only', async () => {
    const home = join(tmp.dir, 'sandbox-home')
    const env = { PAYOUT_DESK_HOME: home, PAYOUT_DESK_SANDBOX_URL: '' }
    const sandbox = startCli(['sandbox', '--port', '0', '--settle-ms', '0'], { env })
    const record = join(home, 'sandbox.json')
    await eventually(() => expect(existsSync(record)).toBe(true), 30_000, 50)
    if (process.platform !== 'win32') expect(statSync(record).mode & 0o777).toBe(0o600)

    // No flag, no token on the command line: the built-in sandbox profile finds it.
    const balance = await runCli(['balance', '--profile', 'Vexora sandbox (Indonesia)'], undefined, env)
    expect(balance.code, balance.stderr).toBe(0)
    expect(balance.stdout).toMatch(/IDR .* available/)

    // A second one says where the first runs instead of a raw EADDRINUSE.
    const second = await runCli(['sandbox', '--port', '0'], undefined, env)
    expect(second.code).toBe(1)
    expect(second.stderr).toMatch(/already running for this data folder/)
    expect(existsSync(record)).toBe(true)

    sandbox.child.kill('SIGINT')
    expect((await sandbox.done).code).toBe(0)
    expect(existsSync(record)).toBe(false)

    // Gone: the command says how to start one, and never suggests a token on the command line.
    const after = await runCli(['balance', '--profile', 'Vexora sandbox (Indonesia)'], undefined, env)
    expect(after.code).toBe(1)
    expect(after.stderr).toMatch(/payout-desk sandbox/)
    expect(after.stderr).not.toMatch(/--sandbox-url/)
  })

  it('says a taken port is taken, in one line', async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()))
    const port = (blocker.address() as { port: number }).port
    const env = { PAYOUT_DESK_HOME: join(tmp.dir, 'taken') }
    const r = await runCli(['sandbox', '--port', String(port)], undefined, env)
    blocker.close()
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(
      `payout-desk: Port ${port} is taken by another program. Choose another with --port.\n`,
    )
  })

  it('takes --help through `npm run sandbox` without a stack trace', async () => {
    const r = await runCli(['sandbox', '--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/--settle-ms/)
    expect(r.stdout).toMatch(/--bluepay-notify-url/)
    const scripts = (
      JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as {
        scripts: Record<string, string>
      }
    ).scripts
    expect(scripts.sandbox).toBe('node electron/cli/payout-desk.ts sandbox')
  })

  it('lists with a header row, one status vocabulary, a search, a date range and a limit', async () => {
    const dataDir = join(tmp.dir, 'listing')
    const db = openLedger(join(dataDir, 'ledger.sqlite3'))
    const profile = addSandboxProfile(db)
    const day = (d: string) => new Date(`${d}T12:00:00`).getTime()
    insertPayout(
      db,
      vexoraPayout(profile, 1, { status: 'unknown', beneficiaryName: 'Budi Santoso' }),
      day('2026-11-02'),
    )
    insertPayout(
      db,
      vexoraPayout(profile, 2, { status: 'draft', beneficiaryName: 'Sari Dewi' }),
      day('2026-11-03'),
    )
    insertPayout(
      db,
      vexoraPayout(profile, 3, { status: 'succeeded', beneficiaryName: 'Budi Hartono' }),
      day('2026-11-04'),
    )
    db.close()
    const list = (...args: string[]) => runCli(['list', '--data-dir', dataDir, ...args])

    const all = await list()
    expect(all.code, all.stderr).toBe(0)
    const lines = all.stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^CREATED\s+REFERENCE\s+STATUS\s+AMOUNT\s+RECIPIENT\s+PROFILE\s+LAST CHECKED$/)
    expect(all.stdout).toMatch(/T000001 +in-doubt /)
    expect(all.stdout).toMatch(/T000002 +awaiting-release /)

    // What list shows, --status takes back.
    const held = await list('--status', 'awaiting-release', '--json')
    expect(
      (JSON.parse(held.stdout) as { reference: string; status: string }[]).map((r) => [
        r.reference,
        r.status,
      ]),
    ).toEqual([['T000002', 'awaiting-release']])
    expect(JSON.parse((await list('--status', 'In-Doubt', '--json')).stdout)).toHaveLength(1)

    const budi = JSON.parse((await list('--search', 'budi', '--json')).stdout) as { reference: string }[]
    expect(budi.map((r) => r.reference)).toEqual(['T000003', 'T000001'])
    const ranged = JSON.parse(
      (await list('--from', '2026-11-03', '--to', '2026-11-03', '--json')).stdout,
    ) as {
      reference: string
    }[]
    expect(ranged.map((r) => r.reference)).toEqual(['T000002'])
    const newest = JSON.parse((await list('--limit', '2', '--json')).stdout) as { reference: string }[]
    expect(newest.map((r) => r.reference)).toEqual(['T000003', 'T000002'])

    const badDate = await list('--from', '2026-02-31')
    expect(badDate.code).toBe(2)
    expect(badDate.stderr).toMatch(/--from takes a date like 2026-12-01/)
  })

  it('shows one payout with its fields and timeline, by reference', async () => {
    const dataDir = join(tmp.dir, 'show')
    const db = openLedger(join(dataDir, 'ledger.sqlite3'))
    const profile = addSandboxProfile(db)
    insertPayout(db, vexoraPayout(profile, 7, { status: 'unknown', beneficiaryName: 'Rina' }))
    db.close()
    const shown = await runCli(['show', 'T000007', '--data-dir', dataDir])
    expect(shown.code, shown.stderr).toBe(0)
    expect(shown.stdout).toMatch(/^Payout T000007\n/)
    expect(shown.stdout).toMatch(/Status +in-doubt/)
    expect(shown.stdout).toMatch(/Recipient +Rina/)
    expect(shown.stdout).toMatch(/Fields\n +bankCode +0002/)
    expect(shown.stdout).toMatch(/Timeline\n/)
    // Never the ledger's internal ids.
    expect(shown.stdout).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/)
    const json = JSON.parse((await runCli(['show', 'T000007', '--json', '--data-dir', dataDir])).stdout) as {
      status: string
      fields: Record<string, string>
      events: unknown[]
    }
    expect(json.status).toBe('in-doubt')
    expect(json.fields.bankAccountNo).toBe('001007')
    expect(json.events.length).toBeGreaterThan(0)
    const missing = await runCli(['show', 'NOPE', '--data-dir', dataDir])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/No payout with reference NOPE/)
  })

  it('refuses to overwrite an export unless told to', async () => {
    const dataDir = join(tmp.dir, 'export')
    const out = join(tmp.dir, 'export.csv')
    writeFileSync(out, 'keep me')
    const refused = await runCli(['export', '--out', out, '--data-dir', dataDir])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/already exists.*--force/)
    expect(readFileSync(out, 'utf8')).toBe('keep me')
    const forced = await runCli(['export', '--out', out, '--force', '--data-dir', dataDir])
    expect(forced.code, forced.stderr).toBe(0)
    expect(readFileSync(out, 'utf8')).not.toBe('keep me')
  })

  it('names payouts by reference, once, and reports a refresh as JSON when asked', async () => {
    const dataDir = join(tmp.dir, 'refresh')
    const db = openLedger(join(dataDir, 'ledger.sqlite3'))
    const profile = addSandboxProfile(db)
    insertPayout(db, vexoraPayout(profile, 9, { status: 'processing' }))
    db.close()
    // The profile has no secret in this keychain: the check cannot be made, and says so.
    const r = await runCli(['refresh', '--all', '--json', '--data-dir', dataDir])
    expect(r.code).toBe(1)
    expect(JSON.parse(r.stdout)).toEqual({ checked: 1, unanswered: 1, notFinal: 1 })
    const lines = r.stderr.trim().split('\n')
    expect(lines.filter((l) => l.startsWith('payout T000009: '))).toHaveLength(1)
    expect(r.stderr).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/)
  })
})
