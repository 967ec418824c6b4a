import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { SaveProfileInput } from '../../../shared/ipc/profiles-contract.ts'
import { AppError } from '../../errors.ts'
import { isBuiltinSandbox, listProfiles } from '../../ledger/profiles-repo.ts'
import { profileHandlers } from '../../ipc/profile-handlers.ts'
import type { Services } from '../../services/create-services.ts'
import { limitsCommand, type RecipientArgs } from './recipients.ts'
import { UsageError, profileByName, type CliIo } from '../cli-context.ts'

export interface ProfileArgs extends RecipientArgs {
  name?: string
  provider?: string
  'base-url'?: string
  area?: string
  environment?: string
  'merchant-no'?: string
  'app-id'?: string
  'notify-url'?: string
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

export async function profileCommand(
  services: Services,
  action: string | undefined,
  positional: string[],
  args: ProfileArgs,
  io: CliIo,
): Promise<number> {
  const handlers = profileHandlers(services)
  if (action === 'limits') return limitsCommand(services, positional[0], args, io)
  if (action === 'list') {
    const profiles = listProfiles(services.ledger)
    if (args.json) {
      io.out(
        `${JSON.stringify(profiles.map((p) => ({ name: p.name, provider: p.provider, area: p.area, environment: p.environment, baseUrl: isBuiltinSandbox(p) ? null : p.baseUrl, merchantId: p.merchantId, builtin: isBuiltinSandbox(p) })))}\n`,
      )
    } else {
      for (const p of profiles)
        io.out(
          `${p.name}\t${p.provider} ${p.area}\t${p.environment}${isBuiltinSandbox(p) ? '\t(built-in sandbox)' : `\t${p.baseUrl}`}\n`,
        )
    }
    return 0
  }
  if (action === 'remove') {
    const name = positional[0]
    if (!name) throw new UsageError('profile remove NAME')
    await handlers.removeProfile({ profileId: profileByName(services, name).id })
    io.out(`Removed profile "${name}".\n`)
    return 0
  }
  if (action !== 'add') throw new UsageError('profile add | list | remove')
  const provider = args.provider
  const parsed = SaveProfileInput.safeParse({
    name: args.name,
    provider,
    area: args.area ?? (provider === 'vexora' ? 'ID' : 'TH'),
    environment: args.environment ?? (args['base-url']?.startsWith('https://') ? 'production' : 'sandbox'),
    baseUrl: args['base-url'],
    merchantId: provider === 'bluepay' ? args['app-id'] : args['merchant-no'],
    notifyUrl: args['notify-url'] ?? null,
    gatewayPublicKey: args['gateway-public-key-file'] ? readFile(args['gateway-public-key-file']) : null,
  })
  if (!parsed.success)
    throw new UsageError(`profile add: ${z.prettifyError(parsed.error).replace(/\n\s*/g, ' ')}`)
  // Read the secret before writing anything, so a missing one leaves no half-made profile behind.
  let secret: string | null = null
  if (provider === 'vexora' && args['secret-stdin'])
    secret = (await io.stdin()).toString('utf8').split(/\r?\n/)[0] ?? ''
  if (provider === 'bluepay' && args['private-key-file']) secret = readFile(args['private-key-file'])
  const saved = await handlers.saveProfile(parsed.data)
  if (secret !== null) {
    try {
      const status = await handlers.setSecret({ profileId: saved.id, secret })
      io.out(
        `Added profile "${saved.name}"; its secret is in the keychain (fingerprint ${status.fingerprint ?? ''}).\n`,
      )
    } catch (error) {
      await handlers.removeProfile({ profileId: saved.id })
      throw error instanceof AppError
        ? error
        : new AppError('INVALID_INPUT', 'The secret could not be stored.')
    }
  } else {
    io.out(`Added profile "${saved.name}". Store its secret before sending: it has none yet.\n`)
  }
  return 0
}
