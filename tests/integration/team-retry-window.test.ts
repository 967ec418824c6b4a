// Paying again on the team ledger from the window: the handler table the app registers (Needs your
// decision → Check statuses, Mark as not sent, Pay it again) on a desk connected in Settings → Team, a real
// PostgreSQL server and the loopback sandbox (an account ending in 000 fails).
// Actions covered: refreshForTeam, decideForTeam, retryForTeam (refreshTeamPayouts, resolveTeamAttention,
// retryTeamPayout).
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Sandbox } from '../../electron/sandbox/server.ts'
import { ipcServicesSuite } from '../support/ipc-services.ts'
import type { PostgresServer } from '../support/postgres-server.ts'
import { idrFields } from '../support/sandbox-clients.ts'
import {
  leaveInDoubt,
  sandboxTeamProfile,
  teamOfTwoWithSandbox,
  writeTeamPayout,
} from '../support/team-fixtures.ts'
import { teamSessions } from '../support/team-sessions.ts'

let server: PostgresServer | undefined
let sandbox: Sandbox
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
const { as, admin } = teamSessions(() => server, PASSWORD)
let profile = ''

beforeAll(async () => {
  ;({ server, sandbox } = await teamOfTwoWithSandbox(PASSWORD))
  profile = await sandboxTeamProfile(as, 'siti', sandbox, 'Toko Again')
}, 180_000)
afterAll(async () => {
  await sandbox.close()
  await server?.stop()
})

const desk = ipcServicesSuite()
const write = (reference: string, account: string, name: string) =>
  writeTeamPayout(as, 'budi', { profile, reference, amountMinor: 75_000, fields: idrFields(account, name) })

describe('paying again on the team ledger, in the window', { timeout: 90_000 }, () => {
  it('checks statuses, pays a failed payout again once, and one marked not sent', async () => {
    const url = new URL(server?.urlFor('budi', PASSWORD.budi) ?? '')
    await desk.call('connectTeam', {
      server: `${url.host}${url.pathname}`,
      login: 'budi',
      password: PASSWORD.budi,
    })
    const failed = await write('W-1', '0012345000', 'Dewi')
    await desk.call('setTeamSecret', { profileId: profile, secret: sandbox.credentials.vexora.secret })
    await desk.call('sendTeamPayouts')
    await sleep(3_500)
    expect(await desk.call('refreshTeamPayouts')).toEqual({
      asked: 1,
      unanswered: 0,
      byStatus: { failed: 1 },
    })

    const again = await desk.call('retryTeamPayout', { id: failed })
    expect(sandbox.book.createAttempts('vexora', 'id', again.reference)).toBe(1)
    expect((await desk.refusal('retryTeamPayout', { id: failed })).key).toBe('retriedAlready')

    // A desk died before its request left: in doubt, marked not sent by Budi, then paid again.
    const lost = await write('W-2', '0012345002', 'Eko')
    await leaveInDoubt(admin, 'W-2')
    const [item] = await desk.call('listTeamAttention')
    expect(item).toMatchObject({ reference: 'W-2', book: 'team' })
    expect(
      await desk.call('resolveTeamAttention', {
        payoutId: lost,
        action: 'not-sent',
        version: item?.version ?? -1,
        note: 'not in the gateway portal',
      }),
    ).toMatchObject({ status: 'cancelled', stillNeedsAttention: false })
    const paidAgain = await desk.call('retryTeamPayout', { id: lost })
    expect(sandbox.book.createAttempts('vexora', 'id', 'W-2')).toBe(0)
    expect(sandbox.book.createAttempts('vexora', 'id', paidAgain.reference)).toBe(1)
    await desk.services.secrets.delete(profile)
  })
})
