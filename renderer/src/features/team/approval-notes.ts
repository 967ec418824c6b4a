import type { TFunction } from 'i18next'
import type { TeamApprovalNote, TeamWaitingPayout } from '../../../../shared/ipc/team-contract.ts'

/** What the book says of a waiting payout, in the person's words: each note, and who accepted it. */
export function noteText(t: TFunction, language: string, p: TeamWaitingPayout, n: TeamApprovalNote): string {
  const said =
    n.kind === 'new_account'
      ? t('team.note.new_account', { bank: n.was.bank, accountNo: n.was.accountNo })
      : n.kind === 'paid_recently'
        ? t('team.note.paid_recently', { at: new Date(n.at).toLocaleString(language) })
        : t('team.note.twice_waiting', { reference: n.reference })
  const who = n.accepted ? t('team.note.accepted', { by: p.preparedBy }) : t('team.note.notAccepted')
  return t('team.note.withWho', { note: said, who })
}

export const notesText = (t: TFunction, language: string, p: TeamWaitingPayout): string =>
  p.notes.map((n) => noteText(t, language, p, n)).join('; ')
