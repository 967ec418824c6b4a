import { z } from 'zod'
import type { PayoutStatus } from '../domain/payout-status.ts'
import type { ProviderId } from '../domain/providers.ts'
import type { CurrencyCode } from '../money.ts'
import type { Channel, EventName } from './channels.ts'
import {
  ListAttentionInput,
  ResolveAttentionInput,
  type AttentionItem,
  type AttentionList,
  type ResolvedAttention,
} from './attention-contract.ts'
import {
  ArchiveRecipientInput,
  CancelHeldInput,
  CheckRecipientInput,
  ListRecipientsInput,
  RecipientIdInput,
  ReleaseInput,
  SaveRecipientInput,
  SetReleaseLimitsInput,
  type AwaitingRelease,
  type RecipientDetail,
  type RecipientMatch,
  type RecipientView,
  type Released,
  type ReleaseLimitsView,
} from './recipients-contract.ts'
import {
  BatchIdInput,
  CallbackListenerInput,
  CreatePayoutInput,
  RefreshPayoutsInput,
  type BatchProgressView,
  type CallbackListenerView,
  type Connectivity,
  type CreatedPayout,
  type RefreshSummary,
} from './payouts-contract.ts'
import {
  BatchIdOnly,
  DashboardInput,
  ListPayoutsInput,
  PayoutFilter,
  type BatchSummary,
  type DashboardView,
  type PayoutDetail,
} from './history-contract.ts'
import {
  AcceptImportWarningInput,
  EditImportRowInput,
  ImportFileInput,
  OpenImportFileInput,
  ImportIdInput,
  ConfirmImportInput,
  ImportRowInput,
  RemapImportInput,
  type BankListView,
  type CommittedImport,
  type RetriedBatch,
  type ImportView,
  type SavedFile,
} from './import-contract.ts'
import {
  ApproveTeamInput,
  RefuseTeamInput,
  ReviewTeamPayoutInput,
  RetryTeamBatchInput,
  WriteTeamPayoutInput,
  TeamConnectionInput,
  TeamHistoryInput,
  TeamSecretInput,
  SetTeamLimitsInput,
  TeamStoryInput,
  type TeamApprovals,
  type TeamHistoryPage,
  type TeamStoryView,
  type TeamDashboardView,
  type TeamConnectionView,
  type TeamProfileView,
  type TeamSecretKept,
  type TeamRefreshed,
  type TeamSent,
  type TeamPayoutForm,
  type TeamBatchRetried,
  type TeamBatchToRetry,
  type TeamPayoutReview,
  type TeamPayoutWritten,
} from './team-contract.ts'
import {
  BalanceInput,
  ProfileIdInput,
  SaveProfileInput,
  SetSecretInput,
  type BalanceResult,
  type GeneratedKey,
  type ProfileView,
  type SecretView,
} from './profiles-contract.ts'

export const LANGUAGES = ['en', 'zh-CN'] as const
export type Language = (typeof LANGUAGES)[number]

const NoInput = z.undefined()

export const PayoutIdInput = z.object({ id: z.uuid() }).strict()

export const SetLanguageInput = z.object({ language: z.enum(LANGUAGES) }).strict()
export const SetNotificationsInput = z.object({ enabled: z.boolean() }).strict()

/** 0 turns automatic status checks off (the person refreshes by hand). */
export const POLL_INTERVAL_BOUNDS = { min: 5, max: 3_600 } as const
export const PollIntervalSeconds = z.union([
  z.literal(0),
  z.number().int().min(POLL_INTERVAL_BOUNDS.min).max(POLL_INTERVAL_BOUNDS.max),
])
export const SetPollIntervalInput = z.object({ seconds: PollIntervalSeconds }).strict()

export interface AppInfo {
  version: string
  dataDir: string
  ledgerSchemaVersion: number
}

export interface Settings {
  /** null until the person picks one; the renderer then follows the OS language. */
  language: Language | null
  /** Desktop notifications when a payout succeeds or fails. */
  notifications: boolean
  /** How often payouts that are not final are checked by themselves; 0 = only by hand. */
  pollIntervalSeconds: number
}

export interface PayoutRow {
  id: string
  reference: string
  gatewayId: string | null
  profileName: string
  provider: ProviderId
  environment: 'sandbox' | 'production'
  amountMinor: number
  currency: CurrencyCode
  beneficiaryName: string
  accountNo: string
  status: PayoutStatus
  gatewayStatus: string | null
  /** What the gateway said about it ("REJECTED_TRANSACTION", "Destination Account Error"…). */
  gatewayMessage: string | null
  batchId: string | null
  retryOf: string | null
  createdAt: number
  updatedAt: number
  lastCheckedAt: number | null
  /** The last problem, in plain words (why it was rejected, why it is in doubt…). */
  lastError: string | null
}

export interface PayoutPage {
  rows: PayoutRow[]
  nextCursor: string | null
}

interface ChannelSpec<I extends z.ZodType, O> {
  input: I
  /** Type-only: handlers must return this; nothing is validated on the way out of main. */
  output?: O
}
const channel =
  <O>() =>
  <I extends z.ZodType>(input: I): ChannelSpec<I, O> => ({ input })

export const CONTRACT = {
  getAppInfo: channel<AppInfo>()(NoInput),
  getSettings: channel<Settings>()(NoInput),
  setLanguage: channel<Settings>()(SetLanguageInput),
  setNotifications: channel<Settings>()(SetNotificationsInput),
  setPollInterval: channel<Settings>()(SetPollIntervalInput),
  listPayouts: channel<PayoutPage>()(ListPayoutsInput),
  getPayout: channel<PayoutRow>()(PayoutIdInput),
  getPayoutDetail: channel<PayoutDetail>()(PayoutIdInput),
  exportPayouts: channel<SavedFile>()(PayoutFilter),
  listBatches: channel<BatchSummary[]>()(NoInput),
  getBatch: channel<BatchSummary>()(BatchIdOnly),
  retryFailedPayouts: channel<RetriedBatch>()(BatchIdOnly),
  getDashboard: channel<DashboardView>()(DashboardInput),
  openImportFile: channel<ImportView | null>()(OpenImportFileInput),
  saveImportTemplate: channel<SavedFile>()(OpenImportFileInput),
  remapImport: channel<ImportView>()(RemapImportInput),
  editImportRow: channel<ImportView>()(EditImportRowInput),
  removeImportRow: channel<ImportView>()(ImportRowInput),
  acceptImportWarning: channel<ImportView>()(AcceptImportWarningInput),
  confirmImport: channel<CommittedImport>()(ConfirmImportInput),
  discardImport: channel<{ discarded: true }>()(ImportIdInput),
  getBankList: channel<BankListView>()(ImportFileInput),
  importBankList: channel<BankListView | null>()(ImportFileInput),
  listProfiles: channel<ProfileView[]>()(NoInput),
  saveProfile: channel<ProfileView>()(SaveProfileInput),
  removeProfile: channel<{ removed: true }>()(ProfileIdInput),
  getSecretStatus: channel<SecretView>()(ProfileIdInput),
  setSecret: channel<SecretView>()(SetSecretInput),
  deleteSecret: channel<SecretView>()(ProfileIdInput),
  generateBluePayKey: channel<GeneratedKey>()(ProfileIdInput),
  getBalance: channel<BalanceResult>()(BalanceInput),
  createPayout: channel<CreatedPayout>()(CreatePayoutInput),
  refreshPayouts: channel<RefreshSummary>()(RefreshPayoutsInput),
  getConnectivity: channel<Connectivity>()(NoInput),
  startBatch: channel<BatchProgressView>()(BatchIdInput),
  pauseBatch: channel<BatchProgressView>()(BatchIdInput),
  resumeBatch: channel<BatchProgressView>()(BatchIdInput),
  cancelBatch: channel<BatchProgressView>()(BatchIdInput),
  getCallbackListener: channel<CallbackListenerView>()(NoInput),
  setCallbackListener: channel<CallbackListenerView>()(CallbackListenerInput),
  listAttention: channel<AttentionList>()(ListAttentionInput),
  resolveAttention: channel<ResolvedAttention>()(ResolveAttentionInput),
  /** Pays a payout known not to have paid (failed, rejected, marked not sent) again, as a new linked payout. */
  retryPayout: channel<CreatedPayout>()(PayoutIdInput),
  listRecipients: channel<RecipientView[]>()(ListRecipientsInput),
  getRecipient: channel<RecipientDetail>()(RecipientIdInput),
  saveRecipient: channel<RecipientView>()(SaveRecipientInput),
  archiveRecipient: channel<RecipientView>()(ArchiveRecipientInput),
  /** Who these account fields belong to, for the New payout form before it is confirmed. */
  checkRecipient: channel<RecipientMatch>()(CheckRecipientInput),
  getReleaseLimits: channel<ReleaseLimitsView>()(ProfileIdInput),
  setReleaseLimits: channel<ReleaseLimitsView>()(SetReleaseLimitsInput),
  listAwaitingRelease: channel<AwaitingRelease[]>()(NoInput),
  releasePayouts: channel<Released>()(ReleaseInput),
  cancelAwaitingRelease: channel<{ cancelled: number }>()(CancelHeldInput),
  openLogFolder: channel<{ opened: true }>()(NoInput),
  getTeamConnection: channel<TeamConnectionView>()(NoInput),
  connectTeam: channel<TeamConnectionView>()(TeamConnectionInput),
  forgetTeam: channel<TeamConnectionView>()(NoInput),
  listTeamApprovals: channel<TeamApprovals>()(NoInput),
  /** Approves exactly the payouts shown, by id, with the total shown; an owner's, never her own. */
  approveTeamPayouts: channel<{ approved: number }>()(ApproveTeamInput),
  /** Refuses exactly the payouts shown, by id, with the total shown: cancelled, never paid; an owner's. */
  refuseTeamPayouts: channel<{ refused: number }>()(RefuseTeamInput),
  listTeamProfiles: channel<TeamProfileView[]>()(NoInput),
  /** An owner adds a team profile (with its secret) or changes one; the secret stays in this keychain. */
  saveTeamProfile: channel<{ id: string }>()(SaveProfileInput),
  /** An owner sets a team profile's limits: over them, a payout waits for an owner's approval. */
  setTeamLimits: channel<{ id: string }>()(SetTeamLimitsInput),
  /** A team profile's gateway secret into this desk's keychain; never to the team ledger. */
  setTeamSecret: channel<TeamSecretKept>()(TeamSecretInput),
  /** Sends what is ready for the team profiles whose secret this desk holds, after asking about doubts. */
  sendTeamPayouts: channel<TeamSent>()(NoInput),
  /** The team's history: from the server, or this desk's read-only copy when it cannot be reached. */
  listTeamHistory: channel<TeamHistoryPage>()(TeamHistoryInput),
  /** A team payout's story, each step with its person: from the server, or this desk's read-only copy. */
  getTeamStory: channel<TeamStoryView>()(TeamStoryInput),
  /** The team's book at a glance (Dashboard), over the window's local days: from the server, or the copy. */
  getTeamDashboard: channel<TeamDashboardView>()(DashboardInput),
  /** The team's payouts that wait for a person's decision (each marked book: 'team'). */
  listTeamAttention: channel<AttentionItem[]>()(NoInput),
  /** A person's decision about a team payout, written as them; ask and resend need the profile's secret here. */
  resolveTeamAttention: channel<ResolvedAttention>()(ResolveAttentionInput),
  /** Pays a team payout that did not pay again, once; asked at the gateway first, from a desk with the secret. */
  retryTeamPayout: channel<CreatedPayout>()(PayoutIdInput),
  /** Asks the gateways about the team's payouts on their way, for the profiles whose secret is here. */
  refreshTeamPayouts: channel<TeamRefreshed>()(NoInput),
  /** New payout on the team ledger, checked against the team's book; nothing is written yet. */
  reviewTeamPayout: channel<TeamPayoutReview>()(ReviewTeamPayoutInput),
  /** Writes exactly what that review showed, once the person accepted its warnings; nothing is sent here. */
  writeTeamPayout: channel<TeamPayoutWritten>()(WriteTeamPayoutInput),
  /** A paid team payout's profile, amount and fields, for Pay again to fill New payout with. */
  getTeamPayAgain: channel<TeamPayoutForm>()(PayoutIdInput),
  /** The team's batches with payouts that did not go through, newest first. */
  listTeamBatchesToRetry: channel<TeamBatchToRetry[]>()(NoInput),
  /** Pays a team batch's failed payouts again, each asked about first; names what it left. */
  retryTeamBatch: channel<TeamBatchRetried>()(RetryTeamBatchInput),
} satisfies { [C in Channel]: ChannelSpec<z.ZodType, unknown> }

export interface EventPayloads {
  payoutsChanged: { ids: string[] }
  settingsChanged: Settings
  connectivityChanged: Connectivity
  batchProgress: BatchProgressView
}
// Compile-time check that every event named in channels.ts has a payload type and vice versa.
export type CheckEvents = [EventName] extends [keyof EventPayloads]
  ? [keyof EventPayloads] extends [EventName]
    ? true
    : never
  : never
export const eventsComplete: CheckEvents = true

type Contract = typeof CONTRACT
/** What the caller passes (defaults not yet applied). */
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>
/** What the handler receives after validation. */
export type ChannelParsed<C extends Channel> = z.output<Contract[C]['input']>
export type ChannelOutput<C extends Channel> = Contract[C] extends ChannelSpec<z.ZodType, infer O> ? O : never
