/**
 * Channel and event names only, with no schemas, so the sandboxed preload can import this file without
 * pulling the validation library into the renderer's process.
 */
export const CHANNELS = [
  'getAppInfo',
  'getSettings',
  'setLanguage',
  'setNotifications',
  'setPollInterval',
  'listPayouts',
  'getPayout',
  'getPayoutDetail',
  'exportPayouts',
  'listBatches',
  'getBatch',
  'retryFailedPayouts',
  'getDashboard',
  'openImportFile',
  'saveImportTemplate',
  'remapImport',
  'editImportRow',
  'removeImportRow',
  'acceptImportWarning',
  'confirmImport',
  'discardImport',
  'getBankList',
  'importBankList',
  'listProfiles',
  'saveProfile',
  'removeProfile',
  'getSecretStatus',
  'setSecret',
  'deleteSecret',
  'generateBluePayKey',
  'getBalance',
  'createPayout',
  'refreshPayouts',
  'getConnectivity',
  'startBatch',
  'pauseBatch',
  'resumeBatch',
  'cancelBatch',
  'getCallbackListener',
  'setCallbackListener',
  'listAttention',
  'resolveAttention',
  'retryPayout',
  'listRecipients',
  'getRecipient',
  'saveRecipient',
  'archiveRecipient',
  'checkRecipient',
  'getReleaseLimits',
  'setReleaseLimits',
  'listAwaitingRelease',
  'releasePayouts',
  'cancelAwaitingRelease',
  'openLogFolder',
  'getTeamConnection',
  'connectTeam',
  'forgetTeam',
  'listTeamApprovals',
  'approveTeamPayouts',
  'listTeamProfiles',
  'saveTeamProfile',
  'setTeamLimits',
  'setTeamSecret',
  'sendTeamPayouts',
  'listTeamHistory',
  'getTeamStory',
  'getTeamDashboard',
  'listTeamAttention',
  'resolveTeamAttention',
  'retryTeamPayout',
  'refreshTeamPayouts',
  'reviewTeamPayout',
  'writeTeamPayout',
  'getTeamPayAgain',
  'listTeamBatchesToRetry',
  'retryTeamBatch',
] as const
export type Channel = (typeof CHANNELS)[number]

export const EVENTS = ['payoutsChanged', 'settingsChanged', 'connectivityChanged', 'batchProgress'] as const
export type EventName = (typeof EVENTS)[number]

export const ipcChannel = (channel: Channel): string => `payout-desk:${channel}`
export const ipcEvent = (event: EventName): string => `payout-desk:event:${event}`

/** `payoutsChanged` is subscribed to as `window.api.onPayoutsChanged(listener)`. */
export type EventListenerKey<E extends EventName> = `on${Capitalize<E>}`
export const eventListenerKey = <E extends EventName>(event: E): EventListenerKey<E> =>
  `on${event[0]?.toUpperCase() ?? ''}${event.slice(1)}` as EventListenerKey<E>
