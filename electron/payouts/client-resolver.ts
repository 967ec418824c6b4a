import { isBuiltinSandbox, type ProfileRecord } from '../ledger/profiles-repo.ts'
import { AppError } from '../errors.ts'
import { PROVIDERS } from '../providers/registry.ts'
import type { ProviderClient } from '../providers/types.ts'
import type { SecretStore } from '../secrets/secret-store.ts'
import { NO_CALLBACKS_PATH } from '../sandbox/callbacks.ts'
import { SANDBOX_VEXORA } from '../sandbox/credentials.ts'

export interface BuiltinSandbox {
  url: string
  merchantPrivateKeyPem: string
  bluepayPublicKeyPem: string
}

export interface ClientResolverOptions {
  secrets: SecretStore
  /** The sandbox for built-in sandbox profiles, if any (the app starts its own on this first call). */
  builtinSandbox: () => Promise<BuiltinSandbox | null> | BuiltinSandbox | null
  /** Where gateways should send callbacks (the listener's URL), when it is on. */
  callbackBaseUrl?: () => string | null
  timeoutMs?: number
}

export type ClientResolver = (profile: ProfileRecord) => Promise<ProviderClient>

/**
 * Builds the gateway client for a profile. Real profiles get their secret from the keychain at the
 * moment of use; built-in sandbox profiles use the sandbox's public test credentials, so trying the app
 * needs neither a keychain nor an account.
 */
export function createClientResolver(options: ClientResolverOptions): ClientResolver {
  const timeoutMs = options.timeoutMs ?? 15_000
  return async (profile) => {
    const notifyUrl =
      profile.notifyUrl ?? (options.callbackBaseUrl?.() ? `${options.callbackBaseUrl()}/${profile.id}` : null)
    if (isBuiltinSandbox(profile)) {
      const sandbox = await options.builtinSandbox()
      if (!sandbox) throw new AppError('NOT_FOUND', { key: 'sandboxNotRunning' })
      const base = `${sandbox.url}/${profile.baseUrl.slice('builtin:sandbox/'.length)}`
      const config = {
        baseUrl: base,
        merchantId: profile.merchantId,
        area: profile.area,
        // Vexora requires a notify URL; the sandbox accepts a placeholder when the listener is off.
        notifyUrl: notifyUrl ?? `${sandbox.url}${NO_CALLBACKS_PATH}`,
        gatewayPublicKey: sandbox.bluepayPublicKeyPem,
        timeoutMs,
      }
      const secret = profile.provider === 'vexora' ? SANDBOX_VEXORA.secret : sandbox.merchantPrivateKeyPem
      return PROVIDERS[profile.provider].createClient(config, secret)
    }
    const secret = await options.secrets.reveal(profile.id)
    return PROVIDERS[profile.provider].createClient(
      {
        baseUrl: profile.baseUrl,
        merchantId: profile.merchantId,
        area: profile.area,
        notifyUrl,
        gatewayPublicKey: profile.gatewayPublicKey ?? null,
        timeoutMs,
      },
      secret,
    )
  }
}
