// electron/actions/decide.ts at the command line: a decision carries the version seen, and a note.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../../electron/sandbox/server.ts'
import { inDoubtVexoraPayout } from '../support/engine-harness.ts'
import { runCli } from '../support/run-cli.ts'
import { makeTempDir } from '../support/temp-dir.ts'

let sandbox: Sandbox
const tmp = makeTempDir('payout-desk-decide-')
let reference = ''

beforeAll(async () => {
  sandbox = await startSandbox({ settleAfterMs: 100 })
  reference = await inDoubtVexoraPayout(tmp.dir, sandbox)
})
afterAll(async () => {
  await sandbox.close()
  tmp.cleanup()
})

const cli = (...args: string[]) => runCli(['--data-dir', tmp.dir, '--sandbox-url', sandbox.url, ...args])
const status = async () =>
  (JSON.parse((await cli('list', '--json')).stdout) as { reference: string; status: string }[]).find(
    (p) => p.reference === reference,
  )?.status

describe('payout-desk resolve', { timeout: 120_000 }, () => {
  it('attention prints the version to decide on, in words and as JSON', async () => {
    const [item] = JSON.parse((await cli('attention', '--json')).stdout) as { version: number }[]
    expect(item?.version).toEqual(expect.any(Number))
    const text = await cli('attention')
    expect(text.stdout).toContain(`version: ${item?.version}`)
    expect(text.stdout).toContain(`--version ${item?.version} --note TEXT`)
  })

  it('refuses an irreversible decision without a note, and one on a version the person did not see', async () => {
    const [item] = JSON.parse((await cli('attention', '--json')).stdout) as { version: number }[]
    const version = String(item?.version)
    const bare = await cli('resolve', reference, '--action', 'not-sent', '--yes', '--version', version)
    expect(bare.code).toBe(1)
    expect(bare.stderr).toMatch(/add --note saying what you checked/)
    const stale = await cli(
      'resolve',
      reference,
      '--action',
      'not-sent',
      '--yes',
      '--version',
      String(Number(version) - 1),
      '--note',
      'Vexora: never received',
    )
    expect(stale.code).toBe(1)
    expect(stale.stderr).toMatch(/changed since you looked at it/)
    expect(await status()).toBe('in-doubt')
    // With both, it is carried out.
    const done = await cli(
      'resolve',
      reference,
      '--action',
      'not-sent',
      '--yes',
      '--version',
      version,
      '--note',
      'Vexora: never received',
    )
    expect(done.code, done.stderr).toBe(0)
    expect(await status()).toBe('cancelled')
  })
})
