import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/run-cli.ts'
import { makeTempDir } from '../support/temp-dir.ts'

// How the CLI answers the way it is called: no gateway, no secret, a fresh ledger of its own.
const tmp = makeTempDir('payout-desk-cli-args-')
const data = ['--data-dir', join(tmp.dir, 'data')]
afterAll(() => tmp.cleanup())

// A production Vexora profile needs a public callback URL; these tests are about other options.
const add = (name: string, ...rest: string[]) =>
  runCli([
    ...data,
    'profile',
    'add',
    '--name',
    name,
    '--provider',
    'vexora',
    '--merchant-no',
    '42',
    ...(rest.some((r) => r.startsWith('https://')) && !rest.includes('--notify-url')
      ? ['--notify-url', 'https://hooks.example/vexora']
      : []),
    ...rest,
  ])
const profiles = async () =>
  JSON.parse((await runCli([...data, 'profile', 'list', '--json'])).stdout) as {
    name: string
    area: string
    environment: string
    notifyUrl: string | null
  }[]
const profile = async (name: string) => (await profiles()).find((p) => p.name === name)

/** Exit 2, one plain line on stderr: no zod, no stack, no "TypeError". */
function expectUsageError(r: { code: number | null; stderr: string }, pattern: RegExp) {
  expect(r.code, r.stderr).toBe(2)
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1)
  expect(r.stderr).toMatch(pattern)
  expect(r.stderr).not.toMatch(/✖|→ at|expected string|ZodError|Error:|Too big|Invalid/)
}

// Each test runs several CLI processes one after another; a busy machine needs the time.
describe('payout-desk arguments', { timeout: 90_000 }, () => {
  it('takes areas in any case, or by country name, and lists them when one is wrong', async () => {
    const lower = await add('Lower', '--base-url', 'https://gw.example/api', '--area', 'id')
    expect(lower.code, lower.stderr).toBe(0)
    expect((await profile('Lower'))?.area).toBe('ID')
    const named = await add('Named', '--base-url', 'https://gw.example/api', '--area', 'Thailand')
    expect(named.code, named.stderr).toBe(0)
    expect((await profile('Named'))?.area).toBe('TH')
    expectUsageError(
      await add('Wrong', '--base-url', 'https://gw.example/api', '--area', 'indonesiaa'),
      /--area takes ID \(Indonesia\), TH \(Thailand\)/,
    )
    expectUsageError(
      await runCli([
        ...data,
        'profile',
        'add',
        '--name',
        'B',
        '--provider',
        'bluepay',
        '--app-id',
        'A',
        '--base-url',
        'https://bp.example',
        '--area',
        'ID',
      ]),
      /BluePay Asia pays out in Thailand only/,
    )
  })

  it('answers every other mistake in the arguments with a sentence that names the option', async () => {
    const vexora = ['profile', 'add', '--provider', 'vexora', '--merchant-no', '42']
    const cases: [string[], RegExp][] = [
      [
        [...vexora, '--name', 'x'.repeat(61), '--base-url', 'https://gw.example/id'],
        /--name is too long: at most 60/,
      ],
      [
        [...vexora, '--name', 'Bad URL', '--base-url', 'gw.example/id', '--area', 'ID'],
        /--base-url must be a web address/,
      ],
      [
        [...vexora, '--name', 'Plain', '--base-url', 'http://gw.example/id', '--environment', 'production'],
        /--base-url: a production gateway address must start with https:\/\//,
      ],
      [
        [...vexora, '--name', 'Env', '--base-url', 'https://gw.example/id', '--environment', 'live'],
        /--environment takes sandbox, production/,
      ],
      [
        ['profile', 'add', '--name', 'NoMid', '--provider', 'vexora', '--base-url', 'https://gw.example/id'],
        /--merchant-no is required/,
      ],
      [
        ['profile', 'add', '--name', 'P', '--provider', 'paypal'],
        /--provider takes vexora \(Vexora\), bluepay \(BluePay Asia\)/,
      ],
      [['list', '--status', 'done'], /--status takes awaiting-release, queued, sending/],
      [['list', '--wat'], /list does not take --wat; `payout-desk list --help`/],
      [['list', '--profile'], /--profile needs a value \(NAME\)/],
      [['send', '--profile', 'Lower'], /send needs --file FILE/],
      [['profile', 'frobnicate'], /profile takes add \| edit \| list \| remove/],
      [['profile', 'remove'], /profile remove needs NAME/],
      [['resume'], /resume needs BATCH or --all/],
    ]
    // Each is refused before the ledger is touched, so they can run side by side.
    const results = await Promise.all(cases.map(([args]) => runCli([...data, ...args])))
    results.forEach((r, i) => expectUsageError(r, cases[i]?.[1] ?? /never/))
    expectUsageError(await runCli(['sandbox', '--port', 'abc']), /--port takes 0 to 65535, not "abc"/)
    expect(await profile('Plain')).toBeUndefined()
  })

  it("prints one command's options, their allowed values and defaults for COMMAND --help", async () => {
    const send = await runCli(['send', '--help'])
    expect(send.code).toBe(0)
    expect(send.stdout).toMatch(/^usage: payout-desk send --profile NAME --file FILE \[options\]/)
    expect(send.stdout).toMatch(/--concurrency K +payouts in flight at once, 1 to 32 \(default: 4\)/)
    expect(send.stdout).not.toContain('--merchant-no')
    const add = await runCli(['profile', 'add', '--help'])
    expect(add.stdout).toMatch(
      /--environment E .*one of sandbox, production; default: production when --base-url starts with https:\/\/, else sandbox/,
    )
    expect(add.stdout).toMatch(/--area A .*one of ID \(Indonesia\), TH \(Thailand\)/)
    expect(add.stdout).toMatch(/--data-dir DIR .*default: the app's data folder/)
    const group = await runCli(['profile', '--help'])
    expect(group.stdout).toMatch(/profile add .*\n.*profile edit/)
    expect((await runCli(['--help'])).stdout).toMatch(/cancel +Cancels payouts that never left this computer/)
  })

  it('reads the area from a Vexora base URL, refuses one that contradicts it, and never guesses', async () => {
    const th = await add('From URL', '--base-url', 'http://127.0.0.1:4010/vexora/th')
    expect(th.code, th.stderr).toBe(0)
    expect(th.stdout).toContain('Thailand TH')
    expect((await profile('From URL'))?.area).toBe('TH')
    expect((await add('Country', '--base-url', 'https://sandbox-api.gw.example/indonesia')).code).toBe(0)
    expect((await profile('Country'))?.area).toBe('ID')
    expectUsageError(
      await add('Contradiction', '--base-url', 'http://127.0.0.1:4010/vexora/th', '--area', 'ID'),
      /--area ID \(Indonesia\) does not match the base URL, which ends in \/th \(Thailand\)/,
    )
    expectUsageError(
      await add('Silent', '--base-url', 'https://gw.example/api'),
      /names none: add --area ID \(Indonesia\) or --area TH \(Thailand\)/,
    )
    expect((await profiles()).map((p) => p.name)).not.toEqual(
      expect.arrayContaining(['Contradiction', 'Silent']),
    )
  })

  it('edits a profile: what is not named stays, a contradiction is refused, built-in sandboxes are left alone', async () => {
    expect((await add('Editable', '--base-url', 'https://gw.example/id')).code).toBe(0)
    const edited = await runCli([
      ...data,
      'profile',
      'edit',
      'Editable',
      '--notify-url',
      'https://hooks.example/vexora',
    ])
    expect(edited.code, edited.stderr).toBe(0)
    expect(await profile('Editable')).toMatchObject({
      area: 'ID',
      environment: 'production',
      notifyUrl: 'https://hooks.example/vexora',
    })
    const renamed = await runCli([
      ...data,
      'profile',
      'edit',
      'Editable',
      '--name',
      'Edited',
      '--environment',
      'sandbox',
      '--no-notify-url',
    ])
    expect(renamed.code, renamed.stderr).toBe(0)
    expect(renamed.stderr).toMatch(/profile edit "Edited" --notify-url URL/)
    expect(await profile('Edited')).toMatchObject({ area: 'ID', environment: 'sandbox', notifyUrl: null })
    expectUsageError(
      await runCli([...data, 'profile', 'edit', 'Edited', '--provider', 'bluepay']),
      /profile edit does not take --provider/,
    )
    const builtin = await runCli([...data, 'profile', 'edit', 'Vexora sandbox (Indonesia)', '--name', 'Mine'])
    expect(builtin.code).toBe(1)
    expect(builtin.stderr).toMatch(/built-in sandbox profiles cannot be changed/)
    expect((await runCli([...data, 'profile', 'edit', 'Nobody', '--name', 'X'])).stderr).toMatch(
      /No profile named "Nobody"/,
    )
  })
})
