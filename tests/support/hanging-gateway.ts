import { createServer, type Socket } from 'node:net'
import { join } from 'node:path'
import { openLedger } from '../../electron/ledger/open-ledger.ts'
import { insertPayout, type NewPayout } from '../../electron/ledger/payouts-repo.ts'
import { listProfiles, type ProfileRecord } from '../../electron/ledger/profiles-repo.ts'
import { addVexoraProfile } from './run-cli.ts'

/**
 * A gateway that takes connections and never answers (a bad Wi-Fi, a firewall that drops packets):
 * `held` are the connections it holds, one per request that left.
 */
export async function hangingGateway() {
  const held: Socket[] = []
  const server = createServer((socket) => held.push(socket))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    held,
    /** Drops every connection held so far: the requests on them fail at once. */
    drop: () => held.forEach((socket) => socket.destroy()),
    async close() {
      held.forEach((socket) => socket.destroy())
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

/**
 * A ledger in `dataDir` whose profile "Hanging" pays at a hanging gateway, its secret in the keychain
 * (so a request really could leave), with `payouts(profile)` already written.
 */
export async function ledgerAtHangingGateway(
  dataDir: string,
  payouts: (profile: ProfileRecord) => NewPayout[],
) {
  const hang = await hangingGateway()
  await addVexoraProfile(dataDir, 'Hanging', `${hang.url}/vexora/id`)
  const db = openLedger(join(dataDir, 'ledger.sqlite3'))
  try {
    const profile = listProfiles(db).find((p) => p.name === 'Hanging')
    if (!profile) throw new Error('no profile')
    for (const payout of payouts(profile)) insertPayout(db, payout)
  } finally {
    db.close()
  }
  return hang
}
