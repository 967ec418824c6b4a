import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, expect } from 'vitest'
import { startSandbox, type Sandbox } from '../../electron/sandbox/server.ts'
import { senderCheckOf, senderKeyOf } from '../../electron/team/sender-key.ts'
import { addPerson, initTeamLedger } from '../../electron/team/team-admin.ts'
import type { TeamMigration } from '../../electron/team/team-schema.ts'
import { startPostgres, type PostgresServer } from './postgres-server.ts'
import { idrFields } from './sandbox-clients.ts'
import { teamSessions } from './team-sessions.ts'

/** A person's session on the test team ledger (teamSessions' `as`). */
type As<P extends string> = <T>(person: P, work: (c: pg.Client) => Promise<T>) => Promise<T>

/**
 * An owner's Vexora profile at the loopback sandbox (test money), with a per-payout limit of 1,000,000
 * and a callback address nobody listens on; its senders' check is the sandbox secret's, as the owner's
 * `team secret` sets it. At a merchant account of its own unless given one: a review reads the repeats
 * and payees of every profile at its account. Returns its id.
 */
export async function sandboxTeamProfile<P extends string>(
  as: As<P>,
  owner: P,
  sandbox: Sandbox,
  name = `Acme ${randomUUID().slice(0, 8)}`,
  merchantNo = sandbox.openVexoraMerchant(),
): Promise<string> {
  const id = randomUUID()
  const check = senderCheckOf(await senderKeyOf(sandbox.credentials.vexora.secret, id))
  await as(owner, (c) =>
    c.query(
      `INSERT INTO payout_desk.profiles (id, name, provider, environment, base_url, merchant_id, currency,
         per_payout_minor, notify_url, sender_check)
       VALUES ($1, $2, 'vexora', 'sandbox', $3, $4, 'IDR', 1000000, 'http://127.0.0.1:9/unused', $5)`,
      [id, name, sandbox.vexoraBaseUrl('id'), merchantNo, check],
    ),
  )
  return id
}

/** A payout a person writes on the team ledger as their own login (queued, or waiting over the limit). */
export async function writeTeamPayout<P extends string>(
  as: As<P>,
  person: P,
  payout: { profile: string; reference: string; amountMinor: number; fields: Record<string, string> },
): Promise<string> {
  const id = randomUUID()
  await as(person, (c) =>
    c.query(
      `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields)
       VALUES ($1, $2, $3, $4, 'IDR', $5)`,
      [id, payout.profile, payout.reference, payout.amountMinor, payout.fields],
    ),
  )
  return id
}

/**
 * Leaves a team payout as the engine does when no answer settled it (sent, no answer, the settle period
 * over): in doubt, waiting for a person, at a new version. Written by the administrator: no person may.
 */
export const leaveInDoubt = (
  admin: <T>(work: (c: pg.Client) => Promise<T>) => Promise<T>,
  reference: string,
): Promise<unknown> =>
  admin((c) =>
    c.query(
      `UPDATE payout_desk.payouts SET status = 'unknown', attention = 'in_doubt', attention_at = now(),
         version = version + 1 WHERE reference = $1`,
      [reference],
    ),
  )

/**
 * A team ledger on a fresh PostgreSQL server with Siti (an owner) and Budi (a bookkeeper), and a loopback
 * gateway sandbox beside it.
 */
export async function teamOfTwoWithSandbox(passwords: { siti: string; budi: string }) {
  const [server, sandbox] = await Promise.all([startPostgres(), startSandbox()])
  await initTeamLedger(server.adminUrl)
  await addPerson(server.adminUrl, { name: 'siti', role: 'owner', password: passwords.siti })
  await addPerson(server.adminUrl, { name: 'budi', role: 'bookkeeper', password: passwords.budi })
  return { server, sandbox }
}

/**
 * A team book of its own, in a database whose encoding is not UTF-8 (SQL_ASCII, C locale), brought to
 * the given migrations; `work` runs on the administrator's connection to it.
 */
export async function onSqlAsciiBook<T>(
  server: PostgresServer,
  database: string,
  migrations: readonly TeamMigration[] | undefined,
  work: (c: pg.Client) => Promise<T>,
): Promise<T> {
  const admin = new pg.Client({ connectionString: server.adminUrl })
  await admin.connect()
  try {
    await admin.query(
      `CREATE DATABASE ${database} ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0`,
    )
  } finally {
    await admin.end()
  }
  const url = new URL(server.adminUrl)
  url.pathname = `/${database}`
  await initTeamLedger(url.toString(), migrations)
  const book = new pg.Client({ connectionString: url.toString() })
  await book.connect()
  try {
    return await work(book)
  } finally {
    await book.end()
  }
}

/** A profile written straight into a book as `c`'s login (no gateway behind it), for the schema's tests. */
export function addBareProfile(c: pg.ClientBase): Promise<string> {
  const id = randomUUID()
  return c
    .query(
      `INSERT INTO payout_desk.profiles (id, name, provider, environment, base_url, merchant_id, currency)
       VALUES ($1, $2, 'vexora', 'sandbox', 'http://127.0.0.1:9', $3, 'IDR')`,
      [id, `P ${id.slice(0, 8)}`, `M-${id.slice(0, 8)}`],
    )
    .then(() => id)
}

/** A bare profile whose every payout over 1,000,000 waits for an owner; its id. */
export async function addLimitedProfile(c: pg.ClientBase): Promise<string> {
  const id = await addBareProfile(c)
  await c.query('UPDATE payout_desk.profiles SET per_payout_minor = 1000000 WHERE id = $1', [id])
  return id
}

/**
 * The owner points profile `id` at another merchant: one named, or the one profile `like` names now. Its
 * payouts keep the account they were written for.
 */
export const pointProfileAt = (c: pg.ClientBase, id: string, merchant: string | { like: string }) =>
  typeof merchant === 'string'
    ? c.query('UPDATE payout_desk.profiles SET merchant_id = $1 WHERE id = $2', [merchant, id])
    : c.query(
        `UPDATE payout_desk.profiles SET merchant_id = (SELECT merchant_id FROM payout_desk.profiles WHERE id = $1)
          WHERE id = $2`,
        [merchant.like, id],
      )

let written = 0
/**
 * Payouts written through write_payouts as `c`'s login, each to its name and account, with the name key
 * a desk sends (a desk's, or a forged one); references and amounts of their own.
 */
export const writePayoutSet = (
  c: pg.ClientBase,
  profile: string,
  batch: string | null,
  rows: readonly { name: string; account: string; key?: string; reference?: string; amountMinor?: number }[],
) =>
  c.query('SELECT payout_desk.write_payouts($1, $2, $3, $4::jsonb)', [
    profile,
    batch,
    'IDR',
    JSON.stringify(
      rows.map((r) => {
        const n = ++written
        return {
          id: randomUUID(),
          reference: r.reference ?? `SET-${n}`,
          amount_minor: r.amountMinor ?? 10_000 + n,
          fields: idrFields(r.account, r.name),
          name_key: r.key,
        }
      }),
    ),
  ])

/**
 * A suite's team of two (Siti the owner, Budi the bookkeeper) and loopback sandbox: started before its
 * tests, stopped after them; read once started.
 */
export function teamOfTwoSuite(passwords: { siti: string; budi: string }) {
  let started: Awaited<ReturnType<typeof teamOfTwoWithSandbox>> | undefined
  beforeAll(async () => {
    started = await teamOfTwoWithSandbox(passwords)
  }, 180_000)
  afterAll(async () => {
    await started?.sandbox.close()
    await started?.server.stop()
  })
  const running = () => started ?? expect.unreachable('the team suite has started')
  return {
    ...teamSessions(() => started?.server, passwords),
    get server(): PostgresServer {
      return running().server
    },
    get sandbox(): Sandbox {
      return running().sandbox
    },
  }
}

/** The key desks gave a name before they left anything out of it: NFKC, no spaces, lower case. */
export const keyLeavingNothingOut = (name: string) => name.normalize('NFKC').replace(/\s+/g, '').toLowerCase()

/** Each payout of a profile, oldest first: its name, the name key it keeps, and the one looked up by. */
export const payeeKeysOn = (c: pg.ClientBase, profile: string) =>
  c
    .query<{ name: string; payout: string | null; looked: string | null }>(
      `SELECT p.fields->>'customerName' AS name, p.payee_name_key AS payout, k.name_key AS looked
         FROM payout_desk.payouts p LEFT JOIN payout_desk.payout_payees k ON k.payout_id = p.id
        WHERE p.profile_id = $1 ORDER BY p.created_at`,
      [profile],
    )
    .then((r) => r.rows)

/** A Retry of `original` written by hand as `c`'s login, as psql lets a person (its fields copied); its id. */
export async function writeRetryOf(c: pg.ClientBase, original: string, reference: string): Promise<string> {
  const id = randomUUID()
  await c.query(
    `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields, retry_of)
     SELECT $1, profile_id, $3, amount_minor, currency, fields, id FROM payout_desk.payouts WHERE id = $2`,
    [id, original, reference],
  )
  return id
}

/**
 * The gateway says payout `id` paid after all (a contradiction, written by the administrator `admin`); the
 * person at `person` settles it by keeping the ledger's "failed" (decide_payout's keep-ledger).
 */
export async function keepLedgerFailed(
  admin: pg.ClientBase,
  person: pg.ClientBase,
  id: string,
): Promise<void> {
  await admin.query(
    `UPDATE payout_desk.payouts SET status = 'failed', attention = 'contradiction',
       attention_detail = '{"gatewayState": "succeeded", "ledger": {"status": "failed"}}' WHERE id = $1`,
    [id],
  )
  const { rows } = await person.query<{ version: number }>(
    'SELECT version FROM payout_desk.payouts WHERE id = $1',
    [id],
  )
  await person.query('SELECT payout_desk.decide_payout($1, $2, $3)', [
    id,
    rows[0]?.version,
    { action: 'keep-ledger', to: 'failed', note: 'the bank says nothing came' },
  ])
}
