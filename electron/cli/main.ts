#!/usr/bin/env node
// payout-desk: the app's services without the window (plain Node 24). Exit 0 done, 1 the work failed,
// 2 the command was called wrongly; errors are one line on stderr.
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline/promises'
import { AppError } from '../errors.ts'
import { createRedactor } from '../secrets/redactor.ts'
import type { Services } from '../services/create-services.ts'
import { fullBatchId } from './batch-names.ts'
import { UsageError, defaultDataDir, openServices, terminalWords, type CliIo } from './cli-context.ts'
import { commandHelp, commandWords, findCommand, overviewHelp, parseCommand } from './command-spec.ts'
import { COMMANDS } from './command-table.ts'
import { didYouMean } from './did-you-mean.ts'

// Errors reach stderr the way they reach the app's log: without secrets, signatures or personal data.
// A command's own messages keep personal data (a changed account must be read whole), never a secret.
// Once the services are open, their redactor also knows every secret the keychain handed out.
let redactor = createRedactor()
const printError = (text: string) => process.stderr.write(redactor.redact(text))

const io: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(redactor.redactSecrets(text)),
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

// A reader that stopped early (`payout-desk list | head -1`) closed the pipe: that is not an error.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0)
    throw error
  })

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string
  }
  return `payout-desk ${pkg.version}\n`
}

async function run(argv: string[]): Promise<number> {
  if (argv[0] === '--version' || argv[0] === '-V' || argv[0] === 'version') {
    io.out(version())
    return 0
  }
  // `payout-desk help send` is `payout-desk send --help`.
  if (argv[0] === 'help') return run(argv.length > 1 ? [...argv.slice(1), '--help'] : ['--help'])
  const words = commandWords(COMMANDS, argv)
  const wantsHelp = argv.includes('--help') || argv.includes('-h')
  const spec = findCommand(COMMANDS, words)
  if (!spec) {
    // "profile" alone, or "profile bogus": the commands of that group.
    const group = COMMANDS.filter((c) => words[0] && c.name.startsWith(`${words[0]} `))
    if (group.length > 0) {
      if (wantsHelp && words.length === 1) {
        io.out(overviewHelp(group))
        return 0
      }
      const sub = group.map((c) => c.name.split(' ')[1] ?? '')
      const meant = words[1] ? didYouMean(words[1], sub) : null
      throw new UsageError(
        `${words[0]} takes ${sub.join(' | ')}${meant ? `; did you mean \`${words[0]} ${meant}\`?` : ''}`,
      )
    }
    if (words.length === 0) {
      io.out(overviewHelp(COMMANDS))
      return wantsHelp ? 0 : 2
    }
    const meant = didYouMean(words[0] ?? '', [...new Set(COMMANDS.map((c) => c.name.split(' ')[0] ?? ''))])
    throw new UsageError(
      `there is no command "${words[0]}"; ${meant ? `did you mean \`${meant}\`? ` : ''}\`payout-desk --help\` lists the commands`,
    )
  }
  const { args, positionals, help } = parseCommand(spec, argv)
  if (help) {
    io.out(commandHelp(spec))
    return 0
  }
  if (!spec.ledger) return spec.run({ args, positionals, io })

  // Errors that escape a command but concern a single payout go to stderr, one line each, once. Those
  // from opening wait until it is done: the services' redactor then knows the secrets recovery revealed.
  const waiting: string[] = []
  const said = new Set<string>()
  let opened = false
  const log = (where: string, error: unknown) => {
    const line = `${where}: ${error instanceof AppError ? terminalWords(error.text) : error instanceof Error ? error.message : String(error)}\n`
    if (said.has(line)) return
    said.add(line)
    if (opened) printError(line)
    else waiting.push(line)
  }
  const gateway = typeof spec.gateway === 'function' ? spec.gateway(args) : spec.gateway === true
  let services: Services
  try {
    services = await openServices(
      (args['data-dir'] as string | undefined) ?? defaultDataDir(),
      args['sandbox-url'] as string | undefined,
      log,
      gateway,
    )
    redactor = services.redactor
  } finally {
    opened = true
    for (const line of waiting) printError(line)
  }
  try {
    // A batch may be named by the start of its id wherever a command takes one.
    if (typeof args.batch === 'string') args.batch = fullBatchId(services, args.batch)
    if (spec.positionals?.usage === 'BATCH' && positionals[0] !== undefined)
      positionals[0] = fullBatchId(services, positionals[0])
    return await spec.run(services, { args, positionals, io })
  } finally {
    await services.close()
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      printError(`payout-desk: ${error.message}\n`)
      process.exit(2)
    }
    const message =
      error instanceof AppError
        ? terminalWords(error.text)
        : `unexpected error: ${error instanceof Error ? error.message : String(error)}`
    printError(`payout-desk: ${message}\n`)
    process.exit(1)
  },
)
