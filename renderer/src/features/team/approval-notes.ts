import type { TFunction } from 'i18next'
import type { TeamApprovalNote, TeamWaitingPayout } from '../../../../shared/ipc/team-contract.ts'
import { wordError } from '../../../../shared/messages/errors.ts'

/** What the book says of a waiting payout, in the person's words: each note, and whether it was marked. */
export function noteText(t: TFunction, language: string, p: TeamWaitingPayout, n: TeamApprovalNote): string {
  const marked = (said: string, accepted: boolean) =>
    t('team.note.withWho', {
      note: said,
      who: accepted ? t('team.note.accepted', { by: p.preparedBy }) : t('team.note.notAccepted'),
    })
  switch (n.kind) {
    case 'new_account':
      return marked(t('team.note.new_account', { bank: n.was.bank, accountNo: n.was.accountNo }), n.accepted)
    case 'other_name':
      return t('team.note.other_name', { name: n.name })
    case 'two_accounts':
      return t('team.note.two_accounts', { bank: n.also.bank, accountNo: n.also.accountNo })
    case 'new_payee':
      return n.paidBefore === 0
        ? t('team.note.new_payee')
        : t('team.note.unseen_payee', { count: n.paidBefore })
    case 'paid_recently':
      return marked(t('team.note.paid_recently', { at: new Date(n.at).toLocaleString(language) }), n.accepted)
    case 'twice_waiting':
      return marked(t('team.note.twice_waiting', { reference: n.reference }), n.accepted)
    case 'not_sendable':
      return t('team.note.not_sendable', {
        problem: wordError(n.problem, language === 'zh-CN' ? 'zh-CN' : 'en'),
      })
    case 'unchecked':
      return t(n.why === 'moved' ? 'team.note.uncheckedMoved' : 'team.note.uncheckedRules')
    case 'decided_not_paid':
      return t(n.action === 'keep-ledger' ? 'team.note.keptLedger' : 'team.note.saidNotSent', {
        reference: n.reference,
        person: n.person,
      })
  }
}

export const notesText = (t: TFunction, language: string, p: TeamWaitingPayout): string =>
  p.notes.map((n) => noteText(t, language, p, n)).join('; ')
