// Team migration 13 (electron/team/team-payee-invisible-schema.ts) seen from a desk of the version before
// (review 63, F4): its nameKey keeps the characters that show as nothing, and it looks payees up by those
// keys at the same book until it is updated. The book keys no such name, so it reads those payouts whole
// and still asks about a new account, for payouts written before the upgrade and after it, by either desk.
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

/** The version before's key: NFKC, no spaces, lower case; the invisible characters kept. */
const keyBefore = (name: string) => name.normalize('NFKC').replace(/\s+/g, '').toLowerCase()

vi.mock('../../shared/domain/payee-account.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../shared/domain/payee-account.ts')>()
  const payeeNameKeyOf = (
    shape: { nameFields: readonly string[]; accountField: string },
    fields: Readonly<Record<string, string>>,
    accountNo: string = fields[shape.accountField] ?? '',
  ) => keyBefore(shape.nameFields.map((f) => fields[f]).find((v) => v !== undefined && v !== '') ?? accountNo)
  return {
    ...real,
    nameKey: keyBefore,
    payeeNameKeyOf,
    payeeKeysOf: (
      shape: Parameters<typeof real.payeeKeysOf>[0],
      fields: Readonly<Record<string, string>>,
    ) => ({
      name: payeeNameKeyOf(shape, fields),
      account: real.accountKeyIn(shape, fields),
    }),
  }
})

const { teamPayeeMatch } = await import('../../electron/actions/team-import.ts')
const { addPerson, initTeamLedger } = await import('../../electron/team/team-admin.ts')
const { teamProfileRules } = await import('../../electron/team/team-review-reads.ts')
const { TEAM_MIGRATIONS } = await import('../../electron/team/team-schema.ts')
const { idrFields } = await import('../support/sandbox-clients.ts')
const { startPostgres } = await import('../support/postgres-server.ts')
const { addBareProfile, writePayoutSet } = await import('../support/team-fixtures.ts')
const { teamSessions } = await import('../support/team-sessions.ts')

let server: Awaited<ReturnType<typeof startPostgres>> | undefined
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
const { as, admin } = teamSessions(() => server, PASSWORD)
/** A name whose zero-width non-joiner is part of its spelling, in every file that names him. */
const MAHDI = 'Mahdi\u200cZadeh Rahimi'
let profile = ''

/** What the old desk's payee rule says of Mahdi at a new account. */
const oldDeskAsks = async (account: string) => {
  const rules = await admin((c: pg.Client) => teamProfileRules(c, profile, 'id'))
  const match = await admin((c: pg.Client) => teamPayeeMatch(c, rules, [idrFields(account, MAHDI)]))
  return match(idrFields(account, MAHDI)).kind
}

beforeAll(async () => {
  server = await startPostgres()
  await initTeamLedger(server.adminUrl, TEAM_MIGRATIONS.slice(0, 12))
  await addPerson(server.adminUrl, { name: 'siti', role: 'owner', password: PASSWORD.siti })
  await addPerson(server.adminUrl, { name: 'budi', role: 'bookkeeper', password: PASSWORD.budi })
  profile = await as('siti', addBareProfile)
  await as('budi', (c: pg.Client) =>
    writePayoutSet(c, profile, null, [{ name: MAHDI, account: '0071', key: keyBefore(MAHDI) }]),
  )
  await initTeamLedger(server.adminUrl)
}, 180_000)
afterAll(async () => {
  await server?.stop()
})

describe('team migration 13, from a desk of the version before', { timeout: 60_000 }, () => {
  it('still asks about a new account for a payee written before the upgrade', async () => {
    expect(await oldDeskAsks('0099')).toBe('changed')
  })

  it('still asks for payees written after it, by a desk of this version or of the one before', async () => {
    await as('budi', (c: pg.Client) =>
      writePayoutSet(c, profile, null, [
        // This version's key, then the old one's, for the same name at new accounts.
        { name: MAHDI, account: '0072', key: 'mahdizadehrahimi' },
        { name: MAHDI, account: '0073', key: keyBefore(MAHDI) },
      ]),
    )
    expect(await oldDeskAsks('0098')).toBe('changed')
  })
})
