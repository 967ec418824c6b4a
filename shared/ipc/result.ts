export const IPC_ERROR_CODES = [
  'INVALID_INPUT',
  'UNKNOWN_CHANNEL',
  'FORBIDDEN',
  'NOT_FOUND',
  'LEDGER_TOO_NEW',
  'SECRET_STORE_UNAVAILABLE',
  // The payout moved on (or someone else is busy with it) since the person looked: look again.
  'CONFLICT',
  'INTERNAL',
] as const

export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number]

export type IpcFailure = { ok: false; code: IpcErrorCode; message: string }
export type IpcResult<T> = { ok: true; value: T } | IpcFailure
