export const IPC_ERROR_CODES = [
  'INVALID_INPUT',
  'UNKNOWN_CHANNEL',
  'FORBIDDEN',
  'NOT_FOUND',
  'LEDGER_TOO_NEW',
  'SECRET_STORE_UNAVAILABLE',
  // The payout moved on (or someone else is busy with it) since the person looked: look again.
  'CONFLICT',
  // The gateway could not be reached at all (refused, no such host): nothing was sent.
  'UNREACHABLE',
  'INTERNAL',
] as const

export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number]

/**
 * A refusal: `message` in English, and, for messages that have one, the key and parameters the window
 * words in the person's language (shared/messages/errors.ts).
 */
export type IpcFailure = {
  ok: false
  code: IpcErrorCode
  message: string
  key?: string
  params?: Readonly<Record<string, string | number>>
}
export type IpcResult<T> = { ok: true; value: T } | IpcFailure
