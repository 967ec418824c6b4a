import pg from 'pg'
import { AppError } from '../errors.ts'
import { BOOKKEEPER_GROUP, OWNER_GROUP, TEAM_MIGRATIONS, type TeamMigration } from './team-schema.ts'

/**
 * Setting up a team ledger on PostgreSQL, as its administrator does once (`team init`, `team add-person`)
 * and anybody may look (`team people`). The administrator's URL is the database owner's (or a
 * superuser's); the people's own logins never need more than their group gives them.
 */

export type TeamRole = 'owner' | 'bookkeeper'
const GROUP: Record<TeamRole, string> = { owner: OWNER_GROUP, bookkeeper: BOOKKEEPER_GROUP }

export interface TeamPerson {
  name: string
  role: TeamRole
  canLogIn: boolean
}

/** Why a connection to the team ledger failed, as its person can act on it. */
export function connectionRefusal(error: unknown): AppError {
  const code = (error as { code?: string }).code
  // The server answered, and refused this login or its password: a typo, not a network to check.
  if (code === '28P01') return new AppError('FORBIDDEN', { key: 'teamLoginRefused' }, { cause: error })
  // The server answered, and its rules of who may connect from where have no place for this computer.
  if (code === '28000') return new AppError('FORBIDDEN', { key: 'teamLoginNotFromHere' }, { cause: error })
  return new AppError('UNREACHABLE', { key: 'teamLedgerUnreachable' }, { cause: error })
}

export async function connected<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 })
  // The server ending the connection (a restart, an administrator, a blip of the network) fails the
  // statement in flight or the next one, and so this work; unheard, the client's error would end the
  // process.
  client.on('error', () => undefined)
  try {
    await client.connect()
  } catch (error) {
    throw connectionRefusal(error)
  }
  try {
    return await work(client)
  } catch (error) {
    // A person's login where the administrator's is needed: PostgreSQL refused, and says so.
    if ((error as { code?: string }).code === '42501')
      throw new AppError('FORBIDDEN', { key: 'teamNotAllowed' }, { cause: error })
    throw error
  } finally {
    await client.end().catch(() => undefined)
  }
}

/** The schema version the database holds: 0 for a database Payout Desk never set up. */
export async function versionOf(client: pg.Client): Promise<number> {
  const meta = await client.query<{ exists: boolean }>(
    "SELECT to_regclass('payout_desk.team_meta') IS NOT NULL AS exists",
  )
  if (!meta.rows[0]?.exists) return 0
  const row = await client.query<{ value: string }>(
    "SELECT value FROM payout_desk.team_meta WHERE key = 'schema_version'",
  )
  return Number(row.rows[0]?.value ?? 0)
}

/**
 * Creates the team ledger's schema, or brings it up to this version; running it again changes nothing.
 * A database set up by a newer Payout Desk is refused untouched: an older one would misread it.
 * Returns the versions applied.
 */
export async function initTeamLedger(
  adminUrl: string,
  migrations: readonly TeamMigration[] = TEAM_MIGRATIONS,
): Promise<{ from: number; to: number }> {
  const latest = migrations.at(-1)?.version ?? 0
  return connected(adminUrl, async (client) => {
    await client.query('BEGIN')
    try {
      // Two administrators running init at once: the second waits, then finds the work done.
      await client.query("SELECT pg_advisory_xact_lock(hashtextextended('payout_desk team init', 0))")
      await client.query('CREATE SCHEMA IF NOT EXISTS payout_desk')
      await client.query(
        'CREATE TABLE IF NOT EXISTS payout_desk.team_meta (key text PRIMARY KEY, value text NOT NULL)',
      )
      const from = await versionOf(client)
      if (from > latest)
        throw new AppError('CONFLICT', { key: 'teamLedgerNewer', params: { found: from, known: latest } })
      for (const m of migrations.filter((m) => m.version > from)) {
        await client.query(m.sql)
        await m.then?.(client)
        await client.query(
          `INSERT INTO payout_desk.team_meta (key, value) VALUES ('schema_version', $1)
             ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
          [String(m.version)],
        )
      }
      // The groups may connect to this database; people are only ever members of a group.
      const db = client.escapeIdentifier(
        (await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0]?.db ?? '',
      )
      await client.query(`REVOKE ALL ON DATABASE ${db} FROM PUBLIC`)
      await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${db} TO ${OWNER_GROUP}, ${BOOKKEEPER_GROUP}`)
      await client.query('COMMIT')
      return { from, to: Math.max(from, latest) }
    } catch (error) {
      await client.query('ROLLBACK')
      throw error
    }
  })
}

const PERSON_NAME = /^[a-z][a-z0-9_]{0,62}$/

/** Creates a person's own PostgreSQL login in the owner's or the bookkeeper's group. */
export async function addPerson(
  adminUrl: string,
  person: { name: string; role: TeamRole; password: string },
): Promise<void> {
  if (!PERSON_NAME.test(person.name))
    throw new AppError('INVALID_INPUT', { key: 'teamPersonName', params: { name: person.name } })
  if (person.password.length < 12) throw new AppError('INVALID_INPUT', { key: 'teamPasswordShort' })
  await connected(adminUrl, async (client) => {
    if ((await versionOf(client)) === 0) throw new AppError('CONFLICT', { key: 'teamLedgerNotSetUp' })
    // The row trigger stands aside for the login that set the ledger up (team migration 9): that login,
    // even dropped since, is never a person's.
    const reserved = await client.query(
      "SELECT 1 FROM payout_desk.team_meta WHERE key = 'setup_login' AND value = $1",
      [person.name],
    )
    if (reserved.rowCount)
      throw new AppError('CONFLICT', { key: 'teamPersonNameReserved', params: { name: person.name } })
    const taken = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [person.name])
    if (taken.rowCount)
      throw new AppError('CONFLICT', { key: 'teamPersonExists', params: { name: person.name } })
    // CREATE ROLE takes no parameters: the name is checked above and both are quoted by the driver.
    await client.query(
      `CREATE ROLE ${client.escapeIdentifier(person.name)} LOGIN PASSWORD ${client.escapeLiteral(person.password)}
         IN ROLE ${GROUP[person.role]}`,
    )
  })
}

/** The people of the team ledger and their roles, as PostgreSQL knows them. */
export async function teamPeople(url: string): Promise<TeamPerson[]> {
  return connected(url, async (client) => {
    const rows = await client.query<{ name: string; grp: string; login: boolean }>(
      `SELECT r.rolname AS name, g.rolname AS grp, r.rolcanlogin AS login
         FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member JOIN pg_roles g ON g.oid = m.roleid
        WHERE g.rolname IN ($1, $2) ORDER BY r.rolname`,
      [OWNER_GROUP, BOOKKEEPER_GROUP],
    )
    return rows.rows.map((r) => ({
      name: r.name,
      role: r.grp === OWNER_GROUP ? 'owner' : 'bookkeeper',
      canLogIn: r.login,
    }))
  })
}
