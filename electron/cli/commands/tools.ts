import { readFileSync } from 'node:fs'
import { LOOPBACK_ONLY_MESSAGE, isLoopbackHost } from '../../../shared/domain/loopback.ts'
import { parseFlatJsonAsText } from '../../providers/gateway-json.ts'
import { parsePrivateKey, signParam } from '../../providers/bluepay/sign.ts'
import { canonicalString, vexoraSign } from '../../providers/vexora/sign.ts'
import { startCallbackListener } from '../../payouts/callback-listener.ts'
import { AppError } from '../../errors.ts'
import { runStandaloneSandbox } from '../../sandbox/run-standalone.ts'
import {
  clearSandboxAddress,
  readSandboxAddress,
  writeSandboxAddress,
} from '../../sandbox/sandbox-address.ts'
import type { Services } from '../../services/create-services.ts'
import { UsageError, defaultDataDir, localTime, portArg, profileByName, type CliIo } from '../cli-context.ts'

export interface ToolArgs {
  provider?: string
  'secret-stdin'?: boolean
  'private-key-file'?: string
  profile?: string
  host?: string
  port?: string
  'settle-ms'?: string
  'bluepay-notify-url'?: string
  'data-dir'?: string
  'behind-proxy'?: boolean
}

const waitForSignal = () =>
  new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve())
    process.once('SIGTERM', () => resolve())
  })

/** For support: shows exactly what is signed, with the secret itself never printed. */
export async function signCommand(args: ToolArgs, io: CliIo): Promise<number> {
  const input = await io.stdin()
  if (args.provider === 'vexora') {
    if (!args['secret-stdin']) throw new UsageError('sign --provider vexora needs --secret-stdin')
    const text = input.toString('utf8')
    const newline = text.indexOf('\n')
    const secret = (newline < 0 ? text : text.slice(0, newline)).replace(/\r$/, '')
    const fields = parseFlatJsonAsText(newline < 0 ? '' : text.slice(newline + 1))
    if (!secret || !fields) throw new UsageError('stdin: the secret on the first line, then a flat JSON body')
    io.out(`sign: ${vexoraSign(fields, secret)}\nstring: ${canonicalString(fields)}<secret>\n`)
    return 0
  }
  if (args.provider === 'bluepay') {
    if (!args['private-key-file']) throw new UsageError('sign --provider bluepay needs --private-key-file F')
    let pem: string
    try {
      pem = readFileSync(args['private-key-file'], 'utf8')
    } catch {
      throw new UsageError(`cannot read ${args['private-key-file']}`)
    }
    io.out(`${signParam(input.toString('utf8'), parsePrivateKey(pem))}\n`)
    return 0
  }
  throw new UsageError('sign --provider vexora|bluepay')
}

/** A whole number of milliseconds for --settle-ms. */
function msArg(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (!/^\d{1,7}$/.test(value))
    throw new UsageError(`--settle-ms takes a number of milliseconds, not "${value}"`)
  return Number(value)
}

export async function sandboxCommand(args: ToolArgs, io: CliIo): Promise<number> {
  if (args.provider && args.provider !== 'vexora' && args.provider !== 'bluepay')
    throw new UsageError('--provider vexora|bluepay')
  const dataDir = args['data-dir'] ?? defaultDataDir()
  const running = readSandboxAddress(dataDir)
  if (running)
    throw new AppError('CONFLICT', {
      key: 'sandboxRunning',
      params: { pid: running.pid, since: localTime(running.startedAt) },
    })
  const port = portArg(args.port, 4010)
  let sandbox
  try {
    sandbox = await runStandaloneSandbox(
      {
        host: args.host ?? '127.0.0.1',
        port,
        settleAfterMs: msArg(args['settle-ms'], 3_000),
        bluepayNotifyUrl: args['bluepay-notify-url'] ?? null,
        provider: args.provider as 'vexora' | 'bluepay' | undefined,
      },
      io.out,
    )
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new AppError('CONFLICT', { key: 'portTaken', params: { port } })
    throw error
  }
  writeSandboxAddress(dataDir, sandbox.url)
  try {
    await waitForSignal()
  } finally {
    clearSandboxAddress(dataDir)
    await sandbox.close()
  }
  return 0
}

/** The callback listener in the foreground, until Ctrl-C. */
export async function listenCommand(services: Services, args: ToolArgs, io: CliIo): Promise<number> {
  const profile = profileByName(services, args.profile)
  if (args.host !== undefined && !isLoopbackHost(args.host)) throw new UsageError(LOOPBACK_ONLY_MESSAGE)
  const listener = await startCallbackListener({
    engine: services.engine,
    host: args.host,
    port: portArg(args.port, 0),
    trustForwardedFor: args['behind-proxy'] === true,
  })
  io.out(
    `Listening for "${profile.name}" callbacks at ${listener.url}/${profile.id}\nPress Ctrl-C to stop.\n`,
  )
  await waitForSignal()
  await listener.close()
  return 0
}
