import { create } from 'zustand'
import type { Connectivity } from '../../../shared/ipc/payouts-contract.ts'
import { unwrap } from '../api/call.ts'

export const useConnectivity = create<Connectivity>(() => ({ online: true, message: null }))

/** Follows main's status checks: when the gateway cannot be reached the window says so. */
export function followConnectivity(): () => void {
  void unwrap(window.api.getConnectivity()).then(
    (status) => useConnectivity.setState(status),
    () => undefined,
  )
  return window.api.onConnectivityChanged((status) => useConnectivity.setState(status))
}
