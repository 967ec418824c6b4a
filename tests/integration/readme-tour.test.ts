import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { eventually } from '../support/eventually.ts'
import { CLI } from '../support/run-cli.ts'
import { makeTempDir } from '../support/temp-dir.ts'

// The README's command-line tour, run exactly as a new user would type it: the README is the script.
const ROOT = join(import.meta.dirname, '../..')
const tmp = makeTempDir('payout-desk-readme-tour-')
afterAll(() => tmp.cleanup())

/** The shell code blocks of one README section, each as its command lines. */
function tourBlocks(): string[][] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const start = readme.indexOf('### At the command line')
  const end = readme.indexOf('\n## ', start)
  const section = readme.slice(start, end)
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) =>
    (m[1] ?? '')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== ''),
  )
}

/** Splits a command line as a POSIX shell would for these lines: words, and "double-quoted words". */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '')
}

function cliArgs(line: string): string[] {
  const [npx, command, ...rest] = words(line)
  expect([npx, command], line).toEqual(['npx', 'payout-desk'])
  return rest
}

const env = () => ({ ...process.env, PAYOUT_DESK_HOME: join(tmp.dir, 'home'), PAYOUT_DESK_SANDBOX_URL: '' })

function run(args: string[]) {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: env(),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  )
  return { child, done, stdout: () => stdout }
}

describe('the README tour at the command line', { timeout: 240_000 }, () => {
  it('runs as written, each command succeeding in plain words', async () => {
    const [sandboxBlock, tour] = tourBlocks()
    expect(sandboxBlock).toEqual(['npx payout-desk sandbox'])
    expect(tour?.length).toBeGreaterThan(3)
    // Any free port instead of 4010: another test run on this machine may hold that one.
    const sandbox = run([...cliArgs(sandboxBlock?.[0] ?? ''), '--port', '0'])
    try {
      await eventually(() => expect(existsSync(join(tmp.dir, 'home', 'sandbox.json'))).toBe(true), 30_000, 50)
      for (const line of tour ?? []) {
        const r = await run(cliArgs(line)).done
        expect(r.code, `${line}\n${r.stdout}${r.stderr}`).toBe(0)
        const said = r.stdout + r.stderr
        // No stack trace and no developer's wording. (Batches are still named by their id.)
        expect(said, line).not.toMatch(/\bat \S+ \(|Error:|undefined|\[object /)
      }
    } finally {
      sandbox.child.kill('SIGINT')
      await sandbox.done
    }
  })
})
