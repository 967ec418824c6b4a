// Quitting the window while a team Send runs (electron/ipc/team-handlers.ts, Services.onClose), on a real
// PostgreSQL server, the loopback sandbox and the real keychain: the desk open for the Send is drained with
// the app's own engine. Actions covered: sendForTeam (the window's Send), the app's close.
import { describe, expect, it } from 'vitest'
import { ipcServicesSuite } from '../support/ipc-services.ts'
import { idrFields } from '../support/sandbox-clients.ts'
import { sandboxTeamProfile, teamOfTwoSuite, writeTeamPayout } from '../support/team-fixtures.ts'

const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
const team = teamOfTwoSuite(PASSWORD)
const { as, admin } = team

const desk = ipcServicesSuite()
const connect = () => {
  const url = new URL(team.server.urlFor('x', 'y'))
  return desk.call('connectTeam', {
    server: `${url.host}${url.pathname}`,
    login: 'budi',
    password: PASSWORD.budi,
  })
}
const statuses = () =>
  admin((c) =>
    c.query<{ reference: string; status: string }>(
      'SELECT reference, status FROM payout_desk.payouts ORDER BY reference',
    ),
  ).then((r) => r.rows)

describe('quitting the window during a team Send', { timeout: 120_000 }, () => {
  it('quitting while a Send runs: what is at the gateway finishes and is written, nothing more leaves', async () => {
    await connect()
    const { sandbox } = team
    const own = await sandboxTeamProfile(as, 'siti', sandbox, 'Toko Quit')
    const references = Array.from({ length: 12 }, (_, n) => `QUIT-${n + 1}`)
    for (const [n, reference] of references.entries())
      await writeTeamPayout(as, 'budi', {
        profile: own,
        reference,
        amountMinor: 100_000,
        fields: idrFields(`00${7_000_060 + n}`, `Person ${n}`),
      })
    await desk.call('setTeamSecret', { profileId: own, secret: sandbox.credentials.vexora.secret })
    sandbox.faults.add({ mode: 'slow', endpoint: 'create', delayMs: 800, times: 12 })
    const sending = desk.call('sendTeamPayouts').catch(() => undefined)
    while ((sandbox.faults.pending()[0]?.times ?? 0) === 12) await new Promise((r) => setTimeout(r, 20))
    await desk.services.close()
    await sending
    sandbox.faults.clear()
    const rows = (await statuses()).filter((r) => r.reference.startsWith('QUIT-'))
    const left = rows.filter((r) => r.status === 'queued').length
    // Four at a time: those at the gateway when the person quit; none left mid-send.
    expect(rows.filter((r) => r.status === 'submitting')).toEqual([])
    expect(left).toBeGreaterThanOrEqual(12 - 4)
    for (const r of rows)
      expect(sandbox.book.createAttempts('vexora', 'id', r.reference), r.reference).toBe(
        r.status === 'queued' ? 0 : 1,
      )
  })
})
