import type { ProfileView } from '../../../../shared/ipc/profiles-contract.ts'
import { useNav } from '../../app/nav-store.ts'
import { useNewPayout } from './new-payout-store.ts'
import { formFields } from './recipient-fields.ts'

/** Opens New payout filled in; the person still reviews every field and confirms. */
export function payAgain(profile: ProfileView, fields: Record<string, string>, amountText = ''): void {
  useNewPayout.getState().prefill(profile.id, formFields(profile, fields), amountText)
  useNav.getState().go('newPayout')
}
