#!/usr/bin/env node
// payout-desk: the app's services without the window (plain Node 24). Exit 0 done, 1 the work failed,
// 2 the command was called wrongly; errors are one line on stderr.
import { createInterface } from 'node:readline/promises'
import { AppError } from '../errors.ts'
import { createRedactor } from '../secrets/redactor.ts'
import type { Services } from '../services/create-services.ts'
import { UsageError, defaultDataDir, openServices, type CliIo } from './cli-context.ts'
import { commandHelp, commandWords, findCommand, overviewHelp, parseCommand } from './command-spec.ts'
import { COMMANDS } from './command-table.ts'

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

async function run(argv: string[]): Promise<number> {
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
      throw new UsageError(`${words[0]} takes ${group.map((c) => c.name.split(' ')[1]).join(' | ')}`)
    }
    if (words.length === 0) {
      io.out(overviewHelp(COMMANDS))
      return wantsHelp ? 0 : 2
    }
    throw new UsageError(`there is no command "${words[0]}"; \`payout-desk --help\` lists the commands`)
  }
  const { args, positionals, help } = parseCommand(spec, argv)
  if (help) {
    io.out(commandHelp(spec))
    return 0
  }
  if (!spec.ledger) return spec.run({ args, positionals, io })

  // Errors that escape a command but concern a single payout go to stderr, one line each. Those from
  // opening wait until it is done: the services' redactor then knows the secrets recovery revealed.
  const waiting: string[] = []
  let opened = false
  const log = (where: string, error: unknown) => {
    const line = `${where}: ${error instanceof Error ? error.message : String(error)}\n`
    if (opened) printError(line)
    else waiting.push(line)
  }
  let services: Services
  try {
    services = await openServices(
      (args['data-dir'] as string | undefined) ?? defaultDataDir(),
      args['sandbox-url'] as string | undefined,
      log,
    )
    redactor = services.redactor
  } finally {
    opened = true
    for (const line of waiting) printError(line)
  }
  try {
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
        ? error.message
        : `unexpected error: ${error instanceof Error ? error.message : String(error)}`
    printError(`payout-desk: ${message}\n`)
    process.exit(1)
  },
)
