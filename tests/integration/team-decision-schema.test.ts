// Team migration 6 (electron/team/team-decision-schema.ts) on a real PostgreSQL server, as the people's own
// logins would call it from `psql`: a person's decision about a payout that waits for one, only at the
// version shown, only a decision's own outcome (never back on its way), with a note, written as them.
import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addPerson, initTeamLedger } from '../../electron/team/team-admin.ts'
import { TEAM_MIGRATIONS } from '../../electron/team/team-schema.ts'
import { startPostgres, type PostgresServer } from '../support/postgres-server.ts'
import { refusal, teamSessions } from '../support/team-sessions.ts'

let server: PostgresServer | undefined
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
const { as, admin } = teamSessions(() => server, PASSWORD)
let profile = ''
let older = ''

/** A payout the engine left waiting for a person (as observe_payout raises it), at its new version. */
async function waiting(
  status: string,
  attention: string,
  acknowledged = false,
  extra: { detail?: object; claimedFor?: string } = {},
): Promise<string> {
  const id = randomUUID()
  await as('budi', (c) =>
    c.query(
      `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields)
       VALUES ($1, $2, $3, 1000, 'IDR', '{}')`,
      [id, profile, `D-${id.slice(0, 8)}`],
    ),
  )
  await admin((c) =>
    c.query(
      `UPDATE payout_desk.payouts SET status = $2, attention = $3, attention_at = now(), acknowledged = $4,
         attention_detail = $5, next_check_at = now() + $6::interval, version = version + 1 WHERE id = $1`,
      [id, status, attention, acknowledged, extra.detail ?? null, extra.claimedFor ?? '0 seconds'],
    ),
  )
  return id
}

const decide = (c: pg.Client, id: string, version: number, decision: Record<string, unknown>) =>
  c.query('SELECT payout_desk.decide_payout($1, $2, $3)', [id, version, decision])

const row = (id: string) =>
  admin((c) =>
    c
      .query<{ status: string; attention: string | null; version: number; amount_ruling: string | null }>(
        'SELECT status, attention, version, amount_ruling FROM payout_desk.payouts WHERE id = $1',
        [id],
      )
      .then((r) => r.rows[0]),
  )
const decisions = (id: string) =>
  admin((c) =>
    c
      .query<{ person: string; detail: Record<string, unknown> }>(
        "SELECT person, detail FROM payout_desk.payout_events WHERE payout_id = $1 AND kind = 'decision' ORDER BY seq",
        [id],
      )
      .then((r) => r.rows),
  )

beforeAll(async () => {
  server = await startPostgres()
  expect(await initTeamLedger(server.adminUrl, TEAM_MIGRATIONS.slice(0, 5))).toEqual({ from: 0, to: 5 })
  await addPerson(server.adminUrl, { name: 'siti', role: 'owner', password: PASSWORD.siti })
  await addPerson(server.adminUrl, { name: 'budi', role: 'bookkeeper', password: PASSWORD.budi })
  profile = randomUUID()
  await as('siti', (c) =>
    c.query(
      `INSERT INTO payout_desk.profiles (id, name, provider, environment, base_url, merchant_id, currency)
       VALUES ($1, 'Acme', 'vexora', 'sandbox', 'http://127.0.0.1:9', 'M1', 'IDR')`,
      [profile],
    ),
  )
  // In doubt before the migration: nothing could settle it then.
  older = await waiting('unknown', 'in_doubt')
  expect(await initTeamLedger(server.adminUrl, TEAM_MIGRATIONS.slice(0, 6))).toEqual({ from: 5, to: 6 })
}, 180_000)
afterAll(async () => {
  await server?.stop()
})

describe('team migration 6: people decide what waits for them', { timeout: 60_000 }, () => {
  it('lets a bookkeeper settle a payout in doubt from before, with a note, written as him', async () => {
    await as('budi', (c) =>
      decide(c, older, 1, { action: 'not-sent', to: 'cancelled', note: 'Gateway portal has no such order' }),
    )
    expect(await row(older)).toEqual({
      status: 'cancelled',
      attention: null,
      version: 2,
      amount_ruling: null,
    })
    expect(await decisions(older)).toEqual([
      {
        person: 'budi',
        detail: expect.objectContaining({
          action: 'not-sent',
          note: 'Gateway portal has no such order',
          reason: 'in_doubt',
          from: 'unknown',
          to: 'cancelled',
        }) as unknown,
      },
    ])
    // Settled: a second decision finds nothing to decide.
    expect(
      await as('siti', (c) => refusal(decide(c, older, 2, { action: 'paid', to: 'succeeded', note: 'x' }))),
    ).toBe('PD011')
  })

  it('refuses a decision on what changed since it was shown, without a note, or outside a person’s moves', async () => {
    const id = await waiting('unknown', 'in_doubt')
    const budi = (version: number, decision: Record<string, unknown>) =>
      as('budi', (c) => refusal(decide(c, id, version, decision)))
    expect(await budi(0, { action: 'paid', to: 'succeeded', note: 'seen paid' })).toBe('PD010')
    expect(await budi(1, { action: 'paid', to: 'succeeded' })).toBe('23514')
    // None of them puts the payout on its way again: that would send it a second time.
    for (const to of ['queued', 'submitting', 'awaiting_approval'])
      expect(await budi(1, { action: 'paid', to, note: 'n' }), to).toBe('PD012')
    expect(await budi(1, { action: 'not-sent', to: 'queued', note: 'n' })).toBe('PD012')
    expect(await budi(1, { action: 'keep-ledger', to: 'failed', note: 'n' })).toBe('PD012')
    expect(await budi(1, { action: 'ask', to: 'cancelled' })).toBe('PD012')
    // A gateway's id goes only with "paid".
    expect(await budi(1, { action: 'not-sent', to: 'cancelled', note: 'n', gatewayId: 'G-1' })).toBe('23514')
    // Nor around the function: the row is not theirs to write.
    expect(
      await as('budi', (c) =>
        refusal(c.query("UPDATE payout_desk.payouts SET status = 'queued' WHERE id = $1", [id])),
      ),
    ).toBe('42501')
    expect(await row(id)).toMatchObject({ status: 'unknown', attention: 'in_doubt', version: 1 })
    expect(await decisions(id)).toEqual([])
  })

  it('cancels only what no gateway answer said it has, never while a desk is sending it', async () => {
    const acknowledged = await waiting('unknown', 'in_doubt', true)
    expect(
      await as('budi', (c) =>
        refusal(
          decide(c, acknowledged, 1, { action: 'not-sent', to: 'cancelled', note: 'not in the portal' }),
        ),
      ),
    ).toBe('PD012')
    // Claimed a moment ago for a re-send: its request may be at the gateway now.
    const sending = await waiting('submitting', 'in_doubt', false, { claimedFor: '1 minute' })
    expect(
      await as('budi', (c) =>
        refusal(decide(c, sending, 1, { action: 'not-sent', to: 'cancelled', note: 'not in the portal' })),
      ),
    ).toBe('PD014')
    // Asking and sending again are the desk's that holds the profile's sending, not a psql session's.
    expect(await as('budi', (c) => refusal(decide(c, acknowledged, 1, { action: 'ask' })))).toBe('PD005')
    expect(await decisions(acknowledged)).toEqual([])
  })

  it('settles a disagreement only as one side said, with the words and amount the ledger holds', async () => {
    const detail = {
      gatewayState: 'succeeded',
      gateway: { status: 'COMPLETED', amountText: '1,000' },
      ledger: null,
    }
    const id = await waiting('processing', 'amount_mismatch', true, { detail })
    const siti = (decision: Record<string, unknown>) => as('siti', (c) => refusal(decide(c, id, 1, decision)))
    expect(await siti({ action: 'paid', to: 'succeeded', note: 'n' })).toBe('PD012')
    for (const to of ['cancelled', 'failed', 'unknown', 'needs_review'])
      expect(await siti({ action: 'keep-gateway', to, note: 'n' }), to).toBe('PD012')
    await as('siti', (c) =>
      decide(c, id, 1, {
        action: 'keep-gateway',
        to: 'succeeded',
        note: 'bank statement',
        amountRuling: '99,999,999',
      }),
    )
    expect(await row(id)).toEqual({
      status: 'succeeded',
      attention: null,
      version: 2,
      amount_ruling: '1,000',
    })
    const said = await admin((c) =>
      c.query<{ last_error: string }>('SELECT last_error FROM payout_desk.payouts WHERE id = $1', [id]),
    )
    expect(JSON.parse(said.rows[0]?.last_error ?? '')).toEqual({
      key: 'noteDecided',
      params: { action: 'keep-gateway', note: 'bank statement' },
    })
  })

  it('takes a gateway’s id with "paid" only when no other payout has it', async () => {
    const first = await waiting('unknown', 'in_doubt')
    await as('budi', (c) =>
      decide(c, first, 1, { action: 'paid', to: 'succeeded', note: 'n', gatewayId: 'GW-7' }),
    )
    const second = await waiting('unknown', 'in_doubt')
    expect(
      await as('budi', (c) =>
        refusal(decide(c, second, 1, { action: 'paid', to: 'succeeded', note: 'n', gatewayId: 'GW-7' })),
      ),
    ).toBe('PD012')
  })
})
