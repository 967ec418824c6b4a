import type { PayoutDeskApi } from '../../shared/ipc/api.ts'

declare global {
  interface Window {
    /** Provided by the preload (or, in the e2e harness, bound to the same handler table). */
    readonly api: PayoutDeskApi
  }
}
