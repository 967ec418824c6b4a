import type { ProfileView } from '../../../../shared/ipc/profiles-contract.ts'
import type { RecipientView } from '../../../../shared/ipc/recipients-contract.ts'
import { payoutShape } from '../../../../shared/providers/payout-shape.ts'

/** Only the fields this profile's form shows: nothing reaches createPayout that the person did not see. */
export function formFields(
  profile: Pick<ProfileView, 'provider' | 'area'>,
  fields: Record<string, string>,
): Record<string, string> {
  const known = new Set(payoutShape(profile.provider, profile.area)?.fields.map((f) => f.key) ?? [])
  return Object.fromEntries(Object.entries(fields).filter(([k]) => known.has(k)))
}

/** A recipient's account as last paid, with their name and contact where the account leaves them out. */
export function recipientFields(profile: ProfileView, r: RecipientView): Record<string, string> {
  const shape = payoutShape(profile.provider, profile.area)
  const fields = { ...r.accountFields }
  const nameField = shape?.nameFields[0]
  if (nameField && !fields[nameField]) fields[nameField] = r.name
  if (r.mobile && !fields.mobile) fields.mobile = r.mobile
  if (r.email && !fields.email) fields.email = r.email
  return formFields(profile, fields)
}
