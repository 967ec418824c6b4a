import type { ErrorText } from '../messages/errors.ts'
import { z } from 'zod'
import { isLocalNetworkHost } from '../domain/loopback.ts'
import { ENVIRONMENTS, PROVIDERS, type ProfileEnvironment, type ProviderId } from '../domain/providers.ts'
import type { CurrencyCode } from '../money.ts'

const httpUrl = z.url({
  protocol: /^https?$/,
  error: 'must be a web address starting with http:// or https://',
})

function isPublicUrl(url: string): boolean {
  try {
    return !isLocalNetworkHost(new URL(url).hostname)
  } catch {
    return false
  }
}

/**
 * A profile's name and gateway account as the form was opened with them: a change is refused if another
 * person (another owner of a team, another window or the command line) changed them since, so a form
 * left open does not move a profile back unseen (review 84 F1).
 */
export const ProfileShown = z
  .object({
    name: z.string().max(60),
    area: z.string().max(8),
    environment: z.enum(ENVIRONMENTS),
    baseUrl: z.string().max(300),
    merchantId: z.string().max(64),
    /** Where the gateway posts its results (review 86 F2: a stale form wrote a retired one back). */
    notifyUrl: z.string().max(300).nullable(),
  })
  .strict()
export type ProfileShown = z.infer<typeof ProfileShown>

/** What a change shows of the profile it changes, from the profile as read (a form's, a command's). */
export const profileShownOf = (p: {
  name: string
  area: string
  environment: ProfileEnvironment
  baseUrl: string | null
  merchantId: string
  notifyUrl: string | null
}): ProfileShown => ({
  name: p.name,
  area: p.area,
  environment: p.environment,
  baseUrl: p.baseUrl ?? '',
  merchantId: p.merchantId,
  notifyUrl: p.notifyUrl,
})

export const SaveProfileInput = z
  .object({
    /** Absent for a new profile. */
    id: z.uuid().optional(),
    name: z.string().trim().min(1).max(60),
    provider: z.enum(PROVIDERS),
    area: z.string().trim().min(2).max(8),
    environment: z.enum(ENVIRONMENTS),
    baseUrl: httpUrl.max(300),
    merchantId: z.string().trim().min(1).max(64),
    notifyUrl: httpUrl.max(300).nullable().default(null),
    gatewayPublicKey: z.string().trim().max(8_192).nullable().default(null),
    /**
     * The secret, when it is entered with the profile. Required to change the address, merchant number or
     * app ID, or environment of a profile that has one: the stored secret belongs to the old account.
     */
    secret: z.string().min(1).max(16_384).optional(),
    /** A change's: the profile as the form showed it. A team profile's change is refused without it. */
    shown: ProfileShown.optional(),
  })
  .strict()
  // Real money only travels encrypted, and results about it too.
  .refine((p) => p.environment === 'sandbox' || p.baseUrl.startsWith('https://'), {
    path: ['baseUrl'],
    message: 'a production gateway address must start with https://',
  })
  .refine((p) => p.environment === 'sandbox' || p.notifyUrl === null || p.notifyUrl.startsWith('https://'), {
    path: ['notifyUrl'],
    message: 'a production callback URL must start with https://',
  })
  // Vexora takes the callback URL with every payout; for real money it must be one the gateway can reach,
  // never a loopback address filled in quietly.
  .refine(
    (p) =>
      p.environment === 'sandbox' ||
      p.provider !== 'vexora' ||
      (p.notifyUrl !== null && isPublicUrl(p.notifyUrl)),
    {
      path: ['notifyUrl'],
      message:
        'a production Vexora profile needs a public callback URL (https://…) that Vexora can reach, such as your reverse proxy or tunnel to the callback listener',
    },
  )

export const ProfileIdInput = z.object({ profileId: z.uuid() }).strict()

export const SetSecretInput = z
  .object({ profileId: z.uuid(), secret: z.string().min(1).max(16_384) })
  .strict()

export const BalanceInput = z.object({ profileId: z.uuid(), refresh: z.boolean().default(false) }).strict()

export interface SecretView {
  stored: boolean
  fingerprint: string | null
}

export interface BalanceView {
  /** Whole minor units (a finer fraction cut off): what the balance check counts on. */
  availableMinor: number
  /** The exact figure in major units, which may have more places than the currency ("9998989.12" IDR). */
  availableDecimal: string
  /** The value as the gateway wrote it, shown beside the balance; null for one cached by an older version. */
  gatewayValue: string | null
  currency: CurrencyCode
  /** When the gateway said so; shown beside the figure, because a balance is only true at a moment. */
  fetchedAt: number
}

export interface ProfileView {
  id: string
  name: string
  provider: ProviderId
  area: string
  environment: ProfileEnvironment
  /** True for the sandbox that runs inside the app: no address or secret to manage. */
  builtin: boolean
  baseUrl: string | null
  merchantId: string
  notifyUrl: string | null
  hasGatewayPublicKey: boolean
  balance: BalanceView | null
}

export interface BalanceResult {
  balance: BalanceView | null
  /** Why a fresh figure could not be had (a message key); the cached one (with its time) is still shown. */
  problem: ErrorText | null
}

export interface GeneratedKey {
  /** Send this to BluePay: base64 X.509 SubjectPublicKeyInfo. The private half went to the keychain. */
  publicKeyBase64: string
  secret: SecretView
}
