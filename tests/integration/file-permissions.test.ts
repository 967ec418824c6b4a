import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openLedger } from '../../electron/ledger/open-ledger.ts'
import { startCli } from '../support/run-cli.ts'
import { makeTempDir } from '../support/temp-dir.ts'

const mode = (path: string) => statSync(path).mode & 0o777
const tmp = makeTempDir()
afterAll(() => tmp.cleanup())

describe.skipIf(process.platform === 'win32')('the data folder and ledger files are private', () => {
  it('a ledger made by the CLI under PAYOUT_DESK_HOME: folder 0700, database 0600', async () => {
    const home = join(tmp.dir, 'books', 'acme')
    const run = startCli(['profile', 'list'], { env: { ...process.env, PAYOUT_DESK_HOME: home } })
    const result = await run.done
    expect(result.code, result.stderr).toBe(0)
    expect(mode(home)).toBe(0o700)
    expect(mode(join(home, 'ledger.sqlite3'))).toBe(0o600)
  })

  it('the WAL and shared-memory files of an open ledger are 0600', () => {
    const file = join(tmp.dir, 'data', 'ledger.sqlite3')
    const db = openLedger(file)
    try {
      db.prepare("INSERT INTO settings (key, value) VALUES ('probe', '1')").run()
      for (const suffix of ['', '-wal', '-shm']) expect(mode(`${file}${suffix}`), suffix).toBe(0o600)
      expect(mode(join(tmp.dir, 'data'))).toBe(0o700)
    } finally {
      db.close()
    }
  })

  it('tightens a folder and files that an older version left readable by others', () => {
    const dir = join(tmp.dir, 'old')
    mkdirSync(dir, { mode: 0o755 })
    chmodSync(dir, 0o755)
    const file = join(dir, 'ledger.sqlite3')
    openLedger(file).close()
    for (const path of [file, `${file}-wal`]) {
      writeFileSync(path, '', { flag: 'a' })
      chmodSync(path, 0o644)
    }
    const db = openLedger(file)
    try {
      expect(mode(dir)).toBe(0o700)
      expect(mode(file)).toBe(0o600)
      expect(mode(`${file}-wal`)).toBe(0o600)
    } finally {
      db.close()
    }
  })
})
