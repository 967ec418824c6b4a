// `payout-desk attention` and `resolve`: the attention queue from a terminal, same rules as the window.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../../electron/sandbox/server.ts'
import { inDoubtVexoraPayout } from '../support/engine-harness.ts'
import { runCli } from '../support/run-cli.ts'
import { makeTempDir } from '../support/temp-dir.ts'

let sandbox: Sandbox
const tmp = makeTempDir('payout-desk-cli-attention-')
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
/** The version `attention` shows, which every decision carries. */
const shownVersion = async () =>
  String((JSON.parse((await cli('attention', '--json')).stdout) as { version: number }[])[0]?.version)

describe('payout-desk attention / resolve', { timeout: 90_000 }, () => {
  it('lists what needs a decision, as JSON with the actions resolve takes, and in words', async () => {
    const json = await cli('attention', '--json')
    expect(json.code, json.stderr).toBe(0)
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({
        reference,
        profile: 'Vexora sandbox (Indonesia)',
        status: 'in-doubt',
        reason: 'in_doubt',
        message: expect.stringMatching(/never gave a clear answer/) as unknown,
        actions: ['ask', 'resend', 'not-sent', 'paid'],
      }),
    ])
    const text = await cli('attention')
    expect(text.stdout).toContain(`payout-desk resolve ${reference} --action ask|resend|not-sent|paid`)
    expect(text.stdout).toContain('test money')
    expect(text.stdout).toMatch(/1 payout needs your decision/)
  })

  it('refuses wrong calls (2) and unconfirmed or unavailable decisions (1), changing nothing', async () => {
    expect((await cli('resolve', reference, '--action', 'shrug')).code).toBe(2)
    expect((await cli('resolve', '--action', 'ask')).code).toBe(2)
    const version = await shownVersion()
    const unconfirmed = await cli(
      'resolve',
      reference,
      '--action',
      'not-sent',
      '--version',
      version,
      '--note',
      'x',
    )
    expect(unconfirmed.code).toBe(1)
    expect(unconfirmed.stderr).toMatch(/--yes/)
    const unavailable = await cli(
      'resolve',
      reference,
      '--action',
      'keep-gateway',
      '--yes',
      '--version',
      version,
      '--note',
      'x',
    )
    expect(unavailable.code).toBe(1)
    expect(unavailable.stderr).toMatch(/not available/)
    expect(JSON.parse((await cli('attention', '--json')).stdout)).toHaveLength(1)
  })

  it('carries out a decision with its note, after which the payout no longer waits', async () => {
    const done = await cli(
      'resolve',
      reference,
      '--action',
      'not-sent',
      '--yes',
      '--version',
      await shownVersion(),
      '--note',
      'Vexora: never received',
    )
    expect(done.code, done.stderr).toBe(0)
    expect(done.stdout).toMatch(new RegExp(`${reference} is now cancelled`))
    expect(JSON.parse((await cli('attention', '--json')).stdout)).toEqual([])
    const again = await cli(
      'resolve',
      reference,
      '--action',
      'paid',
      '--yes',
      '--version',
      '1',
      '--note',
      'x',
    )
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/does not need a decision/)
    const listed = JSON.parse((await cli('list', '--json')).stdout) as { reference: string; status: string }[]
    expect(listed.find((p) => p.reference === reference)?.status).toBe('cancelled')
  })
})
