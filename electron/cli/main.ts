#!/usr/bin/env node
// payout-desk: the app's services without the window (plain Node 24). Exit 0 done, 1 the work failed,
// 2 the command was called wrongly; errors are one line on stderr.
import { createInterface } from 'node:readline/promises'
import { parseArgs } from 'node:util'
import { AppError } from '../errors.ts'
import type { Services } from '../services/create-services.ts'
import { UsageError, defaultDataDir, openServices, type CliIo } from './cli-context.ts'
import { attentionCommand, resolveCommand } from './commands/attention.ts'
import { recipientsCommand, releaseCommand } from './commands/recipients.ts'
import { balanceCommand, exportCommand, listCommand, refreshCommand } from './commands/ledger.ts'
import { profileCommand } from './commands/profile.ts'
import { resumeCommand, sendCommand } from './commands/send.ts'
import { listenCommand, sandboxCommand, signCommand } from './commands/tools.ts'

const USAGE = `usage: payout-desk <command> [options]   (all take --data-dir DIR; default: the app's data folder)
  profile add --name N --provider vexora|bluepay --base-url URL [--area A] [--environment sandbox|production]
              [--merchant-no M] [--app-id ID] [--notify-url U] [--secret-stdin] [--private-key-file F]
              [--gateway-public-key-file F]
  profile list [--json]            profile remove NAME
  sandbox [--provider vexora|bluepay] [--port P]
  send --profile N --file F.csv [--yes] [--concurrency K] [--skip-invalid] [--allow-duplicate-file]
       [--accept-account-changes]
  resume BATCH | --all             refresh [--profile N] [--id REF | --batch B | --all]
  list [--profile N] [--status S] [--batch B] [--json]
  export --out F.csv [--profile N] [--status S] [--batch B]
  balance --profile N [--json]     listen --profile N [--host H] [--port P]
  attention [--profile N] [--json]  the payouts that need your decision, and why
  recipients list [--profile N] [--json]
  profile limits NAME [--per-payout AMOUNT|none] [--per-day AMOUNT|none] --passphrase-stdin
  release BATCH | --all [--profile N] --passphrase-stdin   sends what waits for the owner's release
  resolve REF --action ask|resend|not-sent|paid|keep-gateway|keep-ledger [--note TEXT] [--gateway-id ID]
              [--yes] [--profile N]
  sign --provider vexora --secret-stdin | sign --provider bluepay --private-key-file F
  --sandbox-url URL points the built-in sandbox profiles at a running \`payout-desk sandbox\`.`

const OPTIONS = {
  'data-dir': { type: 'string' },
  'sandbox-url': { type: 'string' },
  name: { type: 'string' },
  provider: { type: 'string' },
  'base-url': { type: 'string' },
  area: { type: 'string' },
  environment: { type: 'string' },
  'merchant-no': { type: 'string' },
  'app-id': { type: 'string' },
  'notify-url': { type: 'string' },
  'secret-stdin': { type: 'boolean' },
  'private-key-file': { type: 'string' },
  'gateway-public-key-file': { type: 'string' },
  profile: { type: 'string' },
  file: { type: 'string' },
  yes: { type: 'boolean' },
  concurrency: { type: 'string' },
  'skip-invalid': { type: 'boolean' },
  'allow-duplicate-file': { type: 'boolean' },
  all: { type: 'boolean' },
  id: { type: 'string' },
  batch: { type: 'string' },
  status: { type: 'string' },
  json: { type: 'boolean' },
  out: { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  action: { type: 'string' },
  'per-payout': { type: 'string' },
  'per-day': { type: 'string' },
  'passphrase-stdin': { type: 'boolean' },
  'accept-account-changes': { type: 'boolean' },
  note: { type: 'string' },
  'gateway-id': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

const io: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  isTty: process.stdout.isTTY && process.stdin.isTTY,
  stdin: async () => {
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks)
  },
  ask: async (question) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout })
    try {
      return await rl.question(question)
    } finally {
      rl.close()
    }
  },
}

async function run(argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true })
  } catch (error) {
    throw new UsageError((error as Error).message.split(/\.\s/)[0] ?? 'bad arguments')
  }
  const { values: args, positionals } = parsed
  const [command, ...rest] = positionals
  if (args.help || !command) {
    io.out(`${USAGE}\n`)
    return args.help ? 0 : 2
  }
  // Commands that need no ledger.
  if (command === 'sign') return signCommand(args, io)
  if (command === 'sandbox') return sandboxCommand(args, io)
  const known = [
    'profile',
    'send',
    'resume',
    'refresh',
    'list',
    'export',
    'balance',
    'listen',
    'attention',
    'resolve',
    'recipients',
    'release',
  ]
  if (!known.includes(command)) throw new UsageError(`unknown command "${command}"`)

  // Errors that escape a command but concern a single payout go to stderr, one line each.
  const log = (where: string, error: unknown) =>
    io.err(`${where}: ${error instanceof Error ? error.message : String(error)}\n`)
  const services: Services = await openServices(
    args['data-dir'] ?? defaultDataDir(),
    args['sandbox-url'],
    log,
  )
  try {
    switch (command) {
      case 'profile':
        return await profileCommand(services, rest[0], rest.slice(1), args, io)
      case 'send':
        return await sendCommand(services, args, io)
      case 'resume':
        return await resumeCommand(services, rest, args.all === true, io)
      case 'refresh':
        return await refreshCommand(services, args, io)
      case 'list':
        return listCommand(services, args, io)
      case 'export':
        return exportCommand(services, args, io)
      case 'balance':
        return await balanceCommand(services, args, io)
      case 'attention':
        return attentionCommand(services, args, io)
      case 'resolve':
        return await resolveCommand(services, rest[0], args, io)
      case 'recipients':
        return recipientsCommand(services, rest[0], args, io)
      case 'release':
        return await releaseCommand(services, rest[0], args, io)
      default:
        return await listenCommand(services, args, io)
    }
  } finally {
    await services.close()
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`payout-desk: ${error.message} (payout-desk --help shows the commands)\n`)
      process.exit(2)
    }
    const message =
      error instanceof AppError
        ? error.message
        : `unexpected error: ${error instanceof Error ? error.message : String(error)}`
    process.stderr.write(`payout-desk: ${message}\n`)
    process.exit(1)
  },
)
