import { randomUUID } from 'node:crypto'
import { rmSync } from 'node:fs'
import type { TeamConnectionView } from '../../shared/ipc/team-contract.ts'
import { AppError } from '../errors.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import { deleteSetting, readSetting, writeSetting } from '../ledger/settings-repo.ts'
import type { SecretStore } from '../secrets/secret-store.ts'
import { connected, versionOf } from './team-admin.ts'
import { teamCopyPath } from './team-copy.ts'
import { OWNER_GROUP } from './team-schema.ts'

/**
 * This desk's connection to a team ledger, as Settings → Team keeps it: the server and the person's login
 * in the desk's settings, the password in the OS keychain beside the gateways' secrets (never in SQLite,
 * never sent back to the window).
 */
const SERVER = 'team.server'
const LOGIN = 'team.login'
/** The login's role as the server said when it connected: shown only; PostgreSQL decides each time. */
const OWNER = 'team.owner'
/**
 * The keychain account of the login's password, one per ledger: two data folders (two companies' books)
 * on one computer share the keychain, and each keeps its own login. Profile ids are UUIDs, never this.
 */
const PASSWORD_ACCOUNT = 'team.keychainAccount'
export const teamPasswordAccount = (db: Ledger): string | null => readSetting(db, PASSWORD_ACCOUNT)

export interface TeamConnectionInput {
  server: string
  login: string
  password: string
}

/** The connection's own options a server field may carry; `user` or `password` would override the login. */
const SERVER_OPTIONS = new Set(['sslmode', 'connect_timeout', 'application_name'])

/**
 * HOST[:PORT]/DATABASE, with or without `postgres://` and with the server's own options (`?sslmode=…`),
 * but without a login or password: those are asked apart, and a password typed into the server field
 * would otherwise end up in the desk's settings.
 */
export function normalizeServer(text: string): string {
  const trimmed = text.trim()
  const withScheme = /^postgres(ql)?:\/\//i.test(trimmed) ? trimmed : `postgres://${trimmed}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    throw new AppError('INVALID_INPUT', { key: 'teamServerInvalid' })
  }
  let database: string
  try {
    database = decodeURIComponent(url.pathname.replace(/^\//, ''))
  } catch {
    throw new AppError('INVALID_INPUT', { key: 'teamServerInvalid' })
  }
  const options = [...url.searchParams.keys()]
  if (
    url.username ||
    url.password ||
    !url.hostname ||
    !database ||
    database.includes('/') ||
    options.some((o) => !SERVER_OPTIONS.has(o))
  )
    throw new AppError('INVALID_INPUT', { key: 'teamServerInvalid' })
  return `${url.hostname}:${url.port || '5432'}/${encodeURIComponent(database)}${url.search}`
}

const urlOf = (server: string, login: string, password: string): string =>
  `postgres://${encodeURIComponent(login)}:${encodeURIComponent(password)}@${server}`

export function readTeamConnection(db: Ledger): { server: string; login: string } | null {
  const server = readSetting(db, SERVER)
  const login = readSetting(db, LOGIN)
  return server && login ? { server, login } : null
}

/** The team ledger's URL with the person's password from the keychain; refused when none is set up. */
export async function teamLedgerUrl(db: Ledger, secrets: SecretStore): Promise<string> {
  const connection = readTeamConnection(db)
  const account = teamPasswordAccount(db)
  if (!connection || !account || !(await secrets.status(account)).stored)
    throw new AppError('NOT_FOUND', { key: 'teamNotConnected' })
  return urlOf(connection.server, connection.login, await secrets.reveal(account))
}

/** Who the login is at the server, and whether it holds a team ledger this app can work on. */
async function whoAmI(url: string): Promise<{ owner: boolean }> {
  return connected(url, async (client) => {
    if ((await versionOf(client)) === 0) throw new AppError('NOT_FOUND', { key: 'teamLedgerNotSetUp' })
    const who = await client.query<{ owner: boolean }>(
      "SELECT pg_has_role(session_user, $1, 'MEMBER') AS owner",
      [OWNER_GROUP],
    )
    return { owner: who.rows[0]?.owner ?? false }
  })
}

/**
 * Connects this desk: the server must answer to this login and hold a team ledger before anything is
 * kept, so a mistyped password or server changes nothing.
 */
export async function connectTeam(
  db: Ledger,
  secrets: SecretStore,
  input: TeamConnectionInput,
): Promise<TeamConnectionView> {
  const server = normalizeServer(input.server)
  const login = input.login.trim()
  const { owner } = await whoAmI(urlOf(server, login, input.password))
  const account = teamPasswordAccount(db) ?? `team-ledger-login:${randomUUID()}`
  await secrets.set(account, input.password)
  db.transaction(() => {
    writeSetting(db, PASSWORD_ACCOUNT, account)
    writeSetting(db, SERVER, server)
    writeSetting(db, LOGIN, login)
    writeSetting(db, OWNER, String(owner))
  })()
  return { server, login, owner }
}

/**
 * What Settings → Team shows, from this desk alone: a screen opening never waits on the server (which may
 * hang); the role is the one the server gave when the desk connected.
 */
export function teamConnectionView(db: Ledger): TeamConnectionView {
  const connection = readTeamConnection(db)
  if (!connection) return { server: null, login: null, owner: null }
  const owner = readSetting(db, OWNER)
  return { ...connection, owner: owner === null ? null : owner === 'true' }
}

/**
 * Back to this desk's own ledger only: the login and its password are forgotten here, and so is this
 * desk's read-only copy of the team's book (the payees of every payout), which nothing reads any more.
 */
export async function forgetTeam(
  db: Ledger,
  secrets: SecretStore,
  dataDir: string,
): Promise<TeamConnectionView> {
  const account = teamPasswordAccount(db)
  if (account) await secrets.delete(account)
  const connection = readTeamConnection(db)
  if (connection) {
    const copy = teamCopyPath(dataDir, urlOf(connection.server, connection.login, ''))
    for (const file of [copy, `${copy}-wal`, `${copy}-shm`]) rmSync(file, { force: true })
  }
  db.transaction(() => {
    deleteSetting(db, PASSWORD_ACCOUNT)
    deleteSetting(db, SERVER)
    deleteSetting(db, LOGIN)
    deleteSetting(db, OWNER)
  })()
  return { server: null, login: null, owner: null }
}
