import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { chmodSync, chownSync, existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { closedPort } from './closed-port.ts'
import { makeTempDir } from './temp-dir.ts'

/**
 * A real PostgreSQL server from Debian's packages, in a throw-away cluster on a loopback port: the team
 * ledger's tests run against it, nothing mocked. PostgreSQL refuses to run as root, so as root (CI) the
 * cluster belongs to the `postgres` user the package creates.
 */
export interface PostgresServer {
  /** The superuser's URL (what `team init --ledger ADMIN_URL` is given). */
  adminUrl: string
  /** A URL for a login with a password, on the same database. */
  urlFor(user: string, password: string): string
  stop(): Promise<void>
}

const DATABASE = 'payout_desk_team'
const SUPERUSER = 'team_admin'
const SUPERUSER_PASSWORD = 'admin-password-for-tests'

/** The newest PostgreSQL's programs, or null with why (the suite then says what to install). */
export function postgresBin(): { dir: string } | { missing: string } {
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : []
  const newest = versions[0]
  return newest ? { dir: join(root, newest, 'bin') } : { missing: 'apt-get install postgresql' }
}

const asRoot = process.getuid?.() === 0
const postgresHome = () =>
  spawnSync('getent', ['passwd', 'postgres'], { encoding: 'utf8' }).stdout.split(':')[5] ||
  '/var/lib/postgresql'
/**
 * Runs a PostgreSQL program as the cluster's owner: `postgres` when the tests run as root. setpriv execs
 * the program itself (no process in between), so a signal to it reaches the server.
 */
const command = (program: string, args: string[]): [string, string[]] =>
  asRoot
    ? ['setpriv', ['--reuid=postgres', '--regid=postgres', '--clear-groups', program, ...args]]
    : [program, args]

export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBin()
  if ('missing' in bin) throw new Error(`PostgreSQL is not installed: ${bin.missing}`)
  // As root, in the postgres user's own home: a machine's /tmp may be closed to other users (mode 0700).
  const tmp = asRoot ? makeTempDir('payout-desk-pg-', postgresHome()) : makeTempDir('payout-desk-pg-')
  const data = join(tmp.dir, 'data')
  const pwfile = join(tmp.dir, 'pw')
  writeFileSync(pwfile, `${SUPERUSER_PASSWORD}\n`)
  if (asRoot) {
    const owner = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' })
    const group = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' })
    chownSync(tmp.dir, Number(owner.stdout), Number(group.stdout))
    chownSync(pwfile, Number(owner.stdout), Number(group.stdout))
  }
  chmodSync(pwfile, 0o600)
  const [initdb, initArgs] = command(join(bin.dir, 'initdb'), [
    '-D',
    data,
    '-U',
    SUPERUSER,
    '--pwfile',
    pwfile,
    '--auth=scram-sha-256',
    '--encoding=UTF8',
    '--locale=C',
    '--no-sync',
  ])
  const init = spawnSync(initdb, initArgs, { encoding: 'utf8', timeout: 120_000 })
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`)
  const port = await closedPort()
  const [postgres, args] = command(join(bin.dir, 'postgres'), [
    '-D',
    data,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    `unix_socket_directories=${tmp.dir}`,
    '-c',
    'fsync=off',
    '-c',
    'max_connections=40',
  ])
  const server: ChildProcess = spawn(postgres, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  let log = ''
  server.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')))
  const url = (user: string, password: string, database = DATABASE) =>
    `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`
  const { default: pg } = await import('pg')
  // Ready when it answers; then the team's database is made, as an office's administrator would.
  const deadline = Date.now() + 60_000
  for (;;) {
    const client = new pg.Client({ connectionString: url(SUPERUSER, SUPERUSER_PASSWORD, 'postgres') })
    try {
      await client.connect()
      await client.query(`CREATE DATABASE ${DATABASE}`)
      await client.end()
      break
    } catch (error) {
      await client.end().catch(() => undefined)
      if (Date.now() > deadline || server.exitCode !== null)
        throw new Error(`PostgreSQL did not start\n${log}`, { cause: error })
      await new Promise((r) => setTimeout(r, 200))
    }
  }
  return {
    adminUrl: url(SUPERUSER, SUPERUSER_PASSWORD),
    urlFor: (user, password) => url(user, password),
    async stop() {
      const exited = new Promise((resolve) => server.once('exit', resolve))
      // SIGINT: "fast" shutdown, sessions ended; the cluster is thrown away anyway.
      if (server.exitCode === null) server.kill('SIGINT')
      await exited
      tmp.cleanup()
    },
  }
}
