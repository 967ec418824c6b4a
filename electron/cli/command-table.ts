import { PAYOUT_STATUSES, STATUS_WORDS } from '../../shared/domain/payout-status.ts'
import {
  LEDGER_OPTIONS,
  type Choice,
  type CommandContext,
  type CommandSpec,
  type OptionSpec,
} from './command-spec.ts'
import { ATTENTION_ACTIONS } from '../../shared/domain/attention.ts'
import { attentionCommand, resolveCommand } from './commands/attention.ts'
import { cancelCommand } from './commands/cancel.ts'
import { limitsCommand, recipientsCommand, releaseCommand } from './commands/recipients.ts'
import { balanceCommand, exportCommand, listCommand, refreshCommand } from './commands/ledger.ts'
import { GATEWAY_FIELDS, payAgainCommand, payCommand } from './commands/pay.ts'
import { profileCommand } from './commands/profile.ts'
import { retryCommand } from './commands/retry.ts'
import { teamAddPersonCommand, teamInitCommand, teamPeopleCommand } from './commands/team.ts'
import {
  approveCommand,
  teamApproveCommand,
  teamRefuseCommand,
  teamWaitingCommand,
} from './commands/team-approve.ts'
import { teamRefreshCommand, teamSecretCommand, teamSendCommand } from './commands/team-send.ts'
import { teamLimitsCommand, teamProfileCommand } from './commands/team-profile.ts'
import { teamImportCommand } from './commands/team-import.ts'
import { teamImportLedgerCommand } from './commands/team-import-ledger.ts'
import { teamPayCommand } from './commands/team-pay.ts'
import { teamAttentionCommand, teamResolveCommand } from './commands/team-attention.ts'
import { teamRetryCommand } from './commands/team-retry.ts'
import { teamListCommand, teamShowCommand } from './commands/team-history.ts'
import { resumeCommand, sendCommand } from './commands/send.ts'
import { showCommand } from './commands/show.ts'
import { templateCommand } from './commands/template.ts'
import { listenCommand, sandboxCommand, signCommand } from './commands/tools.ts'

/**
 * Every `payout-desk` command: its options, their allowed values and defaults, and what runs it. A new
 * command is one more entry here (its code in its own file under commands/).
 */

export const PROVIDER_CHOICES: readonly Choice[] = [
  { value: 'vexora', label: 'Vexora' },
  { value: 'bluepay', label: 'BluePay Asia' },
]
export const AREA_CHOICES: readonly Choice[] = [
  { value: 'ID', label: 'Indonesia' },
  { value: 'TH', label: 'Thailand' },
]

const str = (arg: string, help: string, extra: Partial<OptionSpec> = {}): OptionSpec => ({
  type: 'string',
  arg,
  help,
  ...extra,
})
const flag = (help: string): OptionSpec => ({ type: 'boolean', help })

const profileOption = str('NAME', 'the profile, by the name `payout-desk profile list` shows', {
  required: true,
})
const json = flag('prints JSON for scripts instead of lines for people')
const status = str('S', 'only payouts in this status (the words `list` shows)', {
  choices: PAYOUT_STATUSES.map((s) => ({ value: STATUS_WORDS[s] })),
})

const profileFields = (adding: boolean): Record<string, OptionSpec> => ({
  ...(adding
    ? {
        name: str('NAME', "the profile's name, unique", { required: true }),
        provider: str('P', 'the gateway', { required: true, choices: PROVIDER_CHOICES }),
      }
    : { name: str('NAME', 'a new name for the profile') }),
  'base-url': str('URL', 'the address your gateway gave you (https:// for production)', {
    required: adding,
  }),
  area: str('A', 'the country the profile pays out in', {
    choices: AREA_CHOICES,
    default: adding
      ? 'read from a base URL ending in /id, /th, /indonesia or /thailand; BluePay: TH'
      : 'unchanged',
  }),
  environment: str('E', 'test money or real money', {
    choices: [{ value: 'sandbox' }, { value: 'production' }],
    default: adding ? 'production when --base-url starts with https://, else sandbox' : 'unchanged',
  }),
  'merchant-no': str('M', 'Vexora merchant number (merchantNo)'),
  'app-id': str('ID', 'BluePay app ID (appId)'),
  'notify-url': str('URL', 'where Vexora sends callbacks (Vexora needs one to send payouts)', {
    default: adding ? 'none' : 'unchanged',
  }),
  ...(adding ? {} : { 'no-notify-url': flag('removes the notify URL') }),
  'secret-stdin': flag('reads the Vexora app secret from the first line of stdin'),
  'private-key-file': str('FILE', 'the BluePay merchant private key (PEM or base64 PKCS#8)'),
  'gateway-public-key-file': str('FILE', "BluePay's public key, to verify its callbacks"),
})

const selection = {
  profile: { ...profileOption, required: false, help: 'only payouts of this profile' },
  status,
  batch: str('B', 'only payouts of this batch'),
  search: str('TEXT', 'only payouts whose reference, gateway ID, recipient or account contains TEXT'),
  from: str('DATE', 'only payouts created on or after DATE (2026-12-01, in this time zone)'),
  to: str('DATE', 'only payouts created on or before DATE'),
}

const ledgerUrl = str('URL', 'the team ledger: postgres://PERSON:PASSWORD@HOST:PORT/DATABASE', {
  default: '$PAYOUT_DESK_LEDGER_URL (keeps the password off the command line)',
})

/** `approve` and `team approve`: one command under two names. */
const approving = {
  ledger: false,
  positionals: { usage: 'BATCH|REF…', max: 1000 },
  options: {
    all: flag('everything that waits, but what you prepared yourself'),
    profile: str('NAME', 'only what waits in this profile (a reference is unique per profile only)'),
    yes: flag('approves without asking (for scripts)'),
    ledger: ledgerUrl,
    json,
  },
  notes:
    'A BATCH is named by the first 8 characters of its id (as team import prints it): what waits of it.\n' +
    'Nobody approves what they prepared. If what waits changed since it was listed (another owner\n' +
    'approved some), nothing is approved: list it again.',
} as const

/** The team ledger on PostgreSQL: set up by its administrator, people added as database logins. */
const TEAM_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'team init',
    summary: "Sets up the team ledger on PostgreSQL, or updates it; run with the database owner's URL.",
    ledger: false,
    options: { ledger: ledgerUrl, json },
    notes: 'Running it again changes nothing. A ledger set up by a newer Payout Desk is refused untouched.',
    run: ({ args, io }) => teamInitCommand(args, io),
  },
  {
    name: 'team add-person',
    summary:
      "Adds a person's own PostgreSQL login as an owner or a bookkeeper; the password is stdin's first line.",
    ledger: false,
    positionals: { usage: 'NAME', max: 1, min: 1 },
    options: {
      role: str(
        'ROLE',
        'owner: approves, sets profiles and limits; bookkeeper: prepares and sends the rest',
        {
          required: true,
          choices: [{ value: 'owner' }, { value: 'bookkeeper' }],
        },
      ),
      ledger: ledgerUrl,
      json,
    },
    run: ({ args, positionals, io }) => teamAddPersonCommand(positionals[0], args, io),
  },
  {
    name: 'team people',
    summary: 'Lists the people of the team ledger and their roles.',
    ledger: false,
    options: { ledger: ledgerUrl, json },
    run: ({ args, io }) => teamPeopleCommand(args, io),
  },
  {
    name: 'team waiting',
    summary: "Lists what waits for an owner's approval on the team ledger (over a profile's limit).",
    ledger: false,
    options: { ledger: ledgerUrl, json },
    run: ({ args, io }) => teamWaitingCommand(args, io),
  },
  {
    ...approving,
    name: 'team approve',
    summary: 'Approves payouts that wait on the team ledger, after saying what they are; owners only.',
    run: ({ args, positionals, io }: CommandContext) => teamApproveCommand(positionals, args, io),
  },
  {
    ...approving,
    name: 'approve',
    summary: 'The same as team approve: an owner approves what waits on the team ledger.',
    run: ({ args, positionals, io }: CommandContext) => approveCommand(positionals, args, io),
  },
  {
    name: 'team refuse',
    summary:
      'Refuses payouts that wait on the team ledger, after saying what they are: never paid; owners only.',
    ledger: false,
    positionals: { usage: 'BATCH|REF…', max: 1000 },
    options: {
      profile: str('NAME', 'only what waits in this profile (a reference is unique per profile only)'),
      yes: flag('refuses without asking (for scripts)'),
      ledger: ledgerUrl,
      json,
    },
    notes:
      'A BATCH is named by the first 8 characters of its id: what waits of it. An owner refuses what\n' +
      'another prepared as well as her own. If what waits changed since it was listed (another owner\n' +
      'approved or refused some), nothing is refused: list it again.',
    run: ({ args, positionals, io }: CommandContext) => teamRefuseCommand(positionals, args, io),
  },
  {
    name: 'team import',
    summary:
      'Checks a CSV or XLSX file as send does, shows the total, asks, then writes it to the team ledger as one batch.',
    ledger: false,
    options: {
      profile: str('NAME', 'the team profile the file pays from', { required: true }),
      file: str('FILE', 'the CSV or XLSX file, with a header row', { required: true }),
      yes: flag('writes without asking (needed when not on a terminal)'),
      'skip-invalid': flag('writes the valid rows when some have errors'),
      'accept-duplicates': flag(
        'writes rows that repeat an account and amount (in the file or the last 30 days of the team ledger)',
      ),
      'accept-repeat-file': flag('writes a file imported before again, the whole of it'),
      sheet: str('NAME', 'the sheet to read in a workbook with more than one sheet holding payouts', {
        default: 'the only one holding payouts',
      }),
      'thousands-dot': flag('confirms that the amounts are written like 1.500.000 (dots between thousands)'),
      'accept-account-changes': flag(
        'writes rows that pay a known recipient at a new account (each is printed; --yes alone refuses them)',
      ),
      ledger: ledgerUrl,
      json,
    },
    notes:
      "Nothing is sent here. What is within the profile's limits is ready for any desk holding its secret\n" +
      '(payout-desk team send); what exceeds them waits for an owner: payout-desk approve BATCH.',
    run: ({ args, io }) => teamImportCommand(args, io),
  },
  {
    name: 'team pay',
    summary:
      'Writes one payout to the team ledger, checked as pay checks it; a desk holding the secret sends it.',
    ledger: false,
    options: {
      profile: str('NAME', 'the team profile it pays from', { required: true }),
      amount: str('A', 'the amount, in the profile’s currency (150000, 1,250,000 or 500.20)', {
        required: true,
      }),
      reference: str('R', 'your reference; the same reference again for the same payout writes nothing new', {
        default: 'one is made',
      }),
      ...Object.fromEntries([...GATEWAY_FIELDS].map(([k, where]) => [k, str('TEXT', `a field of ${where}`)])),
      'accept-account-change': flag(
        'writes a payout to a known recipient at a new account (the change is printed)',
      ),
      'accept-duplicates': flag(
        'writes it even though the same amount went to this account in the last 30 days',
      ),
      yes: flag('writes without asking (needed when not on a terminal)'),
      ledger: ledgerUrl,
      json,
    },
    run: ({ args, io }) => teamPayCommand(args, io),
  },
  {
    name: 'team import-ledger',
    summary:
      "Moves this desk's own ledger into the team ledger, history and all; run once, with the administrator's URL.",
    ledger: true,
    options: {
      yes: flag('moves without asking (needed when not on a terminal)'),
      ledger: ledgerUrl,
      json,
    },
    notes:
      "Only a ledger whose payouts have all ended moves, so no payout is sent from both. This desk's own\n" +
      'ledger is left as it was; the built-in sandboxes stay on each desk.',
    run: (s, { args, io }) => teamImportLedgerCommand(s, args, io),
  },
  {
    name: 'team attention',
    summary:
      "Lists the team ledger's payouts that need a person's decision: why, what was tried, and the choices.",
    ledger: false,
    options: {
      profile: str('NAME', 'only payouts of this team profile'),
      ledger: ledgerUrl,
      json,
    },
    run: ({ args, io }) => teamAttentionCommand(args, io),
  },
  {
    name: 'team resolve',
    summary: 'Carries out your decision about a team payout in the attention queue, written as you.',
    ledger: false,
    positionals: { usage: 'REF', max: 1, min: 1 },
    options: {
      action: str('A', 'what you decided', {
        required: true,
        choices: ATTENTION_ACTIONS.map((value) => ({ value })),
      }),
      version: str(
        'N',
        'the version `payout-desk team attention` showed; a payout changed since is refused',
        {
          required: true,
        },
      ),
      note: str('TEXT', 'what you checked, kept in the payout timeline (needed for all but ask)'),
      'gateway-id': str('ID', "with paid: the gateway's ID of the payout"),
      yes: flag('confirms an irreversible decision without asking'),
      profile: str('NAME', 'the team profile, when a reference waits in several'),
      ledger: ledgerUrl,
      json,
    },
    notes: "Ask and resend talk to the gateway: only a desk holding the profile's secret does them.",
    run: ({ args, positionals, io }) => teamResolveCommand(positionals[0], args, io),
  },
  {
    name: 'team refresh',
    summary:
      "Asks the gateways what became of the team's payouts on their way, for the profiles whose secret this desk holds.",
    ledger: false,
    options: { ledger: ledgerUrl, json },
    notes:
      'Nothing is sent. A payout another desk is busy with, or the gateway did not answer about, is asked again later.',
    run: ({ args, io }) => teamRefreshCommand(args, io),
  },
  {
    name: 'team retry',
    summary:
      'Pays again, as a new linked payout, a team payout the gateway says did not go through; from a desk holding its secret.',
    ledger: false,
    positionals: { usage: 'REF | --batch B', max: 1 },
    options: {
      profile: str('NAME', 'the team profile, when two have the reference'),
      batch: str(
        'B',
        "a team batch's id or its first 8 characters: each payout of it that did not go through",
      ),
      yes: flag('pays again without asking (needed when not on a terminal)'),
      ledger: ledgerUrl,
      json,
    },
    notes:
      'The gateway is asked about the original first; only a definite answer that it did not go through\n' +
      'pays again, once, to the same payee at the same account. Otherwise nothing is written.',
    run: ({ args, positionals, io }) => teamRetryCommand(positionals[0], args, io),
  },
  {
    name: 'team send',
    summary:
      'Sends what is ready on the team ledger for the profiles whose secret this desk holds, after asking about what is in doubt.',
    ledger: false,
    options: {
      'dry-run': flag('only lists the profiles, what is ready, and which secrets this desk holds'),
      ledger: ledgerUrl,
      json,
    },
    notes:
      'What waits for approval never leaves. Several desks may send at once: each payout leaves once.\n' +
      'A payout a desk left mid-send is asked about at its gateway first, never sent again blindly.\n' +
      'Exit 1 when some payout is still in doubt after asking (see payout-desk team send --dry-run).',
    run: ({ args, io }) => teamSendCommand(args, io),
  },
  {
    name: 'team list',
    summary: "Lists the team ledger's payouts, newest first, with who prepared and who approved each.",
    ledger: false,
    options: {
      status: str('STATUS', 'only payouts with this status (awaiting_approval, queued, processing, …)'),
      profile: str('NAME', 'only payouts of this profile'),
      search: str('TEXT', 'only payouts whose reference or fields (a name, an account) contain TEXT'),
      limit: str('N', 'how many', { default: '50' }),
      ledger: ledgerUrl,
      json,
    },
    run: ({ args, io }) => teamListCommand(args, io),
  },
  {
    name: 'team show',
    summary: 'Shows one payout of the team ledger and every step of it, with the person who took it.',
    ledger: false,
    positionals: { usage: 'REF', max: 1, min: 1 },
    options: { ledger: ledgerUrl, json },
    run: ({ args, positionals, io }) => teamShowCommand(positionals[0], args, io),
  },
  {
    name: 'team secret',
    summary:
      "Keeps a team profile's gateway secret (stdin's first line) in this computer's keychain, so this desk can send for it.",
    ledger: false,
    positionals: { usage: 'PROFILE', max: 1, min: 1 },
    options: {
      ledger: ledgerUrl,
      replace: flag(
        "an owner's: this secret replaces the one the team's desks send with (the gateway gave a new one)",
      ),
      json,
    },
    notes: 'The secret never goes to the team ledger: each desk that sends for a profile holds its own copy.',
    run: ({ args, positionals, io }) => teamSecretCommand(positionals[0], args, io),
  },
  {
    name: 'team add-profile',
    summary:
      "Adds a gateway profile to the team ledger, with its secret (kept in this computer's keychain); owners only.",
    ledger: false,
    options: { ...profileFields(true), ledger: ledgerUrl, json },
    notes:
      "The team ledger keeps the secret's check, never the secret: every desk then sends with this same secret.\n" +
      'Its limits start at none; set them with `payout-desk team limits`.',
    run: ({ args, positionals, io }) => teamProfileCommand('add', positionals, args, io),
  },
  {
    name: 'team edit-profile',
    summary:
      'Changes a team profile; what is not given stays as it is. A new address or merchant needs the new secret; owners only.',
    ledger: false,
    positionals: { usage: 'NAME', max: 1, min: 1 },
    options: { ...profileFields(false), ledger: ledgerUrl, json },
    run: ({ args, positionals, io }) => teamProfileCommand('edit', positionals, args, io),
  },
  {
    name: 'team profiles',
    summary: "Lists the team ledger's profiles with their limits.",
    ledger: false,
    options: { ledger: ledgerUrl, json },
    run: ({ args, positionals, io }) => teamProfileCommand('list', positionals, args, io),
  },
  {
    name: 'team limits',
    summary:
      "Shows a team profile's limits, or sets them (owners only): over them, a payout waits for an owner's approval.",
    ledger: false,
    positionals: { usage: 'NAME', max: 1, min: 1 },
    options: {
      'per-payout': str('AMOUNT', 'most one payout may be without an approval, or none', {
        default: 'unchanged',
      }),
      'per-day': str('AMOUNT', 'most a day may pay without an approval, or none', { default: 'unchanged' }),
      'time-zone': str('ZONE', 'whose calendar day the per-day limit counts, like Asia/Jakarta', {
        default: 'unchanged',
      }),
      ledger: ledgerUrl,
      json,
    },
    run: ({ args, positionals, io }) => teamLimitsCommand(positionals[0], args, io),
  },
]

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'profile add',
    summary: 'Adds a gateway profile; its secret goes to the OS keychain.',
    ledger: true,
    options: profileFields(true),
    notes:
      'Example: payout-desk profile add --name "Acme ID" --provider vexora --base-url https://… --merchant-no 0000000042 --notify-url https://… --secret-stdin < secret.txt',
    run: (s, { args, positionals, io }) => profileCommand(s, 'add', positionals, args, io),
  },
  {
    name: 'profile edit',
    summary: 'Changes a profile; what is not given stays as it is.',
    ledger: true,
    positionals: { usage: 'NAME', max: 1, min: 1 },
    options: profileFields(false),
    run: (s, { args, positionals, io }) => profileCommand(s, 'edit', positionals, args, io),
  },
  {
    name: 'profile list',
    summary: 'Lists the profiles.',
    ledger: true,
    options: { json },
    run: (s, { args, positionals, io }) => profileCommand(s, 'list', positionals, args, io),
  },
  {
    name: 'profile remove',
    summary: 'Removes a profile that has no payouts, and its secret.',
    ledger: true,
    positionals: { usage: 'NAME', max: 1, min: 1 },
    options: {},
    run: (s, { args, positionals, io }) => profileCommand(s, 'remove', positionals, args, io),
  },
  {
    name: 'send',
    summary: 'Checks a CSV or XLSX file, shows the total, asks, then sends it as one batch.',
    ledger: true,
    gateway: true,
    options: {
      profile: profileOption,
      file: str('FILE', 'the CSV or XLSX file, with a header row', { required: true }),
      yes: flag('sends without asking (needed when not on a terminal)'),
      concurrency: str('K', 'payouts in flight at once, 1 to 32', { default: '4' }),
      'skip-invalid': flag('sends the valid rows when some have errors'),
      'accept-duplicates': flag(
        'sends rows that repeat an account and amount (in the file or the last 30 days; each is printed)',
      ),
      'accept-repeat-file': flag(
        'sends a file imported before again, the whole of it (said apart from rows)',
      ),
      'allow-duplicate-file': flag('the same as --accept-repeat-file (older name)'),
      sheet: str('NAME', 'the sheet to read in a workbook with more than one sheet holding payouts', {
        default: 'the only one holding payouts',
      }),
      'thousands-dot': flag('confirms that the amounts are written like 1.500.000 (dots between thousands)'),
      'accept-account-changes': flag(
        'sends rows that pay a known recipient at a new account (each is printed; --yes alone refuses them)',
      ),
      json,
    },
    run: (s, { args, io }) => sendCommand(s, args, io),
  },
  {
    name: 'template',
    summary: "Writes an empty import file with the gateway's own columns, formatted as text.",
    ledger: true,
    options: {
      profile: profileOption,
      out: str('FILE', 'the .xlsx file to write (never overwritten)', { required: true }),
    },
    run: (s, { args, io }) => templateCommand(s, args, io),
  },
  {
    name: 'resume',
    summary: 'Sends what a crash or Ctrl-C left queued in a batch.',
    ledger: true,
    gateway: true,
    positionals: { usage: 'BATCH', max: 1 },
    options: { all: flag('every interrupted batch'), json },
    run: (s, { args, positionals, io }) => resumeCommand(s, positionals, args, io),
  },
  {
    name: 'retry',
    summary:
      'Pays again, as a new linked payout, a payout (or a batch’s payouts) the gateway says did not go through.',
    ledger: true,
    gateway: true,
    positionals: { usage: 'REF', max: 1 },
    options: {
      batch: str('B', 'the failed payouts of this batch, instead of one payout'),
      profile: { ...profileOption, required: false, help: 'the profile, when two have the reference' },
      yes: flag('pays again without asking (needed when not on a terminal)'),
      json,
    },
    notes:
      'The gateway is asked about the original first; only a definite answer that it did not go through\n' +
      '(it failed, or the gateway does not have it after the settle period) pays again. With no answer,\n' +
      'nothing is paid and nothing is written.',
    run: (s, { args, positionals, io }) => retryCommand(s, positionals[0], args, io),
  },
  {
    name: 'pay',
    summary:
      "Pays one payout, with the gateway's own field names as options; the same --reference again is the same payout.",
    ledger: true,
    gateway: true,
    options: {
      profile: profileOption,
      amount: str('A', 'the amount, in the profile’s currency (150000, 1,250,000 or 500.20)', {
        required: true,
      }),
      reference: str(
        'R',
        'your reference; the same reference again returns that payout and pays nothing new',
        {
          default: 'one is made',
        },
      ),
      ...Object.fromEntries([...GATEWAY_FIELDS].map(([k, where]) => [k, str('TEXT', `a field of ${where}`)])),
      'accept-account-change': flag(
        'pays a known recipient at a new account (the change is printed; without it the payout is refused)',
      ),
      'accept-duplicates': flag('pays even though the same amount went to this account in the last 30 days'),
      yes: flag('pays without asking (needed when not on a terminal)'),
      json,
    },
    notes:
      'Vexora Indonesia: --bankCode --bankAccountNo --customerName --mobile --email [--remark]\n' +
      'BluePay Thailand: --payMethodCode --accountNo --accountName [--transferCode --mobile --remark …]\n' +
      'Example: payout-desk pay --profile "Acme ID" --amount 150000 --reference INV-0042 --bankCode 0002 \\\n' +
      '  --bankAccountNo 1234567890 --customerName "Budi Santoso" --mobile 081234567890 --email budi@example.com',
    run: (s, { args, io }) => payCommand(s, args, io),
  },
  {
    name: 'pay-again',
    summary: 'Pays a paid payout’s recipient the same amount again, as a new payout.',
    ledger: true,
    gateway: true,
    positionals: { usage: 'REF', max: 1, min: 1 },
    options: {
      profile: { ...profileOption, required: false, help: 'the profile, when two have the reference' },
      'accept-account-change': flag(
        'pays even though the recipient is known at another account by now (the change is printed)',
      ),
      'accept-duplicates': flag('pays even though the same amount went to this account in the last 30 days'),
      yes: flag('pays without asking (needed when not on a terminal)'),
      json,
    },
    notes:
      'Only a paid payout: one that did not go through is paid again with `payout-desk retry`, which asks\n' +
      'the gateway first.',
    run: (s, { args, positionals, io }) => payAgainCommand(s, positionals[0] ?? '', args, io),
  },
  {
    name: 'cancel',
    summary:
      'Cancels payouts that never left this computer (queued, or awaiting release); anything sent is left alone.',
    ledger: true,
    options: {
      id: str('REF', "the payout's reference"),
      batch: str('B', 'every payout of this batch that is queued or awaiting release'),
      profile: { ...profileOption, required: false, help: 'the profile, when a reference is in several' },
      json,
    },
    run: (s, { args, io }) => cancelCommand(s, args, io),
  },
  {
    name: 'refresh',
    summary: 'Asks the gateways about payouts that are not final yet.',
    ledger: true,
    gateway: true,
    options: {
      id: str('REF', 'only the payout with this reference'),
      batch: str('B', 'only the payouts of this batch'),
      all: flag('every payout that is not final (the default)'),
      profile: { ...profileOption, required: false, help: 'only payouts of this profile' },
      json,
    },
    run: (s, { args, io }) => refreshCommand(s, args, io),
  },
  {
    name: 'list',
    summary: 'Lists payouts from the ledger, newest first, with local times and their zone.',
    ledger: true,
    gateway: (args) => args.refresh === true,
    options: {
      ...selection,
      limit: str('N', 'only the newest N'),
      refresh: flag(
        'asks the gateways about payouts that are not final first (otherwise only the ledger is read)',
      ),
      json,
    },
    run: (s, { args, io }) => listCommand(s, args, io),
  },
  {
    name: 'show',
    summary: 'Shows one payout: its fields, its timeline and the raw requests and answers.',
    ledger: true,
    positionals: { usage: 'REF', max: 1, min: 1 },
    options: {
      profile: { ...profileOption, required: false, help: 'the profile, when two have the reference' },
      json,
    },
    run: (s, { args, positionals, io }) => showCommand(s, positionals[0] ?? '', args, io),
  },
  {
    name: 'export',
    summary: 'Writes payouts from the ledger to a CSV file (formula cells defused).',
    ledger: true,
    options: {
      out: str('FILE', 'the CSV file to write', { required: true }),
      force: flag('replaces FILE if it exists'),
      ...selection,
    },
    run: (s, { args, io }) => exportCommand(s, args, io),
  },
  {
    name: 'balance',
    summary: "Asks the gateway for a profile's balance.",
    ledger: true,
    gateway: true,
    options: { profile: profileOption, json },
    run: (s, { args, io }) => balanceCommand(s, args, io),
  },
  {
    name: 'listen',
    summary: 'Receives gateway callbacks in the foreground until Ctrl-C.',
    ledger: true,
    gateway: true,
    options: {
      profile: profileOption,
      host: str('H', 'the address to listen on', { default: '127.0.0.1' }),
      port: str('P', 'the port', { default: 'any free port' }),
      'behind-proxy': flag(
        'your reverse proxy or tunnel forwards callbacks here: read the sender from its X-Forwarded-For',
      ),
    },
    run: (s, { args, io }) => listenCommand(s, args, io),
  },
  {
    name: 'attention',
    summary: 'Lists the payouts that need your decision: why, what was tried, and the choices.',
    ledger: true,
    options: { profile: { ...profileOption, required: false, help: 'only payouts of this profile' }, json },
    run: (s, { args, io }) => attentionCommand(s, args, io),
  },
  {
    name: 'resolve',
    summary: 'Carries out your decision about a payout in the attention queue.',
    ledger: true,
    gateway: (args) => args.action === 'ask' || args.action === 'resend',
    positionals: { usage: 'REF', max: 1, min: 1 },
    options: {
      action: str('A', 'what you decided', {
        required: true,
        choices: ATTENTION_ACTIONS.map((value) => ({ value })),
      }),
      version: str('N', 'the version `payout-desk attention` showed; a payout changed since is refused', {
        required: true,
      }),
      note: str('TEXT', 'what you checked, kept in the payout timeline (needed for all but ask)'),
      'gateway-id': str('ID', "with paid: the gateway's ID of the payout"),
      yes: flag('confirms an irreversible decision without asking'),
      profile: { ...profileOption, required: false, help: 'the profile, when a reference is in several' },
      json,
    },
    run: (s, { args, positionals, io }) => resolveCommand(s, positionals[0], args, io),
  },
  {
    name: 'recipients list',
    summary: 'Lists the people and businesses each profile has paid.',
    ledger: true,
    options: { profile: { ...profileOption, required: false, help: 'only this profile' }, json },
    run: (s, { args, io }) => recipientsCommand(s, 'list', args, io),
  },
  {
    name: 'profile limits',
    summary:
      "Shows a profile's release limits, or sets them; stdin's first line is the current passphrase (or the new one).",
    ledger: true,
    positionals: { usage: 'NAME', max: 1, min: 1 },
    options: {
      'per-payout': str('AMOUNT', 'most one payout may be without a release, or none', {
        default: 'unchanged',
      }),
      'per-day': str('AMOUNT', 'most a day may pay without a release, or none', { default: 'unchanged' }),
      'time-zone': str('ZONE', 'whose calendar day the per-day limit counts, like Asia/Jakarta', {
        default: 'unchanged',
      }),
      'passphrase-stdin': flag('reads the passphrase (and, on a second line, a new one) from stdin'),
      json,
    },
    run: (s, { args, positionals, io }) => limitsCommand(s, positionals[0], args, io),
  },
  {
    name: 'release',
    summary: "Sends what waits for the owner's release (over a limit), after the passphrase.",
    ledger: true,
    gateway: true,
    positionals: { usage: 'BATCH', max: 1 },
    options: {
      all: flag('everything that waits'),
      profile: { ...profileOption, required: false, help: 'only this profile' },
      'passphrase-stdin': flag('reads the release passphrase from the first line of stdin'),
      json,
    },
    run: (s, { args, positionals, io }) => releaseCommand(s, positionals[0], args, io),
  },
  ...TEAM_COMMANDS,
  {
    name: 'sandbox',
    summary: 'Runs the sandbox gateway (test money) until Ctrl-C.',
    ledger: false,
    options: {
      provider: str('P', 'only this gateway', { choices: PROVIDER_CHOICES, default: 'both' }),
      port: str('P', 'the port', { default: '4010' }),
      'settle-ms': str('MS', 'how long a payout stays pending before its outcome', { default: '3000' }),
      'bluepay-notify-url': str('URL', 'where the sandbox sends BluePay callbacks', { default: 'none' }),
      'data-dir': LEDGER_OPTIONS['data-dir'] as OptionSpec,
    },
    notes:
      'The other commands on the same data folder find this sandbox by themselves: it records where it listens\n' +
      '(with its path token) in the data folder, readable by you alone, and removes the record when it stops.',
    run: ({ args, io }) => sandboxCommand(args, io),
  },
  {
    name: 'sign',
    summary: 'Shows what a gateway signature is made of, for support (never prints the secret).',
    ledger: false,
    options: {
      provider: str('P', 'the gateway', { required: true, choices: PROVIDER_CHOICES }),
      'secret-stdin': flag('Vexora: the secret on the first line of stdin, then a flat JSON body'),
      'private-key-file': str('FILE', 'BluePay: the merchant private key; stdin is the param text'),
    },
    run: ({ args, io }) => signCommand(args, io),
  },
]
