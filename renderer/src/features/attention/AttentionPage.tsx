import { Alert, Stack, Text, Title, VisuallyHidden } from '@mantine/core'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { IRREVERSIBLE_ACTIONS } from '../../../../shared/domain/attention.ts'
import type { AttentionItem } from '../../../../shared/ipc/attention-contract.ts'
import { formatMoney } from '../../../../shared/money.ts'
import { PayoutDrawer } from '../history/PayoutDrawer.tsx'
import { useHistory } from '../history/history-store.ts'
import { actionHelp, actionLabel } from './action-text.ts'
import { AttentionCard } from './AttentionCard.tsx'
import { useAttention, type Decision } from './attention-store.ts'
import { ConfirmDecision, decisionSentence } from './ConfirmDecision.tsx'
import { OutcomePanel } from './OutcomePanel.tsx'
import { AwaitingReleasePanel } from '../release/AwaitingReleasePanel.tsx'
import { TeamApprovalsPanel } from '../team/TeamApprovalsPanel.tsx'
import { TeamSendingPanel } from '../team/TeamSendingPanel.tsx'
import { TeamRetryPanel } from '../team/TeamRetryPanel.tsx'

/** What waits behind the confirmation dialog: a decision on an item, or paying one again. */
type Pending = { kind: 'decision'; decision: Decision } | { kind: 'payAgain'; item: AttentionItem }

/** Every payout a person must decide on, each with only the actions that are safe for it now. */
export function AttentionPage() {
  const { t, i18n } = useTranslation()
  const { items, count, loaded, error, teamProblem, busy, outcome, load, decide, payAgain } = useAttention()
  const [pending, setPending] = useState<Pending | null>(null)
  useEffect(() => {
    void load()
    // The drawer belongs to whichever screen opened it: leaving this one closes it.
    return () => {
      useHistory.getState().open(null)
      useAttention.getState().clearOutcome()
    }
  }, [load])

  const ask = (decision: Decision) => {
    if (IRREVERSIBLE_ACTIONS.has(decision.action)) setPending({ kind: 'decision', decision })
    else void decide(decision)
  }
  const confirm = () => {
    if (!pending) return
    setPending(null)
    if (pending.kind === 'decision') void decide(pending.decision)
    else void payAgain(pending.item)
  }
  const dialogItem = pending ? (pending.kind === 'decision' ? pending.decision.item : pending.item) : null
  const dialog =
    pending?.kind === 'decision'
      ? {
          what: decisionSentence(
            t,
            i18n.language,
            pending.decision.item,
            actionLabel(t, pending.decision.action),
          ),
          help: actionHelp(t, pending.decision.item, pending.decision.action),
          note: pending.decision.note,
          confirmLabel: t('attention.confirm.yes'),
        }
      : pending?.kind === 'payAgain'
        ? {
            what: t('attention.retry.confirm', {
              amount: formatMoney(pending.item.amountMinor, pending.item.currency, i18n.language),
              name: pending.item.beneficiaryName,
            }),
            help: t('attention.retry.help'),
            note: '',
            confirmLabel: t('attention.retry.yes'),
          }
        : { what: '', help: '', note: '', confirmLabel: '' }

  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          {t('attention.title')}
        </Title>
        <Text>{t('attention.subtitle')}</Text>
      </div>
      <VisuallyHidden role="status">{loaded ? t('attention.countLabel', { count }) : ''}</VisuallyHidden>
      {outcome && (
        <OutcomePanel
          outcome={outcome}
          busy={busy}
          onPayAgain={() => setPending({ kind: 'payAgain', item: outcome.item })}
        />
      )}
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {teamProblem && (
        <Alert
          color="orange"
          role="alert"
          title={t('attention.teamProblem')}
          data-testid="team-attention-problem"
        >
          {teamProblem}
        </Alert>
      )}
      {loaded && items.length === 0 && !error && (
        <Text data-testid="attention-empty">{t('attention.empty')}</Text>
      )}
      <TeamApprovalsPanel />
      <TeamSendingPanel />
      <TeamRetryPanel />
      <AwaitingReleasePanel />
      <Stack gap="md" aria-label={t('attention.listLabel')} role="list">
        {items.map((item) => (
          <div role="listitem" key={item.id}>
            <AttentionCard
              item={item}
              busy={busy}
              onDecide={(action, note, gatewayId) => ask({ item, action, note, gatewayId })}
            />
          </div>
        ))}
      </Stack>
      <ConfirmDecision item={dialogItem} {...dialog} onConfirm={confirm} onCancel={() => setPending(null)} />
      <PayoutDrawer />
    </Stack>
  )
}
