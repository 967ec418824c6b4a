import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'

export const CLI = join(import.meta.dirname, '../../electron/cli/payout-desk.ts')

export interface CliResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Runs `payout-desk` as a child process under plain Node, as a script or scheduler would. */
export function startCli(args: string[], options: { input?: string | Buffer; env?: NodeJS.ProcessEnv } = {}) {
  const child: ChildProcess = spawn(process.execPath, [CLI, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  })
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
  child.stdin?.end(options.input ?? '')
  const done = new Promise<CliResult>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  )
  return { child, done, stdout: () => stdout, stderr: () => stderr }
}

export const runCli = (args: string[], input?: string | Buffer, env?: Record<string, string>) =>
  startCli(args, { input, env }).done

/**
 * `payout-desk profile add` for a sandbox-money Vexora profile at `baseUrl`, its secret in the keychain:
 * a profile whose payouts really could be sent there.
 */
export async function addVexoraProfile(dataDir: string, name: string, baseUrl: string): Promise<void> {
  const added = await runCli(
    [
      'profile',
      'add',
      '--name',
      name,
      '--provider',
      'vexora',
      '--base-url',
      baseUrl,
      '--merchant-no',
      '42',
      '--notify-url',
      'http://127.0.0.1:9/none',
      '--secret-stdin',
      '--data-dir',
      dataDir,
    ],
    'the-app-secret\n',
  )
  if (added.code !== 0) throw new Error(`profile add ${name}: ${added.stderr}`)
}
