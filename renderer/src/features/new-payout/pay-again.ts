import type { ProfileView } from '../../../../shared/ipc/profiles-contract.ts'
import { minorToDecimalString } from '../../../../shared/money.ts'
import i18next from 'i18next'
import { errorMessage, unwrap } from '../../api/call.ts'
import { useTeam } from '../team/team-store.ts'
import { useNav } from '../../app/nav-store.ts'
import { useNewPayout } from './new-payout-store.ts'
import { formFields } from './recipient-fields.ts'

/** Opens New payout filled in; the person still reviews every field and confirms. */
export function payAgain(profile: ProfileView, fields: Record<string, string>, amountText = ''): void {
  useNewPayout.getState().prefill(profile.id, formFields(profile, fields), amountText)
  useNav.getState().go('newPayout')
}

/**
 * Opens New payout on the team ledger, filled from a paid team payout; main refuses one that did not pay
 * (Retry pays that again). Resolves to the refusal's words, or null once the form is open.
 */
export async function payAgainOnTeam(id: string): Promise<string | null> {
  try {
    const form = await unwrap(window.api.getTeamPayAgain({ id }))
    await useTeam.getState().loadProfiles()
    const profile = useTeam.getState().profiles.find((p) => p.id === form.profileId)
    if (!profile) return useTeam.getState().error ?? i18next.t('team.profileGone')
    const amount = minorToDecimalString(form.amountMinor, form.currency)
    useNewPayout.getState().prefill(profile.id, formFields(profile, form.fields), amount, 'team')
    useNav.getState().go('newPayout')
    return null
  } catch (error) {
    return errorMessage(error)
  }
}
