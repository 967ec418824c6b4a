// A file prepared on the team ledger (actions/team-import.ts): the same review as on a desk's own
// ledger, against the team's book, on a real PostgreSQL server. Actions covered: reviewTeamFile,
// commitTeamFile (and approveShownForTeam for a batch over the limit).
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { commitTeamFile, reviewTeamFile } from '../../electron/actions/team-import.ts'
import type { ImportAcceptances } from '../../electron/import/commit-import.ts'
import { readSheet } from '../../electron/import/read-sheet.ts'
import { sha256Hex } from '../../electron/import/stage-import.ts'
import type { Sandbox } from '../../electron/sandbox/server.ts'
import { idrFields } from '../support/sandbox-clients.ts'
import type { PostgresServer } from '../support/postgres-server.ts'
import { sandboxTeamProfile, teamOfTwoWithSandbox, writeTeamPayout } from '../support/team-fixtures.ts'
import { teamSessions } from '../support/team-sessions.ts'

let server: PostgresServer | undefined
let sandbox: Sandbox
let budi: pg.Pool
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
const { as, admin } = teamSessions(() => server, PASSWORD)

beforeAll(async () => {
  ;({ server, sandbox } = await teamOfTwoWithSandbox(PASSWORD))
  budi = new pg.Pool({ connectionString: server.urlFor('budi', PASSWORD.budi), max: 3 })
  budi.on('error', () => undefined)
}, 180_000)
afterAll(async () => {
  await budi.end()
  await sandbox.close()
  await server?.stop()
})

const HEADER = 'name,account number,bank code,mobile,email,amount,reference\n'
const line = (name: string, account: string, amount: string, reference = '') =>
  `${name},${account},0002,081234567890,x@example.com,${amount},${reference}\n`

/** Budi's review of a CSV file for a profile. */
async function review(profile: string, text: string, fileName = 'payroll.csv') {
  const bytes = Buffer.from(text)
  return reviewTeamFile(budi, profile, async (headerFor) => ({
    sheet: await readSheet(fileName, bytes, { headerFor }),
    source: { fileName, sha256: sha256Hex(bytes) },
  }))
}

const NONE: ImportAcceptances = { rows: new Set(), repeatFile: false }
const accepting = (...lines: number[]): ImportAcceptances => ({ rows: new Set(lines), repeatFile: false })

const profileNamed = async (limit = 1_000_000) => {
  const name = `Acme ${randomUUID().slice(0, 8)}`
  const id = await sandboxTeamProfile(as, 'siti', sandbox, name)
  if (limit !== 1_000_000)
    await as('siti', (c) =>
      c.query('UPDATE payout_desk.profiles SET per_payout_minor = $2 WHERE id = $1', [id, limit]),
    )
  return { id, name }
}

const payoutsOf = (profile: string) =>
  admin((c) =>
    c
      .query<{ reference: string; status: string; prepared_by: string; batch_id: string | null }>(
        `SELECT reference, status, prepared_by, batch_id FROM payout_desk.payouts WHERE profile_id = $1
          ORDER BY created_at`,
        [profile],
      )
      .then((r) => r.rows),
  )

describe('a file prepared on the team ledger', { timeout: 60_000 }, () => {
  it('is written as Budi’s batch, and what exceeds the limit waits for an owner', async () => {
    const { id, name } = await profileNamed()
    const r = await review(
      name,
      HEADER + line('Dewi', '0011', '250000', 'MAR-1') + line('Eko', '0012', '1500000', 'MAR-2'),
    )
    expect({ valid: r.staged.valid, invalid: r.staged.invalid, total: r.staged.totalMinor }).toEqual({
      valid: 2,
      invalid: 0,
      total: 1_750_000,
    })
    const done = await commitTeamFile(budi, r, { skipInvalid: false, accepted: NONE })
    expect(done.statuses).toEqual([
      { status: 'awaiting_approval', count: 1, totalMinor: 1_500_000 },
      { status: 'queued', count: 1, totalMinor: 250_000 },
    ])
    expect(await payoutsOf(id)).toEqual([
      { reference: 'MAR-1', status: 'queued', prepared_by: 'budi', batch_id: done.batchId },
      { reference: 'MAR-2', status: 'awaiting_approval', prepared_by: 'budi', batch_id: done.batchId },
    ])
    const created = await admin((c) =>
      c
        .query<{ person: string; detail: unknown }>(
          `SELECT e.person, e.detail FROM payout_desk.payout_events e JOIN payout_desk.payouts p ON p.id = e.payout_id
            WHERE p.reference = 'MAR-2' AND p.profile_id = $1 AND e.kind = 'created'`,
          [id],
        )
        .then((x) => x.rows),
    )
    expect(created).toEqual([
      { person: 'budi', detail: { status: 'awaiting_approval', batch: done.batchId } },
    ])
  })

  it('gives a file’s payouts ids that rise in the file’s order, across its parts and into the next file', async () => {
    const { id, name } = await profileNamed()
    const rows = (from: number) =>
      Array.from({ length: 2_500 }, (_, i) =>
        line(`Payee ${from + i}`, String(6_000_000_000 + from + i), '10000'),
      ).join('')
    for (const from of [0, 2_500]) {
      const r = await review(name, HEADER + rows(from), `part-${from}.csv`)
      await commitTeamFile(budi, r, { skipInvalid: false, accepted: NONE })
    }
    // In PostgreSQL's own uuid order: each payout's id above the one written before it.
    const { rows: order } = await admin((c) =>
      c.query<{ n: number; rising: number; v7: number }>(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE id > before)::int AS rising,
                count(*) FILTER (WHERE substr(id::text, 15, 1) = '7')::int AS v7
           FROM (SELECT id, lag(id) OVER (ORDER BY created_at) AS before
                   FROM payout_desk.payouts WHERE profile_id = $1) w`,
        [id],
      ),
    )
    expect(order).toEqual([{ n: 5_000, rising: 4_999, v7: 5_000 }])
  })

  it('refuses rows with errors and writes nothing, unless told to leave them out', async () => {
    const { id, name } = await profileNamed()
    const r = await review(name, HEADER + line('Dewi', '0021', '250000') + line('Eko', '0022', '12.5x'))
    expect(r.staged.rows.map((row) => row.errors.map((e) => e.code))).toEqual([[], ['amount_invalid']])
    await expect(commitTeamFile(budi, r, { skipInvalid: false, accepted: NONE })).rejects.toMatchObject({
      text: { key: 'rowsHaveErrors' },
    })
    expect(await payoutsOf(id)).toEqual([])
    const done = await commitTeamFile(budi, r, { skipInvalid: true, accepted: NONE })
    expect(done.written).toBe(1)
    // A reference was made up for the row that had none, as on a desk's ledger.
    expect((await payoutsOf(id))[0]?.reference).toMatch(/^PD\d{14}[0-9A-F]{16}$/)
    // The same file again is a question of its own, apart from its rows' repeats.
    const again = await review(name, HEADER + line('Dewi', '0021', '250000') + line('Eko', '0022', '12.5x'))
    expect(again.staged.previousImport?.batchId).toBe(done.batchId)
    expect(again.staged.rows[0]?.warnings.map((w) => w.code)).toEqual(['sent_recently'])
    await expect(
      commitTeamFile(budi, again, { skipInvalid: true, accepted: accepting(2) }),
    ).rejects.toMatchObject({
      text: { key: 'repeatFileNotAccepted' },
    })
    const twice = await commitTeamFile(budi, again, {
      skipInvalid: true,
      accepted: { rows: new Set([2]), repeatFile: true },
    })
    expect(twice.written).toBe(1)
    expect(await payoutsOf(id)).toHaveLength(2)
  })

  it('asks about the same file again, a repeat of the last 30 days, a reference taken and a changed account', async () => {
    const { id, name } = await profileNamed()
    await writeTeamPayout(as, 'siti', {
      profile: id,
      reference: 'FEB-1',
      amountMinor: 300_000,
      fields: idrFields('0031', 'Dewi'),
    })
    await writeTeamPayout(as, 'siti', {
      profile: id,
      reference: 'FEB-2',
      amountMinor: 100_000,
      fields: idrFields('0032', 'Eko'),
    })
    const text =
      HEADER +
      line('Dewi', '0031', '300000', 'MAY-1') + // the same as FEB-1: a repeat
      line('Eko', '0099', '200000', 'MAY-2') + // Eko was paid at 0032: a changed account
      line('Fajar', '0033', '50000', 'FEB-2') // a reference taken
    const r = await review(name, text)
    const rows = r.staged.rows.map((row) => ({
      errors: row.errors.map((e) => e.code),
      warnings: row.warnings.map((w) => w.code),
    }))
    expect(rows).toEqual([
      { errors: [], warnings: ['sent_recently'] },
      { errors: [], warnings: ['account_changed'] },
      { errors: ['reference_used'], warnings: [] },
    ])
    expect(r.staged.rows[1]?.recipient).toMatchObject({
      kind: 'changed',
      oldAccount: { bankAccountNo: '0032' },
    })
    await expect(
      commitTeamFile(budi, r, { skipInvalid: true, accepted: accepting(2) }),
    ).rejects.toMatchObject({
      text: { key: 'warningsNotAccepted' },
    })
    const done = await commitTeamFile(budi, r, { skipInvalid: true, accepted: accepting(2, 3) })
    expect(done.written).toBe(2)
    // The same file again: every reference it names is taken now.
    const again = await review(name, text)
    expect(again.staged.previousImport?.batchId).toBe(done.batchId)
    expect(again.staged.rows.map((row) => row.errors.map((e) => e.code))).toEqual([
      ['reference_used'],
      ['reference_used'],
      ['reference_used'],
    ])
  })

  it('reads of the last 30 days only what the file pays, and warns of a repeat where the desk’s review does', async () => {
    const { id, name } = await profileNamed()
    const month = Array.from({ length: 300 }, (_, i) => line(`Payee ${i}`, String(5_000 + i), '10000')).join(
      '',
    )
    await commitTeamFile(budi, await review(name, HEADER + month, 'month.csv'), {
      skipInvalid: false,
      accepted: NONE,
    })
    // What the server returned for each read of the last 30 days, at a desk's review and its write.
    const returned: number[] = []
    const watched = new WeakSet<object>()
    const watch = (client: pg.PoolClient) => {
      if (watched.has(client)) return
      watched.add(client)
      type Done = (error: unknown, result?: { rowCount: number | null }) => void
      const query = client.query.bind(client) as (...args: unknown[]) => unknown
      Object.assign(client, {
        query: (...args: unknown[]) => {
          const text = typeof args[0] === 'string' ? args[0] : ''
          const done = args.at(-1)
          // The pool's own query answers by callback; a client's, by promise.
          if (!text.includes('max(p.created_at)')) return query(...args)
          if (typeof done === 'function')
            return query(...args.slice(0, -1), ((error, result) => {
              if (!error) returned.push(result?.rowCount ?? 0)
              ;(done as Done)(error, result)
            }) satisfies Done)
          const result = query(...args) as Promise<{ rowCount: number | null }>
          void result.then((r) => returned.push(r.rowCount ?? 0))
          return result
        },
      })
    }
    budi.on('acquire', watch)
    try {
      const r = await review(
        name,
        HEADER +
          line('Payee 5', '5005', '10000') + // paid this month
          line('Payee 5', '5005', '10000') + // and again in the file
          line('Payee 6', '5006', '20000'), // another amount: no repeat
        'again.csv',
      )
      expect(r.staged.rows.map((row) => row.warnings.map((w) => w.code))).toEqual([
        ['sent_recently'],
        ['same_in_file', 'sent_recently'],
        [],
      ])
      // One account and amount the month paid, of the 300 it paid.
      expect(returned).toEqual([1])
      const done = await commitTeamFile(budi, r, { skipInvalid: false, accepted: accepting(2, 3) })
      expect(done.written).toBe(3)
      expect(returned).toEqual([1, 1])
    } finally {
      budi.off('acquire', watch)
    }
    expect(await payoutsOf(id)).toHaveLength(303)
  })

  it('judges each payee as the whole book would: by name, by account, by a payee’s newest account, and payouts without keys (team migration 10)', async () => {
    const { id, name } = await profileNamed()
    /** Reviews and writes a file, accepting what it warns about. */
    const write = async (text: string) => {
      const r = await review(name, text, `${randomUUID()}.csv`)
      const warned = r.staged.rows.filter((row) => row.warnings.length > 0).map((row) => row.line)
      await commitTeamFile(budi, r, { skipInvalid: false, accepted: accepting(...warned) })
    }
    // Written by hand (no keys): Gita at 0606 and Hadi at 0608.
    await writeTeamPayout(as, 'budi', {
      profile: id,
      reference: 'H-1',
      amountMinor: 151_001,
      fields: idrFields('0606', 'Gita'),
    })
    await writeTeamPayout(as, 'budi', {
      profile: id,
      reference: 'H-2',
      amountMinor: 151_002,
      fields: idrFields('0608', 'Hadi'),
    })
    // Written as a desk writes (with keys) but naming nobody: the book calls it by its account number.
    await budi.query('SELECT payout_desk.write_payouts($1, NULL, $2, $3::jsonb)', [
      id,
      'IDR',
      JSON.stringify([
        {
          id: randomUUID(),
          reference: 'N-1',
          amount_minor: 151_009,
          fields: { ...idrFields('0610', ''), customerName: '' },
        },
      ]),
    ])
    // Then by files (with keys): Budi and Citra move on to new accounts, Hadi too.
    await write(
      HEADER +
        line('Budi', '0601', '151003') +
        line('Citra', '0603', '151004') +
        line('Eka', '0605', '151005'),
    )
    await write(
      HEADER +
        line('Budi', '0602', '151006') +
        line('Citra', '0604', '151007') +
        line('Hadi', '0609', '151008'),
    )
    const r = await review(
      name,
      HEADER +
        line('Budi', '0601', '152001') + // back at the account he left: changed
        line('Dani', '0603', '152002') + // at Citra's old account, which is nobody's now: new
        line('Fitri', '0605', '152003') + // at Eka's account, under another name: known (as Eka)
        line('Gita', '0607', '152004') + // paid by hand at 0606: changed
        line('Indra', '0608', '152005') + // at Hadi's old account (by hand), Hadi now at 0609: new
        line('Hadi', '0609', '152006') + // where he was last paid: known
        line('0610', '0611', '152007'), // named as the payout that named nobody, at another account: changed
    )
    expect(
      r.staged.rows.map((row) => [
        row.recipient.kind,
        row.recipient.name,
        row.recipient.oldAccount?.bankAccountNo ?? null,
        row.warnings.map((w) => w.code),
      ]),
    ).toEqual([
      ['changed', 'Budi', '0602', ['account_changed']],
      ['new', null, null, []],
      ['known', 'Eka', null, []],
      ['changed', 'Gita', '0606', ['account_changed']],
      ['new', null, null, []],
      ['known', 'Hadi', null, []],
      ['changed', '0610', '0610', ['account_changed']],
    ])
  })

  it('refuses, writing nothing, what another desk wrote between the review and the commit', async () => {
    const { id, name } = await profileNamed()
    const r = await review(
      name,
      HEADER + line('Dewi', '0041', '300000', 'APR-1') + line('Eko', '0042', '70000', 'APR-2'),
    )
    expect(r.staged.rows.flatMap((row) => row.warnings)).toEqual([])
    // Siti, at her desk, pays Eko the same amount meanwhile.
    await writeTeamPayout(as, 'siti', {
      profile: id,
      reference: 'SITI-1',
      amountMinor: 70_000,
      fields: idrFields('0042', 'Eko'),
    })
    await expect(commitTeamFile(budi, r, { skipInvalid: false, accepted: NONE })).rejects.toMatchObject({
      text: { key: 'repeatWrittenMeanwhile', params: { account: '0042' } },
    })
    // And a reference taken meanwhile refuses the whole batch.
    const r2 = await review(name, HEADER + line('Fajar', '0043', '80000', 'APR-3'))
    await writeTeamPayout(as, 'siti', {
      profile: id,
      reference: 'APR-3',
      amountMinor: 10_000,
      fields: idrFields('0044', 'Gita'),
    })
    await expect(commitTeamFile(budi, r2, { skipInvalid: false, accepted: NONE })).rejects.toMatchObject({
      text: { key: 'referenceTaken', params: { reference: 'APR-3' } },
    })
    // Budi's account moved meanwhile: the row that paid him as known is now a change nobody saw.
    const r3 = await review(name, HEADER + line('Hadi', '0045', '90000', 'APR-4'))
    await writeTeamPayout(as, 'siti', {
      profile: id,
      reference: 'SITI-2',
      amountMinor: 10_000,
      fields: idrFields('0046', 'Hadi'),
    })
    await expect(commitTeamFile(budi, r3, { skipInvalid: false, accepted: NONE })).rejects.toMatchObject({
      text: { key: 'accountChanged' },
    })
    expect((await payoutsOf(id)).map((p) => p.reference)).toEqual(['SITI-1', 'APR-3', 'SITI-2'])
  })

  it('counts the last 30 days by the server’s clock: a desk whose clock runs 40 days fast still sees the repeat', async () => {
    const { id, name } = await profileNamed()
    await writeTeamPayout(as, 'siti', {
      profile: id,
      reference: 'CLOCK-1',
      amountMinor: 300_000,
      fields: idrFields('0051', 'Dewi'),
    })
    const realNow = Date.now()
    const fast = vi.spyOn(Date, 'now').mockReturnValue(realNow + 40 * 24 * 3_600_000)
    try {
      const r = await review(name, HEADER + line('Dewi', '0051', '300000', 'CLOCK-2'))
      expect(r.staged.rows[0]?.warnings.map((w) => w.code)).toEqual(['sent_recently'])
    } finally {
      fast.mockRestore()
    }
  })
})
