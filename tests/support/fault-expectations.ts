import type { FaultMode } from '../../electron/sandbox/faults.ts'

/**
 * Whether the sandbox creates the payout before misbehaving, per fault mode (see faults.ts): what the
 * gateway really holds after each fault, which the tests compare the client's and the ledger's view with.
 */
export const FAULT_REACHES_GATEWAY: Readonly<Record<FaultMode, boolean>> = {
  'drop-before': false,
  'drop-after': true,
  slow: true,
  'http-502': false,
  'system-error': true,
  malformed: true,
}
