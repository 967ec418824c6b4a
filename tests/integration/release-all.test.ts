// electron/actions/release-all.ts: a group whose release went through and whose sending then failed (the
// gateway unreachable) is released, not refused: it was let go and is sent later (review finding: it was
// reported both "Released" and "Not released", and a person who believed the second could pay twice).
import { randomUUID } from 'node:crypto'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { createHandlers } from '../../electron/ipc/handlers.ts'
import type { Handlers } from '../../electron/ipc/dispatch.ts'
import { listProfiles, type ProfileRecord } from '../../electron/ledger/profiles-repo.ts'
import { createServices, type Services } from '../../electron/services/create-services.ts'
import { releaseGroups } from '../../electron/actions/release-all.ts'
import { listAwaitingRelease } from '../../electron/payouts/release-limits.ts'
import { ipcCaller } from '../support/ipc-call.ts'
import { idrFields } from '../support/sandbox-clients.ts'
import { makeTempDir } from '../support/temp-dir.ts'
import { closedPort } from '../support/closed-port.ts'

let tmp: ReturnType<typeof makeTempDir>
let services: Services
let handlers: Handlers
const { call } = ipcCaller(() => handlers)
const PASSPHRASE = 'correct horse battery staple 7Q'

beforeEach(async () => {
  tmp = makeTempDir()
  // The gateway is down: a connection is refused before a byte leaves (AppError UNREACHABLE).
  services = await createServices({
    appVersion: 't',
    dataDir: tmp.dir,
    sandbox: { url: `http://127.0.0.1:${await closedPort()}` },
    poll: false,
  })
  handlers = createHandlers(
    services,
    () => undefined,
    () => undefined,
  )
})
afterEach(async () => {
  await services.close()
  tmp.cleanup()
})

it('a released group whose sending fails is not reported as "not released"', async () => {
  const p = listProfiles(services.ledger).find((x) => x.provider === 'vexora') as ProfileRecord
  await call('setReleaseLimits', {
    profileId: p.id,
    perPayout: '100,000',
    perDay: '',
    newPassphrase: PASSPHRASE,
  })
  const held = await call('createPayout', {
    profileId: p.id,
    amount: '150000',
    fields: idrFields('0012345', 'Siti Rahma'),
    idempotencyKey: randomUUID(),
  })
  expect(held.status).toBe('draft')
  const groups = listAwaitingRelease(services.ledger)
  expect(groups).toHaveLength(1)
  const outcomes = await releaseGroups(services, groups, PASSPHRASE, () => undefined)
  const status = (await call('getPayout', { id: held.id })).status
  // The payout was let go (queued: the next start sends it, confirmedSinglesLeftQueued) ...
  expect(status).not.toBe('draft')
  // ... so its group is not also reported refused: released, then not sent, and why.
  expect(outcomes.filter((o) => 'refused' in o)).toEqual([])
  expect(outcomes.map((o) => Object.keys(o).find((k) => k !== 'group'))).toEqual(['released', 'notSent'])
  const notSent = outcomes.find((o) => 'notSent' in o)
  expect(notSent && 'notSent' in notSent && notSent.notSent.code).toBe('UNREACHABLE')
}, 60_000)
