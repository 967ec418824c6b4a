import { randomUUID } from 'node:crypto'
import {
  BUILTIN_SANDBOX_NAMES,
  type ProfileEnvironment,
  type ProviderId,
} from '../../shared/domain/providers.ts'
import { assertAccountEditable, spellingFor } from './gateway-account.ts'
import type { Ledger } from './open-ledger.ts'
import { prepared } from './statements.ts'

export interface ProfileRecord {
  id: string
  name: string
  provider: ProviderId
  area: string
  environment: ProfileEnvironment
  /** A gateway URL, or `builtin:sandbox/…` for the sandbox that runs inside the app. */
  baseUrl: string
  merchantId: string
  notifyUrl: string | null
  gatewayPublicKey?: string | null
}

export type NewProfile = Omit<ProfileRecord, 'id'>

export const BUILTIN_SANDBOX_PREFIX = 'builtin:sandbox/'

export function isBuiltinSandbox(profile: Pick<ProfileRecord, 'baseUrl'>): boolean {
  return profile.baseUrl.startsWith(BUILTIN_SANDBOX_PREFIX)
}

/** A profile's row as stored (the team ledger's profiles have the same columns). */
export interface ProfileRow {
  id: string
  name: string
  provider: ProviderId
  area: string
  environment: ProfileEnvironment
  base_url: string
  merchant_id: string
  notify_url: string | null
  gateway_public_key: string | null
}

export const profileOfRow = (r: ProfileRow): ProfileRecord => ({
  id: r.id,
  name: r.name,
  provider: r.provider,
  area: r.area,
  environment: r.environment,
  baseUrl: r.base_url,
  merchantId: r.merchant_id,
  notifyUrl: r.notify_url,
  gatewayPublicKey: r.gateway_public_key,
})

export function insertProfile(db: Ledger, profile: NewProfile, now = Date.now()): ProfileRecord {
  const record = { ...profile, id: randomUUID(), gatewayPublicKey: profile.gatewayPublicKey ?? null }
  prepared(
    db,
    `INSERT INTO profiles (id, name, provider, area, environment, base_url, merchant_id, notify_url,
       gateway_public_key, created_at, updated_at)
     VALUES (@id, @name, @provider, @area, @environment, @baseUrl, @merchantId, @notifyUrl,
       @gatewayPublicKey, @now, @now)`,
  ).run({ ...record, now })
  return record
}

export function getProfile(db: Ledger, id: string): ProfileRecord | null {
  const row = prepared<[string], ProfileRow>(db, 'SELECT * FROM profiles WHERE id = ?').get(id)
  return row ? profileOfRow(row) : null
}

export function listProfiles(db: Ledger): ProfileRecord[] {
  return prepared<[], ProfileRow>(db, 'SELECT * FROM profiles ORDER BY environment DESC, name')
    .all()
    .map(profileOfRow)
}

/**
 * On the first start, one sandbox profile per gateway, so the app can be tried with no credentials.
 * Seeded once: a person who deletes them does not get them back on the next start.
 */
export function seedBuiltinSandboxProfiles(db: Ledger, now = Date.now()): void {
  db.transaction(() => {
    const seeded = prepared(db, "SELECT 1 FROM settings WHERE key = 'sandbox_profiles_seeded'").get()
    if (seeded) return
    insertProfile(
      db,
      {
        name: BUILTIN_SANDBOX_NAMES.vexora,
        provider: 'vexora',
        area: 'ID',
        environment: 'sandbox',
        baseUrl: `${BUILTIN_SANDBOX_PREFIX}vexora/id`,
        merchantId: '0000000001',
        notifyUrl: null,
      },
      now,
    )
    insertProfile(
      db,
      {
        name: BUILTIN_SANDBOX_NAMES.bluepay,
        provider: 'bluepay',
        area: 'TH',
        environment: 'sandbox',
        baseUrl: `${BUILTIN_SANDBOX_PREFIX}bluepay`,
        merchantId: 'SANDBOX-APP-0001',
        notifyUrl: null,
      },
      now,
    )
    prepared(db, "INSERT INTO settings (key, value) VALUES ('sandbox_profiles_seeded', '1')").run()
  })()
}

/**
 * Saves a profile's new settings. Refused (AppError) when that would move payouts still open to another
 * gateway account or environment: they are checked and re-sent only where they were sent.
 */
export function updateProfile(db: Ledger, profile: ProfileRecord, now = Date.now()): void {
  const before = getProfile(db, profile.id)
  if (before) assertAccountEditable(db, before, profile)
  prepared(
    db,
    `UPDATE profiles SET name = @name, provider = @provider, area = @area, environment = @environment,
       base_url = @baseUrl, merchant_id = @merchantId, notify_url = @notifyUrl,
       gateway_public_key = @gatewayPublicKey, updated_at = @now
     WHERE id = @id`,
  ).run({ ...profile, gatewayPublicKey: profile.gatewayPublicKey ?? null, now })
}

export function payoutCount(db: Ledger, profileId: string): number {
  return prepared(db, 'SELECT count(*) FROM payouts WHERE profile_id = ?').pluck().get(profileId) as number
}

export function deleteProfile(db: Ledger, id: string): void {
  prepared(db, 'DELETE FROM release_limits WHERE profile_id = ?').run(id)
  prepared(db, 'DELETE FROM profiles WHERE id = ?').run(id)
}

/** Payouts of the built-in sandbox profiles that it may still be asked about (or may still send). */
export function openSandboxPayouts(db: Ledger): number {
  return prepared(
    db,
    `SELECT count(*) FROM payouts p JOIN profiles pr ON pr.id = p.profile_id
       WHERE pr.base_url LIKE 'builtin:sandbox/%'
         AND (p.status IN ('submitting', 'processing', 'unknown', 'needs_review')
              OR p.attention IS NOT NULL)`,
  )
    .pluck()
    .get() as number
}

/**
 * The spelling a profile saved with gateway address `url` keeps: the one profile `id` has for the same
 * address, else another profile's, else one canonical spelling (spellingFor), so saving never splits a
 * merchant into two accounts.
 */
export function addressAsSaved(db: Ledger, url: string, id?: string): string {
  const own = id ? getProfile(db, id)?.baseUrl : undefined
  return spellingFor(url, [...(own ? [own] : []), ...listProfiles(db).map((p) => p.baseUrl)])
}
