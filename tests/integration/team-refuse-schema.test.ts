// Team migration 19 (electron/team/team-refuse-schema.ts) on a real PostgreSQL server, through the
// action every door calls (actions/team-refuse.ts): an owner refuses what waits for approval, exactly as
// shown, and it is never paid; a bookkeeper refuses nothing, even at psql (review 83 N6).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitingWithNotes } from '../../electron/actions/team-approval-notes.ts'
import { approveShownForTeam } from '../../electron/actions/team-approve.ts'
import { refuseForTeam, refuseShownForTeam } from '../../electron/actions/team-refuse.ts'
import { retryForTeam } from '../../electron/actions/team-retry.ts'
import { teamRefuseCommand } from '../../electron/cli/commands/team-approve.ts'
import { createKeychainSecretStore } from '../../electron/secrets/secret-store.ts'
import { openTeamDesk } from '../../electron/services/team-desk.ts'
import { addPerson, initTeamLedger } from '../../electron/team/team-admin.ts'
import { TEAM_MIGRATIONS } from '../../electron/team/team-schema.ts'
import { startPostgres, type PostgresServer } from '../support/postgres-server.ts'
import { addLimitedProfile, writePayoutSet, writeRetryOf } from '../support/team-fixtures.ts'
import { refusal, teamSessions, APPROVE_ACKNOWLEDGING } from '../support/team-sessions.ts'

let server: PostgresServer | undefined
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw', rina: 'rina-owner-pw' }
const { as, admin, session, urlFor } = teamSessions(() => server, PASSWORD)
let profile = ''

/** `person` writes one payout over the profile's limit (it waits); returns its id. */
async function waiting(person: 'budi' | 'siti', reference: string, name: string, account: string) {
  await as(person, (c) =>
    writePayoutSet(c, profile, null, [{ name, account, reference, amountMinor: 5_000_000 }]),
  )
  return admin((c) =>
    c
      .query<{ id: string }>('SELECT id FROM payout_desk.payouts WHERE reference = $1', [reference])
      .then((r) => r.rows[0]?.id ?? ''),
  )
}

const statusOf = (id: string) =>
  admin((c) =>
    c
      .query<{ status: string }>('SELECT status FROM payout_desk.payouts WHERE id = $1', [id])
      .then((r) => r.rows[0]?.status),
  )

const eventsOf = (id: string) =>
  admin((c) =>
    c
      .query<{ kind: string; person: string; detail: unknown }>(
        'SELECT kind, person, detail FROM payout_desk.payout_events WHERE payout_id = $1 ORDER BY seq',
        [id],
      )
      .then((r) => r.rows),
  )

/** What waits as Siti's window or `team waiting` shows it, of these ids. */
const shownOf = async (ids: readonly string[]) =>
  (await waitingWithNotes(urlFor('siti'))).payouts.filter((p) => ids.includes(p.id))

beforeAll(async () => {
  server = await startPostgres()
  expect(await initTeamLedger(server.adminUrl, TEAM_MIGRATIONS.slice(0, 18))).toEqual({ from: 0, to: 18 })
  await addPerson(server.adminUrl, { name: 'siti', role: 'owner', password: PASSWORD.siti })
  await addPerson(server.adminUrl, { name: 'rina', role: 'owner', password: PASSWORD.rina })
  await addPerson(server.adminUrl, { name: 'budi', role: 'bookkeeper', password: PASSWORD.budi })
  profile = await as('siti', addLimitedProfile)
}, 180_000)
afterAll(async () => {
  await server?.stop()
})

describe('team migration 19: an owner refuses what waits for approval', { timeout: 120_000 }, () => {
  it('before it, nothing refuses a waiting payout: the book says to bring it up to date', async () => {
    const id = await waiting('budi', 'OLD-1', 'Ani Wijaya', '8001')
    await expect(refuseForTeam(urlFor('siti'), [id], 5_000_000)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('older Payout Desk') as unknown,
    })
    expect(await statusOf(id)).toBe('awaiting_approval')
    expect(await initTeamLedger(server?.adminUrl ?? '', TEAM_MIGRATIONS.slice(0, 19))).toEqual({
      from: 18,
      to: 19,
    })
    // What waited before the migration is refused after it.
    expect(await refuseShownForTeam(urlFor('siti'), await shownOf([id]))).toBe(1)
    expect(await statusOf(id)).toBe('cancelled')
  })

  it('cancels exactly what the owner was shown, records her, and it can be approved no more', async () => {
    const one = await waiting('budi', 'REF-1', 'Bayu Pratama', '8002')
    const two = await waiting('budi', 'REF-2', 'Citra Dewi', '8003')
    const shown = await shownOf([one, two])
    expect(await refuseShownForTeam(urlFor('siti'), shown)).toBe(2)
    for (const id of [one, two]) {
      expect(await statusOf(id)).toBe('cancelled')
      expect((await eventsOf(id)).at(-1)).toEqual({
        kind: 'refused',
        person: 'siti',
        detail: { from: 'awaiting_approval', to: 'cancelled' },
      })
    }
    // Rina looked at the list before Siti refused it: her approval finds nothing waiting.
    await expect(approveShownForTeam(urlFor('rina'), shown)).rejects.toMatchObject({ code: 'CONFLICT' })
    await expect(
      refusal(as('rina', (c) => c.query(APPROVE_ACKNOWLEDGING, [[one], 5_000_000]))),
    ).resolves.toBe('PD001')
    expect(await statusOf(one)).toBe('cancelled')
  })

  it('refuses nothing when what waits changed since it was shown: a total, or one approved meanwhile', async () => {
    const one = await waiting('budi', 'CHG-1', 'Dedi Kurnia', '8004')
    const two = await waiting('budi', 'CHG-2', 'Eko Saputra', '8005')
    await expect(refuseForTeam(urlFor('siti'), [one, two], 9_999_999)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('Nothing was refused') as unknown,
    })
    const shown = await shownOf([one, two])
    await approveShownForTeam(
      urlFor('rina'),
      shown.filter((p) => p.id === two),
    )
    await expect(refuseShownForTeam(urlFor('siti'), shown)).rejects.toMatchObject({ code: 'CONFLICT' })
    // All or nothing: the one still waiting waits on.
    expect(await statusOf(one)).toBe('awaiting_approval')
    expect(await statusOf(two)).toBe('queued')
  })

  it('a bookkeeper refuses nothing, at a desk or at psql; an owner refuses her own too', async () => {
    const his = await waiting('budi', 'BK-1', 'Fajar Nugroho', '8006')
    await expect(refuseForTeam(urlFor('budi'), [his], 5_000_000)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
    await expect(
      refusal(as('budi', (c) => c.query('SELECT payout_desk.refuse($1::uuid[], $2)', [[his], 5_000_000]))),
    ).resolves.toBe('42501')
    await expect(
      refusal(
        as('budi', (c) =>
          c.query("UPDATE payout_desk.payouts SET status = 'cancelled' WHERE id = $1", [his]),
        ),
      ),
    ).resolves.toBe('42501')
    expect(await statusOf(his)).toBe('awaiting_approval')
    const hers = await waiting('siti', 'OWN-1', 'Gilang Ramadhan', '8007')
    expect(await refuseForTeam(urlFor('siti'), [hers], 5_000_000)).toBe(1)
    expect(await statusOf(hers)).toBe('cancelled')
  })

  it('what an owner refused is not paid again by a Retry, at a desk or at psql', async () => {
    const id = await waiting('budi', 'NO-1', 'Joko Susilo', '8010')
    expect(await refuseForTeam(urlFor('siti'), [id], 5_000_000)).toBe(1)
    await expect(refusal(as('budi', (c) => writeRetryOf(c, id, 'NO-1-R1')))).resolves.toBe('PD018')
    const desk = await openTeamDesk({
      url: urlFor('budi'),
      secrets: createKeychainSecretStore(`Payout Desk refuse test ${id.slice(0, 8)}`),
    })
    try {
      await expect(retryForTeam(desk, id)).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        message: expect.stringContaining('siti, an owner, refused this payout') as unknown,
      })
    } finally {
      await desk.close()
    }
    expect(
      await admin((c) =>
        c.query('SELECT 1 FROM payout_desk.payouts WHERE retry_of = $1', [id]).then((r) => r.rowCount),
      ),
    ).toBe(0)
  })

  it('a Retry begun while the refusal is not yet committed waits for it, and is refused (review 85 F1)', async () => {
    const id = await waiting('budi', 'RACE-1', 'Kartika Sari', '8011')
    const siti = await session('siti')
    const budi = await session('budi')
    try {
      await siti.query('BEGIN')
      await siti.query('SELECT payout_desk.refuse($1::uuid[], $2)', [[id], 5_000_000])
      // Before it, the Retry read no refusal yet, waited on the payout's lock, then found it "cancelled".
      const retry = refusal(writeRetryOf(budi, id, 'RACE-1-R1'))
      await new Promise((r) => setTimeout(r, 500))
      await siti.query('COMMIT')
      expect(await retry).toBe('PD018')
    } finally {
      await siti.end()
      await budi.end()
    }
    expect(
      await admin((c) =>
        c.query('SELECT 1 FROM payout_desk.payouts WHERE retry_of = $1', [id]).then((r) => r.rowCount),
      ),
    ).toBe(0)
  })

  it("takes a Retry's locks in their old order: the profile's, then the payout's (review 86 F4)", async () => {
    await as('budi', (c) =>
      writePayoutSet(c, profile, null, [
        { name: 'Lina', account: '8012', reference: 'LOCK-1', amountMinor: 1000 },
      ]),
    )
    const failed = await admin((c) =>
      c
        .query<{ id: string }>(
          "UPDATE payout_desk.payouts SET status = 'failed' WHERE reference = 'LOCK-1' RETURNING id",
        )
        .then((r) => r.rows[0]?.id ?? ''),
    )
    const budi = await session('budi')
    const siti = await session('siti')
    try {
      // Budi's transaction holds the profile (it wrote a payout); Siti's Retry waits for it, holding nothing.
      await budi.query('BEGIN')
      await writePayoutSet(budi, profile, null, [
        { name: 'Mira', account: '8013', reference: 'LOCK-2', amountMinor: 1000 },
      ])
      await siti.query('BEGIN')
      const hers = refusal(writeRetryOf(siti, failed, 'LOCK-1-S'))
      await new Promise((r) => setTimeout(r, 300))
      // Taken the other way round (the payout first), his Retry and hers deadlocked: one was refused.
      expect(await refusal(writeRetryOf(budi, failed, 'LOCK-1-B'))).toBe('ok')
      await budi.query('ROLLBACK')
      expect(await hers).toBe('ok')
      await siti.query('COMMIT')
    } finally {
      await budi.query('ROLLBACK').catch(() => undefined)
      await siti.query('ROLLBACK').catch(() => undefined)
      await budi.end()
      await siti.end()
    }
  })

  it("refusing a waiting payout to a payee's other account lets the payee's honest one be approved (N6)", async () => {
    // Budi writes Hana's payout at her account, then one in her name at another account: while the
    // second waits, the book knows Hana "moved" and refuses the first.
    const honest = await waiting('budi', 'HANA-1', 'Hana Lestari', '8008')
    const decoy = await waiting('budi', 'HANA-2', 'Hana Lestari', '6666')
    await expect(approveShownForTeam(urlFor('siti'), await shownOf([honest]))).rejects.toMatchObject({
      code: 'CONFLICT',
    })
    expect(await refuseShownForTeam(urlFor('siti'), await shownOf([decoy]))).toBe(1)
    expect(await approveShownForTeam(urlFor('siti'), await shownOf([honest]))).toBe(1)
    expect(await statusOf(honest)).toBe('queued')
    expect(await statusOf(decoy)).toBe('cancelled')
  })
})

describe('`payout-desk team refuse` (cli/commands/team-approve.ts)', { timeout: 120_000 }, () => {
  /** Siti at a terminal answering `answer`; what she was told, and the exit code. */
  async function atTerminal(references: string[], answer: string, yes = false, isTty = true) {
    const out: string[] = []
    const asked: string[] = []
    const code = await teamRefuseCommand(
      references,
      { ledger: urlFor('siti'), ...(yes ? { yes } : {}) },
      {
        out: (text) => out.push(text),
        err: (text) => out.push(text),
        stdin: () => Promise.resolve(Buffer.from('')),
        isTty,
        ask: (question) => {
          asked.push(question)
          return Promise.resolve(answer)
        },
      },
    )
    return { code, said: out.join(''), asked }
  }

  it('names each payout and its total, asks, and refuses only on yes', async () => {
    const id = await waiting('budi', 'CLI-1', 'Indah Permata', '8009')
    const no = await atTerminal(['CLI-1'], 'no')
    expect(no.code).toBe(1)
    expect(no.said).toContain('To refuse: 1 payout, IDR 5,000,000 (test money)')
    expect(no.said).toContain('CLI-1: Indah Permata, 0002 8009, IDR 5,000,000')
    expect(no.said).toContain('Nothing was refused.')
    expect(no.asked).toEqual(['Refuse them? They will not be paid. Type yes to refuse: '])
    expect(await statusOf(id)).toBe('awaiting_approval')
    // Without a terminal to ask at, only --yes refuses.
    await expect(atTerminal(['CLI-1'], 'yes', false, false)).rejects.toThrow(/--yes/)
    expect(await statusOf(id)).toBe('awaiting_approval')
    const yes = await atTerminal(['CLI-1'], 'yes')
    expect(yes.code).toBe(0)
    expect(yes.said).toContain('Refused 1 payout: they will not be paid.')
    expect(await statusOf(id)).toBe('cancelled')
    // Refused, it waits no more: naming it again refuses nothing and says so.
    await expect(atTerminal(['CLI-1'], 'yes', true)).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})
