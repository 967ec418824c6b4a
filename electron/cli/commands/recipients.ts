import { parseAmount } from '../../../shared/money.ts'
import { AppError } from '../../errors.ts'
import { listProfiles } from '../../ledger/profiles-repo.ts'
import { resolveProfile } from '../../payouts/draft-payout.ts'
import { releaseHeld } from '../../payouts/release.ts'
import { listAwaitingRelease, readLimits, setLimits } from '../../payouts/release-limits.ts'
import { listRecipients } from '../../recipients/recipients-repo.ts'
import type { Services } from '../../services/create-services.ts'
import { UsageError, localTime, money, profileByName, type CliIo } from '../cli-context.ts'
import { table } from '../table.ts'

export interface RecipientArgs {
  profile?: string
  json?: boolean
  all?: boolean
  'per-payout'?: string
  'per-day'?: string
  'passphrase-stdin'?: boolean
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
  io: CliIo,
) {
  if (!name)
    throw new UsageError('profile limits NAME [--per-payout AMOUNT] [--per-day AMOUNT] --passphrase-stdin')
  const profile = profileByName(services, name)
  const { shape } = resolveProfile(services.ledger, profile.id)
  const current = readLimits(services.ledger, profile.id)
  const limit = (text: string | undefined, now: number | null, what: string) => {
    if (text === undefined) return now
    if (/^(none|off|-)$/i.test(text.trim())) return null
    const parsed = parseAmount(text, shape.currency)
    if (!parsed.ok)
      throw new UsageError(`--${what} takes an amount in ${shape.currency}, like 5000000, or none`)
    return parsed.minor
  }
  const perPayout = limit(args['per-payout'], current?.per_payout ?? null, 'per-payout')
  const perDay = limit(args['per-day'], current?.per_day ?? null, 'per-day')
  const [first, second] = await passphrases(args, io)
  await setLimits(
    services.ledger,
    profile.id,
    current?.passphrase_hash
      ? { perPayout, perDay, current: first, ...(second ? { next: second } : {}) }
      : { perPayout, perDay, next: first },
  )
  const shown = (minor: number | null) => (minor === null ? 'none' : money(minor, shape.currency))
  io.out(`Limits of "${profile.name}": per payout ${shown(perPayout)}, per day ${shown(perDay)}.\n`)
  return 0
}

/** `payout-desk release (BATCH | --all) [--profile N] --passphrase-stdin`: sends what waits for release. */
export async function releaseCommand(
  services: Services,
  batch: string | undefined,
  args: RecipientArgs,
  io: CliIo,
) {
  if (!batch && !args.all) throw new UsageError('release (BATCH | --all) [--profile NAME] --passphrase-stdin')
  const profileId = args.profile ? profileByName(services, args.profile).id : undefined
  const groups = listAwaitingRelease(services.ledger).filter(
    (g) => (!profileId || g.profileId === profileId) && (args.all || g.batchId === batch),
  )
  if (groups.length === 0) {
    if (batch) throw new AppError('NOT_FOUND', `Nothing of batch ${batch} waits for release.`)
    io.out('Nothing waits for release.\n')
    return 0
  }
  const [passphrase] = await passphrases(args, io)
  for (const g of groups) {
    const { released, totalMinor } = await releaseHeld(services.ledger, {
      profileId: g.profileId,
      held: g.batchId ? { batchId: g.batchId } : { payoutIds: g.payoutIds },
      passphrase,
      reviewHash: g.reviewHash,
    })
    io.out(
      `Released ${released === 1 ? '1 payout' : `${released} payouts`}, ${money(totalMinor, g.currency)} (${g.profileName}, ${g.environment === 'production' ? 'real money' : 'test money'}).\n`,
    )
    if (g.batchId)
      await services.batches.start(g.batchId).then(() => services.batches.finished(g.batchId as string))
    else for (const id of g.payoutIds) await services.engine.send(id)
  }
  return 0
}
