import { randomUUID } from 'node:crypto'
import type { ProfileEnvironment, ProviderId } from '../../shared/domain/providers.ts'
import type { Ledger } from './open-ledger.ts'

export interface ProfileRecord {
  id: string
  name: string
  provider: ProviderId
  area: string
  environment: ProfileEnvironment
  baseUrl: string
  merchantId: string
  notifyUrl: string | null
}

export type NewProfile = Omit<ProfileRecord, 'id'>

export function insertProfile(db: Ledger, profile: NewProfile, now = Date.now()): ProfileRecord {
  const record = { id: randomUUID(), ...profile }
  db.prepare(
    `INSERT INTO profiles (id, name, provider, area, environment, base_url, merchant_id, notify_url, created_at, updated_at)
     VALUES (@id, @name, @provider, @area, @environment, @baseUrl, @merchantId, @notifyUrl, @now, @now)`,
  ).run({ ...record, now })
  return record
}
