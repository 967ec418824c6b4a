import type { Services } from '../services/create-services.ts'

/**
 * What an action may use. Actions are the one rule book for money: every door (the window's IPC
 * handlers, the `payout-desk` commands, tests) calls the same action, and a door only parses its input,
 * calls the action and presents the result. Layers point one way: doors → actions → engine and ledger;
 * SQL lives in electron/ledger/, gateway talk in electron/payouts/ (the engine) and electron/providers/.
 */
export type ActionContext = Pick<
  Services,
  'ledger' | 'engine' | 'ready' | 'resolveClient' | 'secrets' | 'batches' | 'poller' | 'imports'
>
