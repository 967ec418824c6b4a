// Batch import in the window onto the team ledger: the handler table the app registers (openImportFile
// with ledger 'team', acceptImportWarning, remapImport, confirmImport) on a desk connected in Settings →
// Team, against a real PostgreSQL server. Actions covered: reviewTarget/teamReviewTarget (the review
// against the team's book), confirmImport (commitTeamFile), the column mapping remembered per profile.
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHandlers } from '../../electron/ipc/handlers.ts'
import { readImportMapping } from '../../electron/ledger/settings-repo.ts'
import type { Sandbox } from '../../electron/sandbox/server.ts'
import { createServices } from '../../electron/services/create-services.ts'
import type { ImportView } from '../../shared/ipc/import-contract.ts'
import { ipcCaller } from '../support/ipc-call.ts'
import type { PostgresServer } from '../support/postgres-server.ts'
import { idrFields } from '../support/sandbox-clients.ts'
import { scriptedFiles } from '../support/scripted-files.ts'
import { sandboxTeamProfile, teamOfTwoWithSandbox, writeTeamPayout } from '../support/team-fixtures.ts'
import { teamSessions } from '../support/team-sessions.ts'
import { makeTempDir } from '../support/temp-dir.ts'

let server: PostgresServer | undefined
let sandbox: Sandbox
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
const { as, admin } = teamSessions(() => server, PASSWORD)

beforeAll(async () => {
  ;({ server, sandbox } = await teamOfTwoWithSandbox(PASSWORD))
}, 180_000)
afterAll(async () => {
  await sandbox.close()
  await server?.stop()
})

const HEADER = 'name,account number,bank code,mobile,email,amount,reference\n'
const line = (name: string, account: string, amount: string, reference: string) =>
  `${name},${account},0002,081234567890,x@example.com,${amount},${reference}\n`

/** A person's desk in the window (Budi's unless named), connected to the team ledger in Settings → Team. */
async function budisWindow(person: keyof typeof PASSWORD = 'budi') {
  const dir = makeTempDir('payout-desk-team-import-window-')
  const files = scriptedFiles(dir.dir)
  const services = await createServices({ appVersion: 't', poll: false, dataDir: dir.dir, files: files.port })
  const caller = ipcCaller(() => createHandlers(services, () => undefined))
  const connectAs = (login: keyof typeof PASSWORD) => {
    const url = new URL(server?.urlFor(login, PASSWORD[login]) ?? '')
    return caller.call('connectTeam', {
      server: `${url.host}${url.pathname}`,
      login,
      password: PASSWORD[login],
    })
  }
  await connectAs(person)
  return {
    connectAs,
    ...caller,
    services,
    /** Batch import: the team ledger, the profile, then the file from the open dialog. */
    open: async (profileId: string, text: string) => {
      files.next = { name: 'payroll.csv', bytes: Buffer.from(text) }
      return (await caller.call('openImportFile', { profileId, ledger: 'team' })) as ImportView
    },
    async close() {
      await caller.call('forgetTeam')
      await services.close()
      dir.cleanup()
    },
  }
}

const profileWithLimit = async (limitMinor: number) => {
  const id = await sandboxTeamProfile(as, 'siti', sandbox)
  await as('siti', (c) =>
    c.query('UPDATE payout_desk.profiles SET per_payout_minor = $2 WHERE id = $1', [id, limitMinor]),
  )
  return id
}

const payoutsOf = (profile: string) =>
  admin((c) =>
    c
      .query<{ reference: string; status: string; prepared_by: string }>(
        `SELECT reference, status, prepared_by FROM payout_desk.payouts WHERE profile_id = $1 ORDER BY reference`,
        [profile],
      )
      .then((r) => r.rows),
  )

describe('Batch import onto the team ledger, in the window', { timeout: 90_000 }, () => {
  it('checks the file against the team’s book, writes it as Budi’s, and what is over the limit waits', async () => {
    const id = await profileWithLimit(1_000_000)
    // Siti paid Dewi this amount last week, at her own desk: Budi's desk has never seen it.
    await writeTeamPayout(as, 'siti', {
      profile: id,
      reference: 'FEB-1',
      amountMinor: 300_000,
      fields: idrFields('0031', 'Dewi'),
    })
    const w = await budisWindow()
    try {
      const view = await w.open(
        id,
        HEADER + line('Dewi', '0031', '300000', 'W-1') + line('Eko', '0032', '1500000', 'W-2'),
      )
      expect(view.ledger).toBe('team')
      expect(view.rows.map((r) => r.warnings.map((x) => x.code))).toEqual([['sent_recently'], []])
      // Confirmed without looking at the repeat: refused, nothing written.
      const refused = await w.raw('confirmImport', { importId: view.importId, revision: view.revision })
      expect(refused.ok).toBe(false)
      expect(await payoutsOf(id)).toHaveLength(1)
      const ticked = await w.call('acceptImportWarning', {
        importId: view.importId,
        line: 2,
        accepted: true,
        revision: view.revision,
      })
      const written = await w.call('confirmImport', { importId: view.importId, revision: ticked.revision })
      expect(written.team?.statuses).toEqual([
        { status: 'awaiting_approval', count: 1, totalMinor: 1_500_000 },
        { status: 'queued', count: 1, totalMinor: 300_000 },
      ])
      expect(await payoutsOf(id)).toEqual([
        { reference: 'FEB-1', status: 'queued', prepared_by: 'siti' },
        { reference: 'W-1', status: 'queued', prepared_by: 'budi' },
        { reference: 'W-2', status: 'awaiting_approval', prepared_by: 'budi' },
      ])
      // Nothing went to the gateway from here: a desk holding the secret sends what is ready.
      expect(sandbox.book.createAttempts('vexora', 'id', 'W-1')).toBe(0)
      // The columns are remembered for the team's profile on this desk, apart from its own profiles'.
      expect(readImportMapping(w.services.ledger, `team:${id}`)).toMatchObject({ amount: 'amount' })
      expect(readImportMapping(w.services.ledger, id)).toEqual({})
    } finally {
      await w.close()
    }
  })

  it('refuses what Siti wrote between the review and the confirm, and the review asks again', async () => {
    const id = await profileWithLimit(1_000_000)
    const w = await budisWindow()
    try {
      const view = await w.open(
        id,
        HEADER + line('Dewi', '0041', '300000', 'M-1') + line('Eko', '0042', '70000', 'M-2'),
      )
      expect(view.rows.flatMap((r) => r.warnings)).toEqual([])
      await writeTeamPayout(as, 'siti', {
        profile: id,
        reference: 'SITI-1',
        amountMinor: 70_000,
        fields: idrFields('0042', 'Eko'),
      })
      const refused = await w.raw('confirmImport', { importId: view.importId, revision: view.revision })
      expect(refused).toMatchObject({ ok: false })
      if (!refused.ok) expect(refused.message).toMatch(/0042/)
      // The review was checked again: Eko's row is a repeat to accept now, and nothing of Budi's is written.
      const again = await w.call('remapImport', { importId: view.importId, mapping: {} })
      expect(again.rows.map((r) => r.warnings.map((x) => x.code))).toEqual([[], ['sent_recently']])
      expect((await payoutsOf(id)).map((p) => p.reference)).toEqual(['SITI-1'])
    } finally {
      await w.close()
    }
  })

  it('writes nothing once this desk forgot its login, and refuses a profile the team does not have', async () => {
    const id = await profileWithLimit(1_000_000)
    const w = await budisWindow()
    try {
      const view = await w.open(id, HEADER + line('Dewi', '0051', '300000', 'F-1'))
      await w.call('forgetTeam')
      const refused = await w.raw('confirmImport', { importId: view.importId, revision: view.revision })
      expect(refused).toMatchObject({ ok: false, key: 'teamNotConnected' })
      expect(await payoutsOf(id)).toEqual([])
    } finally {
      await w.close()
    }
    const w2 = await budisWindow()
    try {
      const unknown = await w2.raw('openImportFile', { profileId: crypto.randomUUID(), ledger: 'team' })
      expect(unknown).toMatchObject({ ok: false, key: 'teamProfileUnknown' })
    } finally {
      await w2.close()
    }
  })

  it('refuses a confirm once an owner moved the profile to real money; the review then shows it', async () => {
    const id = await profileWithLimit(1_000_000)
    const w = await budisWindow()
    try {
      const view = await w.open(id, HEADER + line('Dewi', '0061', '300000', 'P-1'))
      expect(view.environment).toBe('sandbox')
      await as('siti', (c) =>
        c.query(
          "UPDATE payout_desk.profiles SET environment = 'production', merchant_id = 'PROD-1' WHERE id = $1",
          [id],
        ),
      )
      const refused = await w.raw('confirmImport', { importId: view.importId, revision: view.revision })
      expect(refused).toMatchObject({ ok: false, key: 'teamProfileChangedMeanwhile' })
      expect(await payoutsOf(id)).toEqual([])
      // Checked again, the review shows the profile as it is now: its confirmation says real money.
      const again = await w.call('remapImport', { importId: view.importId, mapping: {} })
      expect(again.environment).toBe('production')
    } finally {
      await w.close()
    }
  })

  it('writes nothing after the desk reconnected as another person, or with another review of the same file ticked', async () => {
    const id = await profileWithLimit(1_000_000)
    const w = await budisWindow()
    try {
      const view = await w.open(id, HEADER + line('Dewi', '0071', '300000', 'C-1'))
      // Nothing was imported before: there is no repeat to accept.
      expect(
        (
          await w.raw('acceptImportWarning', {
            importId: view.importId,
            line: 'file',
            accepted: true,
            revision: view.revision,
          })
        ).ok,
      ).toBe(false)
      await w.connectAs('siti')
      const refused = await w.raw('confirmImport', { importId: view.importId, revision: view.revision })
      expect(refused).toMatchObject({ ok: false, key: 'teamLedgerChangedMeanwhile' })
      expect(await payoutsOf(id)).toEqual([])
    } finally {
      await w.close()
    }
    // Budi ticks "send this file again" about Siti's import; Eko's import of it lands meanwhile.
    const file = HEADER + line('Dewi', '0072', '300000', '')
    const siti = await budisWindow('siti')
    try {
      const first = await siti.open(id, file)
      await siti.call('confirmImport', { importId: first.importId, revision: first.revision })
    } finally {
      await siti.close()
    }
    const budi = await budisWindow()
    try {
      let view = await budi.open(id, file)
      expect(view.previousImport).not.toBeNull()
      view = await budi.call('acceptImportWarning', {
        importId: view.importId,
        line: 2,
        accepted: true,
        revision: view.revision,
      })
      view = await budi.call('acceptImportWarning', {
        importId: view.importId,
        line: 'file',
        accepted: true,
        revision: view.revision,
      })
      const other = await budisWindow('siti')
      try {
        let again = await other.open(id, file)
        again = await other.call('acceptImportWarning', {
          importId: again.importId,
          line: 2,
          accepted: true,
          revision: again.revision,
        })
        again = await other.call('acceptImportWarning', {
          importId: again.importId,
          line: 'file',
          accepted: true,
          revision: again.revision,
        })
        await other.call('confirmImport', { importId: again.importId, revision: again.revision })
      } finally {
        await other.close()
      }
      // Budi corrects nothing of substance; the check finds the second import, and his tick is gone.
      view = await budi.call('remapImport', { importId: view.importId, mapping: {} })
      expect(view.repeatAccepted).toBe(false)
      expect((await budi.raw('confirmImport', { importId: view.importId, revision: view.revision })).ok).toBe(
        false,
      )
      expect(await payoutsOf(id)).toHaveLength(2)
    } finally {
      await budi.close()
    }
  })

  it('says the team ledger is busy when a profile stays locked, and lets the review go', async () => {
    const id = await profileWithLimit(1_000_000)
    const w = await budisWindow()
    const lock = new pg.Client({ connectionString: server?.adminUrl })
    await lock.connect()
    try {
      const view = await w.open(id, HEADER + line('Dewi', '0081', '300000', 'L-1'))
      await lock.query('BEGIN')
      await lock.query('SELECT 1 FROM payout_desk.profiles WHERE id = $1 FOR UPDATE', [id])
      const refused = await w.raw('confirmImport', { importId: view.importId, revision: view.revision })
      expect(refused).toMatchObject({ ok: false, key: 'teamLedgerBusy' })
      await lock.query('ROLLBACK')
      expect(await w.call('discardImport', { importId: view.importId })).toEqual({ discarded: true })
      expect(await payoutsOf(id)).toEqual([])
    } finally {
      await lock.end()
      await w.close()
    }
  })
})
