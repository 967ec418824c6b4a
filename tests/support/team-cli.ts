import { randomUUID } from 'node:crypto'
import { createKeychainSecretStore } from '../../electron/secrets/secret-store.ts'
import { runCli } from './run-cli.ts'

/**
 * People's desks at the command line of a test team ledger: each person's own login and own keychain
 * (a service name of their own, as two computers have two keychains). `forget` removes what a test kept
 * in them.
 */
export function cliDesks<P extends string>(
  people: readonly P[],
  urlFor: (person: P) => string,
  label: string,
) {
  const keychain = Object.fromEntries(
    people.map((p) => [p, `Payout Desk ${label} ${p} ${randomUUID().slice(0, 8)}`]),
  ) as Record<P, string>
  return {
    keychain,
    at: (person: P, args: string[], input?: string) =>
      runCli(args, input, {
        PAYOUT_DESK_LEDGER_URL: urlFor(person),
        PAYOUT_DESK_KEYCHAIN_SERVICE: keychain[person],
        LANG: 'C',
      }),
    forget: async (person: P, account: string) => {
      await createKeychainSecretStore(keychain[person])
        .delete(account)
        .catch(() => undefined)
    },
  }
}
