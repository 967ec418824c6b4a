import { readFileSync } from 'node:fs'
import type { z } from 'zod'
import { profileShownOf, SaveProfileInput } from '../../../shared/ipc/profiles-contract.ts'
import { AppError } from '../../errors.ts'
import { isBuiltinSandbox, listProfiles, type ProfileRecord } from '../../ledger/profiles-repo.ts'
import { profileSecretStatus, removeProfile, saveProfile } from '../../actions/profiles.ts'
import type { Services } from '../../services/create-services.ts'
import { UsageError, profileByName, type CliIo } from '../cli-context.ts'

export interface ProfileArgs {
  name?: string
  provider?: string
  'base-url'?: string
  area?: string
  environment?: string
  'merchant-no'?: string
  'app-id'?: string
  'notify-url'?: string
  'no-notify-url'?: boolean
  'secret-stdin'?: boolean
  'private-key-file'?: string
  'gateway-public-key-file'?: string
  json?: boolean
}

const readFile = (path: string) => {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    throw new UsageError(`cannot read ${path}`)
  }
}

const AREA_NAMES: Readonly<Record<string, string>> = { ID: 'Indonesia', TH: 'Thailand' }
const AREA_IN_PATH: Readonly<Record<string, string>> = { id: 'ID', indonesia: 'ID', th: 'TH', thailand: 'TH' }

/** The area a base URL names in its last path segment (`…/vexora/th`, `…/thailand`), if it names one. */
function areaInUrl(url: string | undefined): { area: string; segment: string } | null {
  if (!url || !URL.canParse(url)) return null
  const segment = new URL(url).pathname.split('/').filter(Boolean).at(-1)?.toLowerCase() ?? ''
  return Object.hasOwn(AREA_IN_PATH, segment) ? { area: AREA_IN_PATH[segment] ?? '', segment } : null
}

/**
 * Which country the profile pays out in. Vexora's base URL is per country, so a URL that names one
 * decides it; a given --area that contradicts it, or neither, is refused rather than guessed.
 */
function chooseArea(provider: string | undefined, args: ProfileArgs, current: string | null): string {
  if (provider === 'bluepay') {
    if (args.area && args.area !== 'TH')
      throw new UsageError('BluePay Asia pays out in Thailand only: use --area TH, or leave --area out')
    return 'TH'
  }
  const fromUrl = areaInUrl(args['base-url'])
  if (args.area && fromUrl && fromUrl.area !== args.area)
    throw new UsageError(
      `--area ${args.area} (${AREA_NAMES[args.area]}) does not match the base URL, which ends in /${fromUrl.segment} (${AREA_NAMES[fromUrl.area]}); correct one of them`,
    )
  const area = args.area ?? fromUrl?.area ?? current
  if (!area)
    throw new UsageError(
      'Vexora has a base URL per country and this one names none: add --area ID (Indonesia) or --area TH (Thailand)',
    )
  return area
}

/** zod's findings about the profile as one sentence that names the option to fix. */
function plainProfileError(error: z.ZodError, provider: string | undefined): UsageError {
  const flags: Record<string, string> = {
    name: '--name',
    baseUrl: '--base-url',
    merchantId: provider === 'bluepay' ? '--app-id' : '--merchant-no',
    notifyUrl: '--notify-url',
    gatewayPublicKey: '--gateway-public-key-file',
    area: '--area',
    environment: '--environment',
    provider: '--provider',
  }
  const issue = error.issues[0]
  const flag = flags[String(issue?.path[0])] ?? 'an option'
  if (!issue) return new UsageError('the profile is not valid')
  if (issue.code === 'invalid_type' || (issue.code === 'too_small' && issue.minimum === 1))
    return new UsageError(`${flag} is required`)
  if (issue.code === 'too_big')
    return new UsageError(`${flag} is too long: at most ${issue.maximum} characters`)
  return new UsageError(
    issue.message.startsWith('must') ? `${flag} ${issue.message}` : `${flag}: ${issue.message}`,
  )
}

export function describe(p: { name: string; provider: string; area: string; environment: string }): string {
  const gateway = p.provider === 'bluepay' ? 'BluePay Asia' : 'Vexora'
  return `"${p.name}" (${gateway}, ${AREA_NAMES[p.area] ?? p.area} ${p.area}, ${p.environment === 'production' ? 'production: real money' : 'sandbox: test money'})`
}

function listCommand(services: Services, args: ProfileArgs, io: CliIo): number {
  const profiles = listProfiles(services.ledger)
  if (args.json) {
    io.out(
      `${JSON.stringify(profiles.map((p) => ({ name: p.name, provider: p.provider, area: p.area, environment: p.environment, baseUrl: isBuiltinSandbox(p) ? null : p.baseUrl, merchantId: p.merchantId, notifyUrl: p.notifyUrl, builtin: isBuiltinSandbox(p) })))}\n`,
    )
    return 0
  }
  for (const p of profiles)
    io.out(
      `${p.name}\t${p.provider} ${p.area}\t${p.environment}${isBuiltinSandbox(p) ? '\t(built-in sandbox)' : `\t${p.baseUrl}`}\n`,
    )
  return 0
}

/** The profile as `profile add` or `profile edit` describe it; what edit does not name stays. */
export function profileInput(args: ProfileArgs, current: ProfileRecord | null) {
  const provider = current?.provider ?? args.provider
  const baseUrl = args['base-url'] ?? current?.baseUrl
  const parsed = SaveProfileInput.safeParse({
    ...(current ? { id: current.id } : {}),
    name: args.name ?? current?.name,
    provider,
    area: chooseArea(provider, args, current?.area ?? null),
    environment:
      args.environment ??
      current?.environment ??
      (baseUrl?.startsWith('https://') ? 'production' : 'sandbox'),
    baseUrl,
    merchantId: (provider === 'bluepay' ? args['app-id'] : args['merchant-no']) ?? current?.merchantId,
    notifyUrl: args['no-notify-url'] ? null : (args['notify-url'] ?? current?.notifyUrl ?? null),
    gatewayPublicKey: args['gateway-public-key-file']
      ? readFile(args['gateway-public-key-file'])
      : (current?.gatewayPublicKey ?? null),
  })
  if (!parsed.success) throw plainProfileError(parsed.error, provider)
  return parsed.data
}

/** The secret given with a profile: Vexora's from stdin's first line, BluePay's key from its file. */
export async function givenSecret(provider: string, args: ProfileArgs, io: CliIo): Promise<string | null> {
  if (provider === 'vexora' && args['secret-stdin'])
    return (await io.stdin()).toString('utf8').split(/\r?\n/)[0] ?? ''
  if (provider === 'bluepay' && args['private-key-file']) return readFile(args['private-key-file'])
  return null
}

export async function profileCommand(
  services: Services,
  action: 'add' | 'edit' | 'list' | 'remove',
  positional: string[],
  args: ProfileArgs,
  io: CliIo,
): Promise<number> {
  if (action === 'list') return listCommand(services, args, io)
  if (action === 'remove') {
    const name = positional[0] ?? ''
    await removeProfile(services, profileByName(services, name).id)
    io.out(`Removed profile "${name}".\n`)
    return 0
  }
  const current = action === 'edit' ? profileByName(services, positional[0]) : null
  if (current && isBuiltinSandbox(current))
    throw new AppError('INVALID_INPUT', { key: 'builtinSandboxFixed' })
  if (args['notify-url'] && args['no-notify-url'])
    throw new UsageError('--notify-url and --no-notify-url contradict each other; give one')
  const input = profileInput(args, current)
  // Read the secret before writing anything, so a missing one leaves no half-made profile behind.
  const secret = await givenSecret(input.provider, args, io)
  // The secret goes with the change, as the window sends it: both land or neither (a move to another
  // account needs the new account's secret in the same change).
  // What it changes is the profile as this command read it: a change made meanwhile (the window moved it
  // while the secret was being pasted) refuses this one (review 86 F1).
  const change = { ...input, ...(current ? { shown: profileShownOf(current) } : {}) }
  const saved = await saveProfile(services, secret === null ? change : { ...change, secret }).catch(
    (error: unknown) => {
      throw secret === null || error instanceof AppError
        ? error
        : new AppError('INVALID_INPUT', { key: 'secretNotSaved' })
    },
  )
  const verb = current ? 'Changed' : 'Added'
  if (secret !== null) {
    const status = await profileSecretStatus(services, saved.id)
    io.out(
      `${verb} profile ${describe(saved)}; its secret is in the keychain (fingerprint ${status.fingerprint ?? ''}).\n`,
    )
  } else if (!current) {
    io.out(`Added profile ${describe(saved)}. Store its secret before sending: it has none yet.\n`)
  } else {
    io.out(`Changed profile ${describe(saved)}.\n`)
  }
  // A team's person may expect the team ledger here: this command keeps this computer's own profiles.
  if (!current && process.env.PAYOUT_DESK_LEDGER_URL)
    io.err(
      `Note: "${saved.name}" is a profile of this computer's own ledger. A profile of the team ledger is added with \`payout-desk team add-profile\`.\n`,
    )
  if (saved.provider === 'vexora' && !saved.notifyUrl)
    io.err(
      `Note: Vexora needs a notify URL for every payout; add one with \`payout-desk profile edit "${saved.name}" --notify-url URL\` before sending.\n`,
    )
  return 0
}
