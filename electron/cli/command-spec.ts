import { parseArgs } from 'node:util'
import type { Services } from '../services/create-services.ts'
import { UsageError, type CliIo } from './cli-context.ts'
import { didYouMean } from './did-you-mean.ts'

/**
 * How a `payout-desk` command is declared: its options with their help, allowed values and defaults, so
 * that parsing, the plain-language argument errors and `payout-desk COMMAND --help` come from one place.
 */

export interface Choice {
  value: string
  /** Shown beside the value in help and errors ("ID" Indonesia); also accepted in its place. */
  label?: string
}

export interface OptionSpec {
  type: 'string' | 'boolean'
  /** The value's placeholder in help (NAME, FILE, URL…). */
  arg?: string
  help: string
  /** Allowed values, matched case-insensitively (value or label); the command gets the canonical value. */
  choices?: readonly Choice[]
  /** What the command does when the option is not given, as help text. */
  default?: string
  required?: boolean
}

export type Args = Record<string, string | boolean | undefined>

export interface CommandContext {
  args: Args
  positionals: string[]
  io: CliIo
}

interface CommandBase {
  /** One or two words: "list", "profile add". */
  name: string
  summary: string
  /** Positional arguments for the usage line ("NAME", "BATCH"); none when absent. */
  positionals?: { usage: string; max: number; min?: number }
  options: Readonly<Record<string, OptionSpec>>
  /** Extra lines for --help (examples, notes). */
  notes?: string
}

/** Needs the ledger and keychain: the services are opened first. */
export interface LedgerCommand extends CommandBase {
  ledger: true
  /**
   * Talks to gateways (sends, refreshes, decides): payouts left in doubt by an earlier run are asked about
   * before it runs. A command without it only reads the ledger and starts no gateway request, so it
   * answers at once whatever the gateways do.
   */
  gateway?: boolean | ((args: Args) => boolean)
  run: (services: Services, ctx: CommandContext) => number | Promise<number>
}

export interface ToolCommand extends CommandBase {
  ledger: false
  run: (ctx: CommandContext) => number | Promise<number>
}

export type CommandSpec = LedgerCommand | ToolCommand

/** Options every ledger command takes. */
export const LEDGER_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  'data-dir': {
    type: 'string',
    arg: 'DIR',
    help: 'the data folder holding the ledger',
    default: "the app's data folder, or $PAYOUT_DESK_HOME",
  },
  'sandbox-url': {
    type: 'string',
    arg: 'URL',
    help: 'another sandbox for the built-in sandbox profiles (a command line is visible to every local user: prefer $PAYOUT_DESK_SANDBOX_URL)',
    default: 'the `payout-desk sandbox` running for this data folder',
  },
}

const HELP: OptionSpec = { type: 'boolean', help: "shows this command's options" }

export function optionsOf(spec: CommandSpec): Record<string, OptionSpec> {
  return { ...spec.options, ...(spec.ledger ? LEDGER_OPTIONS : {}), help: HELP }
}

const describeChoices = (choices: readonly Choice[]) =>
  choices.map((c) => (c.label ? `${c.value} (${c.label})` : c.value)).join(', ')

export function pickChoice(flag: string, value: string, choices: readonly Choice[]): string {
  const wanted = value.trim().toLowerCase()
  const found = choices.find((c) => c.value.toLowerCase() === wanted || c.label?.toLowerCase() === wanted)
  if (!found)
    throw new UsageError(`--${flag} takes ${describeChoices(choices)}; "${value}" is not one of them`)
  return found.value
}

/** Finds the command named by the first one or two words ("profile add", "list"); null when none. */
export function findCommand(table: readonly CommandSpec[], words: readonly string[]): CommandSpec | null {
  const two = words.slice(0, 2).join(' ')
  return table.find((c) => c.name === two) ?? table.find((c) => c.name === words[0]) ?? null
}

/** Every option any command declares, so a first, lenient pass can tell option values from words. */
function allOptions(table: readonly CommandSpec[]) {
  const all: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
  }
  for (const spec of table)
    for (const [name, o] of Object.entries(optionsOf(spec))) all[name] = { type: o.type }
  return all
}

export function commandWords(table: readonly CommandSpec[], argv: string[]): string[] {
  return parseArgs({ args: argv, options: allOptions(table), strict: false, allowPositionals: true })
    .positionals
}

function plainParseError(spec: CommandSpec, error: unknown): UsageError {
  const { code, message } = error as { code?: string; message: string }
  const flag = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? ''
  const seeHelp = `\`payout-desk ${spec.name} --help\` shows its options`
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const meant = didYouMean(flag.replace(/^-+/, ''), Object.keys(optionsOf(spec)))
    return new UsageError(
      `${spec.name} does not take ${flag || 'that option'}; ${meant ? `did you mean --${meant}? ` : ''}${seeHelp}`,
    )
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const option = optionsOf(spec)[flag.replace(/^-+/, '')]
    return option?.type === 'boolean'
      ? new UsageError(`${flag} takes no value`)
      : new UsageError(`${flag} needs a value${option?.arg ? ` (${option.arg})` : ''}`)
  }
  return new UsageError(`the arguments could not be read; ${seeHelp}`)
}

/** Parses a command's arguments strictly; every mistake becomes a one-line UsageError (exit 2). */
export function parseCommand(
  spec: CommandSpec,
  argv: string[],
): { args: Args; positionals: string[]; help: boolean } {
  const options = optionsOf(spec)
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      options: Object.fromEntries(
        Object.entries(options).map(([name, o]) => [
          name,
          name === 'help' ? { type: o.type, short: 'h' } : { type: o.type },
        ]),
      ),
      strict: true,
      allowPositionals: true,
    })
  } catch (error) {
    throw plainParseError(spec, error)
  }
  const words = spec.name.split(' ').length
  const positionals = parsed.positionals.slice(words)
  const args: Args = { ...parsed.values }
  if (args.help) return { args, positionals, help: true }
  const max = spec.positionals?.max ?? 0
  if (positionals.length > max)
    throw new UsageError(
      max === 0
        ? `${spec.name} takes no "${positionals[0]}"; \`payout-desk ${spec.name} --help\` shows how to call it`
        : `${spec.name} takes ${spec.positionals?.usage}, not "${positionals.join(' ')}"`,
    )
  if (positionals.length < (spec.positionals?.min ?? 0))
    throw new UsageError(`${spec.name} needs ${spec.positionals?.usage}: payout-desk ${usageLine(spec)}`)
  for (const [name, o] of Object.entries(options)) {
    const value = args[name]
    if (typeof value === 'string' && o.choices) args[name] = pickChoice(name, value, o.choices)
    if (typeof value === 'string' && value.trim() === '' && o.type === 'string')
      throw new UsageError(`--${name} needs a value${o.arg ? ` (${o.arg})` : ''}`)
    if (o.required && value === undefined)
      throw new UsageError(`${spec.name} needs --${name}${o.arg ? ` ${o.arg}` : ''}`)
  }
  return { args, positionals, help: false }
}

function usageLine(spec: CommandSpec): string {
  const required = Object.entries(spec.options)
    .filter(([, o]) => o.required)
    .map(([name, o]) => `--${name}${o.arg ? ` ${o.arg}` : ''}`)
  return [spec.name, spec.positionals?.usage, ...required, '[options]'].filter(Boolean).join(' ')
}

/** `payout-desk COMMAND --help`: what it does, every option with its allowed values and default. */
export function commandHelp(spec: CommandSpec): string {
  const rows = Object.entries(optionsOf(spec)).map(([name, o]) => {
    const left = `--${name}${o.arg ? ` ${o.arg}` : ''}`
    const extra = [
      o.required ? 'required' : null,
      o.choices ? `one of ${describeChoices(o.choices)}` : null,
      o.default ? `default: ${o.default}` : null,
    ].filter(Boolean)
    return { left, right: `${o.help}${extra.length ? ` (${extra.join('; ')})` : ''}` }
  })
  const width = Math.max(...rows.map((r) => r.left.length))
  return [
    `usage: payout-desk ${usageLine(spec)}`,
    spec.summary,
    '',
    'options:',
    ...rows.map((r) => `  ${r.left.padEnd(width)}  ${r.right}`),
    ...(spec.notes ? ['', spec.notes] : []),
    '',
  ].join('\n')
}

/** `payout-desk --help`: one line per command. */
export function overviewHelp(table: readonly CommandSpec[]): string {
  const width = Math.max(...table.map((c) => c.name.length))
  return [
    'usage: payout-desk COMMAND [options]',
    '',
    'commands:',
    ...table.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    '`payout-desk help COMMAND` (or `payout-desk COMMAND --help`) shows the options of one command, their',
    'allowed values and defaults; `payout-desk --version` prints the version.',
    'Exit 0 when done, 1 when the work failed, 2 when the command was called wrongly.',
    '',
  ].join('\n')
}
