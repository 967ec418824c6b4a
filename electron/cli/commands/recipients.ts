import type { AwaitingRelease, ReleaseLimitsView } from '../../../shared/ipc/recipients-contract.ts'
import en from '../../../shared/i18n/locales/en.json' with { type: 'json' }
import { parseAmount } from '../../../shared/money.ts'
import { AppError } from '../../errors.ts'
import { listProfiles } from '../../ledger/profiles-repo.ts'
import { resolveProfile } from '../../payouts/draft-payout.ts'
import { limitsView, setLimits } from '../../actions/release.ts'
import { releaseGroups } from '../../actions/release-all.ts'
import { listAwaitingRelease } from '../../payouts/release-limits.ts'
import { listRecipients } from '../../ledger/recipients-repo.ts'
import type { Services } from '../../services/create-services.ts'
import { shortBatch } from '../batch-names.ts'
import { jsonOutput } from '../json-output.ts'
import {
  UsageError,
  count,
  localTime,
  money,
  profileByName,
  terminalWords,
  type CliIo,
} from '../cli-context.ts'
import { table } from '../table.ts'

export interface RecipientArgs {
  profile?: string
  json?: boolean
  all?: boolean
  'per-payout'?: string
  'per-day'?: string
  'passphrase-stdin'?: boolean
  'time-zone'?: string
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

/** `payout-desk recipients list`: the people and businesses each profile has paid. */
export function recipientsCommand(
  services: Services,
  action: string | undefined,
  args: RecipientArgs,
  io: CliIo,
): number {
  if (action !== 'list') throw new UsageError('recipients list [--profile NAME] [--json]')
  const profileId = args.profile ? profileByName(services, args.profile).id : undefined
  const names = new Map(listProfiles(services.ledger).map((p) => [p.id, p.name]))
  const recipients = listRecipients(services.ledger, { ...(profileId ? { profileId } : {}) })
  if (args.json) {
    io.out(
      `${JSON.stringify(
        recipients.map((r) => ({
          name: r.name,
          account: r.account,
          accountFields: r.accountFields,
          profile: names.get(r.profileId) ?? null,
          mobile: r.mobile,
          email: r.email,
          payouts: r.payouts,
          firstPaidAt: iso(r.firstPaidAt),
          lastPaidAt: iso(r.lastPaidAt),
          archived: r.archived,
        })),
      )}\n`,
    )
    return 0
  }
  if (recipients.length > 0)
    io.out(
      table(
        [
          { header: 'NAME', cell: (r) => r.name },
          { header: 'ACCOUNT', cell: (r) => Object.values(r.accountFields).join(' ') },
          { header: 'PAYOUTS', cell: (r) => String(r.payouts), align: 'right' },
          { header: 'LAST PAID', cell: (r) => (r.lastPaidAt === null ? 'never' : localTime(r.lastPaidAt)) },
          { header: 'PROFILE', cell: (r) => names.get(r.profileId) ?? '' },
        ],
        recipients,
      ),
    )
  io.out(recipients.length === 1 ? '1 recipient\n' : `${recipients.length} recipients\n`)
  return 0
}

/** The first (and optional second) line of standard input: never an argument, so never in shell history. */
async function passphrases(args: RecipientArgs, io: CliIo): Promise<[string, string | undefined]> {
  if (!args['passphrase-stdin'])
    throw new UsageError('--passphrase-stdin is required (the passphrase is read from standard input)')
  const [first, second] = (await io.stdin()).toString('utf8').split(/\r?\n/)
  if (!first) throw new UsageError('standard input holds no passphrase')
  return [first, second || undefined]
}

/**
 * `payout-desk profile limits NAME [--per-payout A] [--per-day A] --passphrase-stdin`: stdin's first line
 * is the current passphrase (or the new one, when none is set); a second line sets a new one.
 */
export async function limitsCommand(
  services: Services,
  name: string | undefined,
  args: RecipientArgs,
  given: CliIo,
) {
  const { io, emit } = jsonOutput(given, args.json)
  if (!name)
    throw new UsageError('profile limits NAME [--per-payout AMOUNT] [--per-day AMOUNT] --passphrase-stdin')
  const profile = profileByName(services, name)
  const { shape } = resolveProfile(services.ledger, profile.id)
  const current = await limitsView(services, profile.id)
  const changing = ['per-payout', 'per-day', 'time-zone'].some(
    (o) => args[o as keyof RecipientArgs] !== undefined,
  )
  if (!changing && !args['passphrase-stdin']) {
    io.out(`${limitsLine(profile.name, current)}\n`)
    emit(limitsJson(profile.name, current))
    return 0
  }
  const limit = (text: string | undefined, now: number | null, what: string) => {
    if (text === undefined) return now
    if (/^(none|off|-)$/i.test(text.trim())) return null
    const parsed = parseAmount(text, shape.currency)
    if (!parsed.ok)
      throw new UsageError(`--${what} takes an amount in ${shape.currency}, like 5000000, or none`)
    return parsed.minor
  }
  const perPayout = limit(args['per-payout'], current.perPayoutMinor, 'per-payout')
  const perDay = limit(args['per-day'], current.perDayMinor, 'per-day')
  const [first, second] = await passphrases(args, io)
  const after = await setLimits(services, profile.id, {
    perPayout,
    perDay,
    ...(args['time-zone'] ? { timeZone: args['time-zone'] } : {}),
    ...(current.hasPassphrase ? { current: first, ...(second ? { next: second } : {}) } : { next: first }),
  })
  io.out(`${limitsLine(profile.name, after)}\n`)
  emit(limitsJson(profile.name, after))
  return 0
}

/** The limits for scripts: amounts in minor units with their currency, never the passphrase. */
const limitsJson = (profile: string, v: ReleaseLimitsView) => ({
  profile,
  currency: v.currency,
  perPayoutMinor: v.perPayoutMinor,
  perDayMinor: v.perDayMinor,
  timeZone: v.timeZone,
  hasPassphrase: v.hasPassphrase,
  changedOutside: v.changedOutside,
})

const shown = (minor: number | null, currency: ReleaseLimitsView['currency']) =>
  minor === null ? 'none' : money(minor, currency)

/** The limits as one line, with the time zone whose calendar day the per-day limit counts. */
export const limitsLine = (name: string, view: ReleaseLimitsView) =>
  `Limits of "${name}": per payout ${shown(view.perPayoutMinor, view.currency)}, per day ${shown(view.perDayMinor, view.currency)} (a day in ${view.timeZone}).` +
  (view.changedOutside ? ` ${CHANGED_OUTSIDE_CLI}` : '')

const CHANGED_OUTSIDE_CLI =
  'These limits were changed outside Payout Desk, so every payout of this profile is held. Check them, ' +
  'set them again with: payout-desk profile limits NAME --per-payout A --per-day A --passphrase-stdin, ' +
  'then release what waits.'

/** Why a group waits, in the window's own English words ("Over the limit per day"), mid-sentence. */
const whyWaiting = (why: AwaitingRelease['why']): string => {
  const words = en.release.why[why]
  return words.charAt(0).toLowerCase() + words.slice(1)
}

/** One group that waits, as the window's Dashboard lists it: what, how many, how much, why. */
const awaitingLine = (g: AwaitingRelease): string =>
  `Waiting for release: ${g.fileName ?? 'single payouts'}${g.batchId ? ` (batch ${shortBatch(g.batchId)})` : ''}, ` +
  `${count(g.count, 'payout')}, ${money(g.totalMinor, g.currency)}, profile "${g.profileName}" ` +
  `(${g.environment === 'production' ? 'REAL MONEY' : 'test money'}): ${whyWaiting(g.why)}.`

/** `payout-desk release (BATCH | --all) [--profile N] --passphrase-stdin`: sends what waits for release. */
export async function releaseCommand(
  services: Services,
  batch: string | undefined,
  args: RecipientArgs,
  given: CliIo,
) {
  const { io, emit } = jsonOutput(given, args.json)
  if (!batch && !args.all) throw new UsageError('release (BATCH | --all) [--profile NAME] --passphrase-stdin')
  const profileId = args.profile ? profileByName(services, args.profile).id : undefined
  const groups = listAwaitingRelease(services.ledger).filter(
    (g) => (!profileId || g.profileId === profileId) && (args.all || g.batchId === batch),
  )
  if (groups.length === 0) {
    if (batch)
      throw new AppError('NOT_FOUND', { key: 'releaseNothingOfBatch', params: { batch: shortBatch(batch) } })
    io.out('Nothing waits for release.\n')
    emit({ released: [] })
    return 0
  }
  // What the passphrase will let go, before it is read: the person releases what they were shown.
  for (const g of groups) io.out(`${awaitingLine(g)}\n`)
  const [passphrase] = await passphrases(args, io)
  const released: object[] = []
  const refused: object[] = []
  const notTried: object[] = []
  const notSent: object[] = []
  const answered = new Set<AwaitingRelease>()
  const release = releaseGroups(services, groups, passphrase, (o) => {
    answered.add(o.group)
    if ('released' in o) {
      io.out(
        `Released ${count(o.released, 'payout')}, ${money(o.totalMinor, o.group.currency)} (${o.group.profileName}, ${o.group.environment === 'production' ? 'real money' : 'test money'}).\n`,
      )
      released.push({ ...groupJson(o.group), count: o.released, totalMinor: o.totalMinor })
    } else if ('refused' in o) {
      // Beside other groups, the refusal speaks of its own ("This group was not released").
      const text = {
        ...o.refused.text,
        params: { ...o.refused.text.params, group: groups.length > 1 ? 1 : 0 },
      }
      if (args.all) io.err(`Not released: ${groupWords(o.group)}\n  ${terminalWords(text)}\n`)
      refused.push({
        ...groupJson(o.group),
        reason: o.refused.text.key,
        details: o.refused.text.params ?? {},
      })
    } else if ('notSent' in o) {
      const { count: left, totalMinor: leftMinor } = o.waiting
      const sent = o.group.count - left
      io.err(
        `Released but not sent yet: ${count(left, 'payout')}, ${money(leftMinor, o.group.currency)}, of ${groupWords(o.group)}\n  ${terminalWords(o.notSent.text)}\n  ${sent > 0 ? `The other ${count(sent, 'payout')} went to the gateway. ` : ''}What was not sent stays released and waits in the queue to be sent.\n`,
      )
      notSent.push({
        ...groupJson(o.group),
        released: o.group.count,
        count: left,
        totalMinor: leftMinor,
        reason: o.notSent.text.key,
        details: o.notSent.text.params ?? {},
      })
    } else {
      io.err(`Not tried: ${groupWords(o.group)}\n`)
      notTried.push(groupJson(o.group))
    }
  })
  const outcomes = await release.catch((error: unknown) => {
    // Something unforeseen stopped it part-way: a script still learns what was released before, and
    // what was not tried; the error itself is the command's, on standard error.
    const untried = groups.filter((g) => !answered.has(g)).map(groupJson)
    emit({ released, refused, notTried: [...notTried, ...untried], notSent, stopped: true })
    throw error
  })
  // One batch named: its refusal is the command's error, as any other.
  const one = outcomes.find((o) => 'refused' in o)
  if (!args.all && one && 'refused' in one) throw one.refused
  emit({ released, refused, notTried, notSent })
  return refused.length > 0 || notSent.length > 0 ? 1 : 0
}

const groupJson = (g: AwaitingRelease) => ({
  batch: g.batchId,
  profile: g.profileName,
  count: g.count,
  totalMinor: g.totalMinor,
  currency: g.currency,
  realMoney: g.environment === 'production',
})

const groupWords = (g: AwaitingRelease): string => awaitingLine(g).replace(/^Waiting for release: /, '')
